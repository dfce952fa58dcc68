/** A GitHubIssues for unit tests: issues in memory, every call recorded. */
import type { GitHubIssues, IssueRecord } from '../../src/github/issues.js'

export interface FakeIssue extends IssueRecord {
  title: string
  labels: string[]
  state: 'open' | 'closed'
  comments: string[]
}

/** The login the fake's token acts as, and that opens its issues. */
export const FAKE_IDENTITY = 'github-actions[bot]'

export function fakeGitHubIssues(initial: Array<Partial<FakeIssue>> = []) {
  const issues: FakeIssue[] = initial.map((issue, i) => ({
    number: i + 1,
    url: `https://github.test/issues/${i + 1}`,
    body: '',
    title: 'x',
    labels: [],
    state: 'open',
    comments: [],
    author: FAKE_IDENTITY,
    ...issue,
  }))
  const calls: string[] = []
  const api: GitHubIssues = {
    async identity() {
      calls.push('identity')
      return FAKE_IDENTITY
    },
    async listOpen(label) {
      calls.push(`list ${label ?? ''}`)
      return issues.filter((issue) => issue.state === 'open' && (label === undefined || issue.labels.includes(label)))
    },
    async create(title, body, labels) {
      calls.push('create')
      const issue: FakeIssue = {
        number: issues.length + 1,
        url: `https://github.test/issues/${issues.length + 1}`,
        body,
        title,
        labels,
        state: 'open',
        comments: [],
        author: FAKE_IDENTITY,
      }
      issues.push(issue)
      return issue
    },
    async update(number, change) {
      calls.push(`update ${number}`)
      const issue = issues.find((candidate) => candidate.number === number)!
      if (change.title !== undefined) issue.title = change.title
      if (change.body !== undefined) issue.body = change.body
      if (change.state !== undefined) issue.state = change.state
    },
    async comment(number, body) {
      calls.push(`comment ${number}`)
      issues.find((candidate) => candidate.number === number)!.comments.push(body)
    },
  }
  return { api, issues, calls }
}
