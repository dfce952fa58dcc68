/**
 * The one adapter over GitHub's issues API (`@actions/github`, Octokit). It
 * is loaded only for the audit issue, so the common path never pays for it.
 */
import { describeUnknownError } from '../shared/describe-error.js'

export interface IssueRecord {
  number: number
  url: string
  body: string
}

/** What the audit issue needs of GitHub; tests hand in their own. */
export interface GitHubIssues {
  /** Open issues (not pull requests), oldest first; `label` narrows the listing. */
  listOpen(label?: string): Promise<IssueRecord[]>
  create(title: string, body: string, labels: string[]): Promise<IssueRecord>
  update(
    issue: number,
    change: { title?: string; body?: string; state?: 'closed'; stateReason?: 'completed' },
  ): Promise<void>
  comment(issue: number, body: string): Promise<void>
}

/** A failure talking to GitHub, with the status and GitHub's message. */
export class GitHubIssueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GitHubIssueError'
  }
}

/** Turns an Octokit failure into one sentence: what failed, the status, GitHub's words, and what to do. */
export function describeGitHubError(what: string, error: unknown): GitHubIssueError {
  const status = (error as { status?: unknown } | null)?.status
  const hint =
    status === 403 || status === 404
      ? " Give the job 'permissions: issues: write' and keep github-token at its default."
      : ''
  return new GitHubIssueError(
    `Could not ${what} the audit issue: ${typeof status === 'number' ? `HTTP ${status}: ` : ''}${describeUnknownError(error)}.${hint}`,
  )
}

/** The repository's issues through Octokit, as the runner's GITHUB_REPOSITORY and GITHUB_API_URL name them. */
export async function createGitHubIssues(githubToken: string): Promise<GitHubIssues> {
  const github = await import('@actions/github')
  const octokit = github.getOctokit(githubToken)
  const { owner, repo } = github.context.repo
  const record = (issue: { number: number; html_url: string; body?: string | null }): IssueRecord => ({
    number: issue.number,
    url: issue.html_url,
    body: issue.body ?? '',
  })
  return {
    async listOpen(label) {
      const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
        owner,
        repo,
        state: 'open',
        per_page: 100,
        ...(label !== undefined ? { labels: label } : {}),
      })
      return open
        .filter((issue) => issue.pull_request === undefined)
        .map(record)
        .sort((a, b) => a.number - b.number)
    },
    async create(title, body, labels) {
      return record((await octokit.rest.issues.create({ owner, repo, title, body, labels })).data)
    },
    async update(issue, change) {
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: issue,
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.body !== undefined ? { body: change.body } : {}),
        ...(change.state !== undefined ? { state: change.state } : {}),
        ...(change.stateReason !== undefined ? { state_reason: change.stateReason } : {}),
      })
    },
    async comment(issue, body) {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body })
    },
  }
}
