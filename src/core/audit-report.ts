import { AUDIT_CATEGORIES, AUDIT_FLAGS, type AuditEntry, type AuditMode, type AuditResult } from './audit.js'
import { describeRelative, formatDuration } from './duration.js'
import type { SummarySection } from './summary.js'
import { formatTimestamp, formatUtc } from './token.js'

/**
 * Outputs must stay small: a value passed to a later step's `with:` becomes an
 * environment variable, which Linux refuses over 128 KiB, and all outputs of a
 * job share 1 MB. Longer lists are cut (most urgent first kept) and the audit
 * file holds everything.
 */
export const MAX_OUTPUT_BYTES = 100 * 1024
/** Rows of the summary's token table; the runner drops a step summary over 1 MiB. */
export const MAX_SUMMARY_ROWS = 100

/** One token as the `tokens` output and the audit file show it. */
export function auditEntryJson(entry: AuditEntry): Record<string, unknown> {
  const { token } = entry
  return {
    id: token.id,
    name: token.name ?? '',
    'user-id': token.userId ?? '',
    scope: token.scope,
    services: token.services,
    'created-at': formatTimestamp(token.createdAt),
    'last-used-at': formatTimestamp(token.lastUsedAt),
    'expires-at': formatTimestamp(token.expiresAt),
    category: entry.category,
    flags: entry.flags,
    current: entry.current,
  }
}

/**
 * A JSON array of as many items as fit in `maxBytes`, in order; `cut` counts
 * what was left out. `toJson` runs only for the items that are tried, so a
 * 100,000-token list costs what fits, not what exists.
 */
export function cappedJsonArray<T>(items: readonly T[], maxBytes: number, toJson: (item: T) => unknown = (item) => item): { json: string; cut: number } {
  const parts: string[] = []
  let size = 2
  for (const item of items) {
    const text = JSON.stringify(toJson(item))
    const added = Buffer.byteLength(text, 'utf8') + (parts.length > 0 ? 1 : 0)
    if (size + added > maxBytes) break
    parts.push(text)
    size += added
  }
  return { json: `[${parts.join(',')}]`, cut: items.length - parts.length }
}

export interface AuditOutputs {
  outputs: Record<string, string>
  /** Warnings for outputs that had to be cut; each names the audit file. */
  cutWarnings: string[]
}

export function auditOutputs(result: AuditResult, auditFile: string): AuditOutputs {
  const outputs: Record<string, string> = { 'audit-file': auditFile, 'token-count': String(result.entries.length) }
  const cutWarnings: string[] = []
  const put = <T>(name: string, items: readonly T[], toJson?: (item: T) => unknown) => {
    const { json, cut } = cappedJsonArray(items, MAX_OUTPUT_BYTES, toJson)
    outputs[name] = json
    if (cut > 0)
      cutWarnings.push(
        `The ${name} output holds the first ${items.length - cut} of ${items.length} entries (most urgent first) to stay under 100 KiB; the audit file ${auditFile} has all of them.`,
      )
  }
  put('tokens', result.entries, auditEntryJson)
  for (const flag of AUDIT_FLAGS) put(`${flag}-token-ids`, result.idsByFlag[flag])
  return { outputs, cutWarnings }
}

export interface AuditScope {
  mode: Exclude<AuditMode, 'none'>
  /** The customer or user whose tokens were listed. */
  subjectId: string
}

/**
 * The complete audit, for the audit file: everything, uncut, one token a line
 * (compact, yet readable with grep). Yielded in pieces so 100,000 tokens are
 * written without first building one 40 MB string.
 */
export function* auditFileContent(
  result: AuditResult,
  scope: AuditScope,
  policy: { warnWithin: number | undefined; staleAfter: number },
  now: Date,
): Generator<string> {
  const head = {
    generatedAt: formatTimestamp(now),
    mode: scope.mode,
    [scope.mode === 'customer' ? 'customerId' : 'userId']: scope.subjectId,
    policy: { warnIfExpiresWithin: formatDuration(policy.warnWithin ?? 0), staleAfter: formatDuration(policy.staleAfter) },
    tokenCount: result.entries.length,
    sessionTokensLeftOut: result.sessionTokensLeftOut,
    counts: result.counts,
    expiredTokenIds: result.idsByFlag.expired,
    expiringTokenIds: result.idsByFlag.expiring,
    staleTokenIds: result.idsByFlag.stale,
    noExpiryTokenIds: result.idsByFlag['no-expiry'],
  }
  yield `${JSON.stringify(head).slice(0, -1)},\n"tokens":[\n`
  const BATCH = 100
  for (let start = 0; start < result.entries.length; start += BATCH) {
    const lines = result.entries.slice(start, start + BATCH).map((entry) => JSON.stringify(auditEntryJson(entry)))
    yield `${start > 0 ? ',\n' : ''}${lines.join(',\n')}`
  }
  yield '\n]}\n'
}

const CATEGORY_LABEL: Record<string, string> = {
  expired: '⛔ expired',
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
      heading: result.entries.length > shown.length ? `Most urgent ${shown.length} tokens` : 'Tokens, most urgent first',
      columns: ['Name', 'Token ID', 'Owner (user ID)', 'Category', 'Flags', 'Expires', 'Last used'],
      rows: shown.map((entry) => [
        `${entry.token.name ?? '(no name)'}${entry.current ? " (this job's token)" : ''}`,
        entry.token.id,
        entry.token.userId ?? '',
        CATEGORY_LABEL[entry.category]!,
        entry.flags.join(', '),
        entry.token.expiresAt === null ? 'never' : `${formatUtc(entry.token.expiresAt)} (${describeRelative(entry.token.expiresAt, now)})`,
        entry.token.lastUsedAt === null ? 'never' : `last used ${describeRelative(entry.token.lastUsedAt, now)}`,
      ]),
    })
  }
  const notes: string[] = []
  if (result.entries.length > shown.length)
    notes.push(`${result.entries.length - shown.length} less urgent tokens are not shown here; the audit-file output has all ${result.entries.length}.`)
  if (result.sessionTokensLeftOut > 0) {
    notes.push(
      `${result.sessionTokensLeftOut} browser-session token${result.sessionTokensLeftOut === 1 ? ' was' : 's were'} left out (set include-session-tokens: true to audit them).`,
    )
  }
  for (const text of notes) sections.push({ kind: 'note', text })
  return sections
}
