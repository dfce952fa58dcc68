import { describeRelative, formatUtc } from '../shared/time.js'
import { cutText } from '../report/summary-html.js'
import type { SummarySection } from '../report/summary-model.js'
import { AUDIT_CATEGORIES, type AuditResult, type AuditScope } from './classify.js'

/** Rows of the summary's token table; the runner drops a step summary over 1 MiB. */
export const MAX_SUMMARY_ROWS = 100
/** Characters of a token name in the table: 100 rows of 12 KB names would be over GitHub's limit alone. */
export const MAX_SUMMARY_NAME_CHARS = 100

const CATEGORY_LABEL: Record<string, string> = {
  expired: '⛔ expired',
  'unreadable-expiry': '❓ unreadable expiry',
  expiring: '⏳ expiring',
  stale: '💤 stale',
  'no-expiry': '♾️ no expiry',
  ok: '✅ ok',
}

/** The audit's part of the job summary: counts, then the most urgent tokens. */
export function auditSections(result: AuditResult, scope: AuditScope, now: Date): SummarySection[] {
  const who = scope.mode === 'customer' ? `customer ${scope.subjectId}` : `user ${scope.subjectId}`
  const sections: SummarySection[] = [
    {
      kind: 'table',
      heading: `Token audit: ${result.entries.length} tokens of ${who}`,
      columns: ['Category', 'Tokens'],
      rows: AUDIT_CATEGORIES.map((category) => [CATEGORY_LABEL[category]!, String(result.counts[category])]),
    },
  ]
  const shown = result.entries.slice(0, MAX_SUMMARY_ROWS)
  if (shown.length > 0) {
    sections.push({
      kind: 'table',
      heading:
        result.entries.length > shown.length ? `Most urgent ${shown.length} tokens` : 'Tokens, most urgent first',
      columns: ['Name', 'Token ID', 'Owner (user ID)', 'Category', 'Flags', 'Expires', 'Last used'],
      rest: 'the audit-file output',
      rows: shown.map((entry) => [
        `${cutText(entry.token.name ?? '(no name)', MAX_SUMMARY_NAME_CHARS)}${entry.current ? " (this job's token)" : ''}`,
        entry.token.id,
        entry.token.userId ?? '',
        CATEGORY_LABEL[entry.category]!,
        entry.flags.join(', '),
        entry.token.unreadableExpiry !== null
          ? `unreadable: ${entry.token.unreadableExpiry}`
          : entry.token.expiresAt === null
            ? 'never'
            : `${formatUtc(entry.token.expiresAt)} (${describeRelative(entry.token.expiresAt, now)})`,
        entry.token.lastUsedAt === null ? 'never' : `last used ${describeRelative(entry.token.lastUsedAt, now)}`,
      ]),
    })
  }
  const notes: string[] = []
  if (result.entries.length > shown.length)
    notes.push(
      `${result.entries.length - shown.length} less urgent tokens are not shown here; the audit-file output has all ${result.entries.length}.`,
    )
  if (result.sessionTokensLeftOut > 0) {
    notes.push(
      `${result.sessionTokensLeftOut} browser-session token${result.sessionTokensLeftOut === 1 ? ' was' : 's were'} left out (set include-session-tokens: true to audit them).`,
    )
  }
  for (const text of notes) sections.push({ kind: 'note', text })
  return sections
}
