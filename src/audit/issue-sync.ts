import { describeGitHubError, type GitHubIssues, type IssueRecord } from '../github/issues.js'
import { AUDIT_ISSUE_LABEL, type AuditIssueContent } from './issue-content.js'
import { isMarkedFor } from './issue-marker.js'

type IssueAction = 'opened' | 'updated' | 'closed' | 'none'

interface IssueSync {
  action: IssueAction
  number?: number
  url?: string
}

interface IssueSyncOptions {
  key: string
  /** undefined: no token needs attention, so an open issue is closed. */
  content: AuditIssueContent | undefined
  runUrl: string | undefined
}

/** GitHub logins are unique without regard to case. */
function sameLogin(a: string | null, b: string): boolean {
  return a !== null && a.toLowerCase() === b.toLowerCase()
}

/**
 * The open issue this audit owns, if any: labelled, opened by the identity
 * the GitHub token acts as (for the default GITHUB_TOKEN, github-actions[bot]),
 * and carrying this key's marker alone on its first line. Anything else
 * (a person's issue with a copied marker, a marker inside a listed token
 * name, another app's issue) is left alone. Listed, never searched: search
 * indexing lags and would make duplicates.
 */
async function findOwnIssue(issues: GitHubIssues, key: string): Promise<IssueRecord | undefined> {
  const identity = await issues.identity()
  const ours = (issue: IssueRecord) => sameLogin(issue.author, identity) && isMarkedFor(issue.body, key)
  // The label is a hint that narrows the listing, never the test: someone may have removed it by hand, and GitHub
  // drops labels silently for a caller without push access. Without a labelled match, every open issue is read.
  return (await issues.listOpen(AUDIT_ISSUE_LABEL)).find(ours) ?? (await issues.listOpen()).find(ours)
}

/** Opens, updates or closes the one issue of this audit. */
export async function syncAuditIssue(issues: GitHubIssues, options: IssueSyncOptions): Promise<IssueSync> {
  let existing: IssueRecord | undefined
  try {
    existing = await findOwnIssue(issues, options.key)
  } catch (error) {
    throw describeGitHubError('look for', error)
  }

  if (options.content === undefined) {
    if (existing === undefined) return { action: 'none' }
    try {
      const run = options.runUrl !== undefined ? ` ([workflow run](${options.runUrl}))` : ''
      await issues.comment(existing.number, `No token needs attention any more${run}. Closing.`)
      await issues.update(existing.number, { state: 'closed', stateReason: 'completed' })
    } catch (error) {
      throw describeGitHubError('close', error)
    }
    return { action: 'closed', number: existing.number, url: existing.url }
  }

  if (existing !== undefined) {
    try {
      await issues.update(existing.number, { title: options.content.title, body: options.content.body })
    } catch (error) {
      throw describeGitHubError('update', error)
    }
    return { action: 'updated', number: existing.number, url: existing.url }
  }
  try {
    const created = await issues.create(options.content.title, options.content.body, [AUDIT_ISSUE_LABEL])
    return { action: 'opened', number: created.number, url: created.url }
  } catch (error) {
    throw describeGitHubError('open', error)
  }
}
