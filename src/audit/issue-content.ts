import { AUDIT_FLAGS, type AuditEntry, type AuditFlag, type AuditResult, type AuditScope } from './classify.js'
import { formatUtc } from '../shared/time.js'

/** Every audit issue carries this label; issues are found again by it, never by title or search. */
export const AUDIT_ISSUE_LABEL = 'fastly-token-audit'
/** GitHub refuses issue bodies over 65,536 characters. */
export const MAX_ISSUE_BODY = 65_536

export function defaultIssueKey(scope: AuditScope): string {
  return `${scope.mode}:${scope.subjectId}`
}

/** The hidden marker that ties an issue to one audit (one account in a matrix). */
export function issueMarker(key: string): string {
  return `<!-- fastly-token-guard audit-issue key=${encodeURIComponent(key)} -->`
}

/**
 * Fastly names are chosen by users: in an issue they must not mention people
 * (@name), close issues (#12) or break the list. An inline code span shows
 * them literally; its fence is longer than any backtick run inside.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ')
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

const HEADINGS: Record<AuditFlag, string> = {
  expired: '⛔ Expired',
  'unreadable-expiry': '❓ Expiry unreadable',
  expiring: '⏳ Expiring soon',
  stale: '💤 Stale (unused)',
  'no-expiry': '♾️ Never expire',
}

export interface AuditIssueContent {
  title: string
  body: string
}

/**
 * The issue for tokens that need attention: names and IDs only (an issue may
 * be public), grouped by the most urgent reason, within GitHub's size limit.
 */
export function buildAuditIssue(
  result: AuditResult,
  scope: AuditScope,
  key: string,
  runUrl: string | undefined,
  now: Date,
): AuditIssueContent {
  const entries = result.needsAttention
  const who = scope.mode === 'customer' ? `customer ${scope.subjectId}` : `user ${scope.subjectId}`
  const title = `Fastly token audit: ${entries.length} token${entries.length === 1 ? '' : 's'} of ${who} need${entries.length === 1 ? 's' : ''} attention`
  const run = runUrl !== undefined ? `[workflow run](${runUrl})` : 'workflow run'
  const footer = `\n---\nUpdated by the ${run} at ${formatUtc(now)}. The run's audit file lists every token with all its details. This issue is updated by each audit and closed when no token needs attention.\n`
  const head = `${issueMarker(key)}\nFastly Token Guard's audit of ${who} found **${entries.length}** token${entries.length === 1 ? '' : 's'} that need${entries.length === 1 ? 's' : ''} attention.\n`

  // Room for the "and N more" line, whatever N is.
  const budget = MAX_ISSUE_BODY - head.length - footer.length - 200
  const lines: string[] = []
  let used = 0
  let listed = 0
  // Most urgent first; once a line does not fit, stop, so what is listed is always the top of the list.
  fill: for (const flag of AUDIT_FLAGS) {
    const group = entries.filter((entry: AuditEntry) => entry.category === flag)
    if (group.length === 0) continue
    const heading = `\n### ${HEADINGS[flag]} (${group.length})\n`
    if (used + heading.length > budget) break
    lines.push(heading)
    used += heading.length
    for (const entry of group) {
      const line = `- ${codeSpan(entry.token.name ?? '(no name)')} ${codeSpan(entry.token.id)}${entry.current ? ' (the token the audit ran with)' : ''}\n`
      if (used + line.length > budget) break fill
      lines.push(line)
      used += line.length
      listed += 1
    }
  }
  const more = entries.length - listed
  const moreLine = more > 0 ? `\n_…and ${more} more; see the audit file of the ${run}._\n` : ''
  return { title, body: `${head}${lines.join('')}${moreLine}${footer}` }
}
