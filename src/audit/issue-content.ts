import { isPlainRole, type TokenFacts } from '../fastly/token.js'
import { AUDIT_FLAGS, type AuditEntry, type AuditFlag, type AuditResult, type AuditScope } from './classify.js'
import { flattenLineBreaks } from '../shared/log-line.js'
import { formatUtc } from '../shared/time.js'

/** Every audit issue carries this label, a hint for finding it; what identifies it is the marker on its first line (issue-marker.ts). */
export const AUDIT_ISSUE_LABEL = 'fastly-token-audit'
/** GitHub refuses issue bodies over 65,536 characters. */
export const MAX_ISSUE_BODY = 65_536

export function defaultIssueKey(scope: AuditScope): string {
  return `${scope.mode}:${scope.subjectId}`
}

/**
 * Text from outside (token names and IDs from Fastly, the issue key from the
 * workflow) as an inline code span: GitHub shows it literally, so it cannot
 * mention people (@name), reference or close issues (#12, fixes #1), link,
 * or break the list. The fence is longer than any backtick run inside. An
 * HTML comment opener is broken up, so no name can carry the issue's marker
 * or hide text.
 */
export function codeSpan(text: string): string {
  const flat = flattenLineBreaks(text).replaceAll('<!--', '<!- -')
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

/**
 * "user token", "browser session", "automation token, role engineer". A role
 * is Fastly's word, but it is shown as code unless it is a plain word.
 */
function describeKind(token: TokenFacts): string {
  if (token.kind === 'user') return 'user token'
  if (token.kind === 'browser-session') return 'browser session'
  if (token.role === null) return 'automation token'
  return `automation token, role ${isPlainRole(token.role) ? token.role : codeSpan(token.role)}`
}

export interface AuditIssueContent {
  title: string
  body: string
}

/** How the issue names its audit: the issue key when the workflow set one, else the audit's mode. */
interface IssueIdentity {
  /** The first line of the body (issue-marker.ts). */
  marker: string
  /** The `issue-key` input; empty when the workflow left it out (the default key holds an ID, never shown). */
  issueKey: string
}

/**
 * The issue for tokens that need attention: names and IDs only, as code (an
 * issue may be public), grouped by the most urgent reason, within GitHub's
 * size limit. No user or customer ID: the audit is named by its issue key
 * or its mode.
 */
export function buildAuditIssue(
  result: AuditResult,
  scope: AuditScope,
  identity: IssueIdentity,
  runUrl: string | undefined,
  now: Date,
): AuditIssueContent {
  const entries = result.needsAttention
  const named = identity.issueKey !== '' ? ` ${codeSpan(identity.issueKey)}` : ''
  // No user or customer ID: an issue may be public.
  const who =
    scope.mode === 'customer'
      ? 'the customer'
      : scope.mode === 'automation'
        ? "the customer's automation tokens"
        : "the token's user"
  const tokens = entries.length === 1 ? 'token' : 'tokens'
  const needs = entries.length === 1 ? 'needs' : 'need'
  const title = `Fastly token audit${named || ` of ${who}`}: ${entries.length} ${tokens} ${needs} attention`
  const run = runUrl !== undefined ? `[workflow run](${runUrl})` : 'workflow run'
  const footer = `\n---\nUpdated by the ${run} at ${formatUtc(now)}. The run's audit file lists every token with all its details. This issue is updated by each audit and closed when no token needs attention.\n`
  const head = `${identity.marker}\nFastly Token Guard's audit${named} of ${who} found **${entries.length}** ${tokens} that ${needs} attention.\n`

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
      const line = `- ${codeSpan(entry.token.name ?? '(no name)')} ${codeSpan(entry.token.id)}, ${describeKind(entry.token)}${entry.current ? ' (the token the audit ran with)' : ''}\n`
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
