/**
 * The one adapter over GitHub's issues API (`@actions/github`, Octokit). It
 * is loaded only for the audit issue, so the common path never pays for it.
 */
import type { RetryPolicy } from '../fastly/retry-policy.js'
import { describeUnknownError } from '../shared/describe-error.js'
import { fetchWithPolicy, NoAnswerError } from './request-policy.js'

export interface IssueRecord {
  number: number
  url: string
  body: string
  /** The login that opened the issue (`user.login`); null when GitHub does not say. */
  author: string | null
}

/** What the audit issue needs of GitHub; tests hand in their own. */
export interface GitHubIssues {
  /** The login the GitHub token acts as (GraphQL `viewer`): github-actions[bot] for the default GITHUB_TOKEN. */
  identity(): Promise<string>
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
  // No answer at all (a deadline, a broken connection): Octokit reports it as HTTP 500, which GitHub never said.
  const cause = (error as { cause?: unknown } | null)?.cause
  if (cause instanceof NoAnswerError)
    return new GitHubIssueError(`Could not ${what} the audit issue: ${cause.message}.`)
  const status = (error as { status?: unknown } | null)?.status
  const hint =
    status === 403 || status === 404
      ? " Give the job 'permissions: issues: write' and keep github-token at its default."
      : ''
  return new GitHubIssueError(
    `Could not ${what} the audit issue: ${typeof status === 'number' ? `HTTP ${status}: ` : ''}${describeUnknownError(error)}.${hint}`,
  )
}

interface GitHubIssuesOptions {
  /** The `timeout` input: a deadline for each request, as for Fastly's. */
  timeoutMs: number
  /** The Fastly client's retry policy, with `max-retries`. */
  retry: RetryPolicy
  /** The toolkit's redaction: an issue leaves the runner, where no masking applies. */
  redact: (text: string) => string
  log: (message: string) => void
}

/** Pages of open issues read to find the audit issue (100 a page). */
const MAX_ISSUE_PAGES = 20

/**
 * The repository's issues through Octokit, as the runner's GITHUB_REPOSITORY
 * and GITHUB_API_URL name them. Every request has the `timeout` deadline and
 * the retry policy of the Fastly client; every title, body and comment is
 * redacted on its way out.
 */
export async function createGitHubIssues(githubToken: string, options: GitHubIssuesOptions): Promise<GitHubIssues> {
  const github = await import('@actions/github')
  const { defaults } = await import('@actions/github/lib/utils')
  // getOctokit's options replace its defaults' `request` whole: keep its proxy agent and wrap its proxy-aware fetch.
  const quiet = () => undefined
  const octokit = github.getOctokit(githubToken, {
    // Octokit's own logger writes to stderr, which the runner reads for workflow commands too, and its
    // warnings quote GitHub's headers (a Sunset date, a Link): never a channel for a server's words.
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    request: {
      ...defaults.request,
      fetch: fetchWithPolicy((defaults.request?.fetch as typeof fetch | undefined) ?? fetch, {
        timeoutMs: options.timeoutMs,
        retry: options.retry,
        log: options.log,
      }),
    },
  })
  const { redact } = options
  const { owner, repo } = github.context.repo
  const record = (issue: {
    number: number
    html_url: string
    body?: string | null
    user?: { login?: string } | null
  }): IssueRecord => ({
    number: issue.number,
    url: issue.html_url,
    body: issue.body ?? '',
    author: issue.user?.login ?? null,
  })
  return {
    async identity() {
      const answer = await octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }')
      const login = answer.viewer?.login
      if (typeof login !== 'string' || login === '') throw new Error('GitHub did not say whom the token acts as')
      return login
    },
    async listOpen(label) {
      // Bounded: a hostile API that always promises a next page cannot hold the job. 2,000 open issues are
      // more than the audit issue is ever hidden among; past them, a new issue is opened rather than none.
      let pages = 0
      const open = await octokit.paginate(
        octokit.rest.issues.listForRepo,
        { owner, repo, state: 'open', per_page: 100, ...(label !== undefined ? { labels: label } : {}) },
        (response, done) => {
          if ((pages += 1) >= MAX_ISSUE_PAGES) done()
          return response.data
        },
      )
      return open
        .filter((issue) => issue.pull_request === undefined)
        .map(record)
        .sort((a, b) => a.number - b.number)
    },
    async create(title, body, labels) {
      return record(
        (await octokit.rest.issues.create({ owner, repo, title: redact(title), body: redact(body), labels })).data,
      )
    },
    async update(issue, change) {
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: issue,
        ...(change.title !== undefined ? { title: redact(change.title) } : {}),
        ...(change.body !== undefined ? { body: redact(change.body) } : {}),
        ...(change.state !== undefined ? { state: change.state } : {}),
        ...(change.stateReason !== undefined ? { state_reason: change.stateReason } : {}),
      })
    },
    async comment(issue, body) {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body: redact(body) })
    },
  }
}
