import { AUDIT_ISSUE_LABEL, type AuditIssueContent, issueMarker } from '../core/audit-issue.js'
import { describeUnknownError } from '../core/describe-error.js'

export type IssueAction = 'opened' | 'updated' | 'closed' | 'none'

export interface IssueSync {
  action: IssueAction
  number?: number
  url?: string
}

export interface IssueSyncOptions {
  githubToken: string
  key: string
  /** undefined: no token needs attention, so an open issue is closed. */
  content: AuditIssueContent | undefined
  runUrl: string | undefined
}

/** A failure talking to GitHub, with the status and GitHub's message. */
export class GitHubIssueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GitHubIssueError'
  }
}

function describeGitHubError(what: string, error: unknown): GitHubIssueError {
  const status = (error as { status?: unknown }).status
  const hint = status === 403 || status === 404 ? " Give the job 'permissions: issues: write' and keep github-token at its default." : ''
  return new GitHubIssueError(
    `Could not ${what} the audit issue: ${typeof status === 'number' ? `HTTP ${status}: ` : ''}${describeUnknownError(error)}.${hint}`,
  )
}

/**
 * Opens, updates or closes the one issue of this audit. The issue is found
 * by its label and the hidden marker with the issue key, listing open issues
 * (search indexing lags and would make duplicates). `@actions/github` (Octokit)
 * is loaded here only, so the common path never pays for it.
 */
export async function syncAuditIssue(options: IssueSyncOptions): Promise<IssueSync> {
  const github = await import('@actions/github')
  const octokit = github.getOctokit(options.githubToken)
  const { owner, repo } = github.context.repo
  const marker = issueMarker(options.key)

  let existing: { number: number; html_url: string } | undefined
  try {
    const open = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', labels: AUDIT_ISSUE_LABEL, per_page: 100 })
    existing = open.filter((issue) => issue.pull_request === undefined && (issue.body ?? '').includes(marker)).sort((a, b) => a.number - b.number)[0]
  } catch (error) {
    throw describeGitHubError('look for', error)
  }

  if (options.content === undefined) {
    if (existing === undefined) return { action: 'none' }
    try {
      const run = options.runUrl !== undefined ? ` ([workflow run](${options.runUrl}))` : ''
      await octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body: `No token needs attention any more${run}. Closing.` })
      await octokit.rest.issues.update({ owner, repo, issue_number: existing.number, state: 'closed', state_reason: 'completed' })
    } catch (error) {
      throw describeGitHubError('close', error)
    }
    return { action: 'closed', number: existing.number, url: existing.html_url }
  }

  if (existing !== undefined) {
    try {
      await octokit.rest.issues.update({ owner, repo, issue_number: existing.number, title: options.content.title, body: options.content.body })
    } catch (error) {
      throw describeGitHubError('update', error)
    }
    return { action: 'updated', number: existing.number, url: existing.html_url }
  }
  try {
    const created = await octokit.rest.issues.create({ owner, repo, title: options.content.title, body: options.content.body, labels: [AUDIT_ISSUE_LABEL] })
    return { action: 'opened', number: created.data.number, url: created.data.html_url }
  } catch (error) {
    throw describeGitHubError('open', error)
  }
}
