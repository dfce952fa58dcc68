import { describeGitHubError, type GitHubIssues, type IssueRecord } from '../github/issues.js'
import { AUDIT_ISSUE_LABEL, type AuditIssueContent, issueMarker } from './issue-content.js'

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

/**
 * Opens, updates or closes the one issue of this audit. The issue is found by
 * listing open issues (search indexing lags and would make duplicates) and
 * matching the hidden marker with the issue key.
 */
export async function syncAuditIssue(issues: GitHubIssues, options: IssueSyncOptions): Promise<IssueSync> {
  const marker = issueMarker(options.key)
  let existing: IssueRecord | undefined
  try {
    existing = (await issues.listOpen(AUDIT_ISSUE_LABEL)).find((issue) => issue.body.includes(marker))
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
