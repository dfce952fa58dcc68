import { describeRelative, formatUtc } from '../shared/time.js'
import { cutText } from '../report/summary-html.js'
import type { SummarySection } from '../report/summary-model.js'
import type { TokenFacts } from '../fastly/token.js'
import { AUDIT_CATEGORIES, type AuditResult, type AuditScope, CATEGORY_LABEL, countTokensOf } from './classify.js'

/** Rows of the summary's token table; the runner drops a step summary over 1 MiB. */
export const MAX_SUMMARY_ROWS = 100
/** Characters of a token name in the table: 100 rows of 12 KB names would be over GitHub's limit alone. */
export const MAX_SUMMARY_NAME_CHARS = 100

/** The Kind column: an automation token with its role, which says what it may do. */
function kindCell(token: TokenFacts): string {
  if (token.kind === 'automation') return token.role !== null ? `automation (${token.role})` : 'automation'
  return token.kind === 'browser-session' ? 'browser session' : 'user'
}

/** "(4 user, 250 automation)" when the audit holds more than one kind of token. */
function kindBreakdown(result: AuditResult): string {
  const parts = Object.entries(result.countsByKind)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind === 'browser-session' ? 'browser session' : kind}`)
  return parts.length > 1 ? ` (${parts.join(', ')})` : ''
}

/** The audit's part of the job summary: counts, then the most urgent tokens. */
export function auditSections(result: AuditResult, scope: AuditScope, now: Date): SummarySection[] {
  const sections: SummarySection[] = [
    {
      kind: 'table',
      heading: `Token audit: ${countTokensOf(scope, result.entries.length)}${kindBreakdown(result)}`,
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
      columns: ['Name', 'Token ID', 'Kind', 'Owner (user ID)', 'Category', 'Flags', 'Expires', 'Last used'],
      rest: 'the audit-file output',
      rows: shown.map((entry) => [
        `${cutText(entry.token.name ?? '(no name)', MAX_SUMMARY_NAME_CHARS)}${entry.current ? " (this job's token)" : ''}`,
        entry.token.id,
        kindCell(entry.token),
        // An automation token has no user: its creator is shown instead, named as such.
        entry.token.userId ?? (entry.token.creatorId !== null ? `created by ${entry.token.creatorId}` : ''),
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
