import { describe, expect, it } from 'vitest'
import { AUDIT_ISSUE_LABEL, issueMarker } from '../../src/audit/issue-content.js'
import { syncAuditIssue } from '../../src/audit/issue-sync.js'
import { GitHubIssueError } from '../../src/github/issues.js'
import { fakeGitHubIssues } from '../support/fake-github.js'

const content = (key: string) => ({
  title: 'Fastly token audit: 2 tokens need attention',
  body: `${issueMarker(key)}\nbody`,
})

describe('syncAuditIssue', () => {
  it('opens one issue, then updates it on later runs, then closes it when nothing needs attention', async () => {
    const github = fakeGitHubIssues()
    expect(
      await syncAuditIssue(github.api, { key: 'user:U1', content: content('user:U1'), runUrl: undefined }),
    ).toMatchObject({ action: 'opened', number: 1 })
    expect(
      await syncAuditIssue(github.api, { key: 'user:U1', content: content('user:U1'), runUrl: undefined }),
    ).toMatchObject({ action: 'updated', number: 1 })
    expect(github.issues).toHaveLength(1)
    expect(github.issues[0]!.labels).toEqual([AUDIT_ISSUE_LABEL])
    expect(
      await syncAuditIssue(github.api, { key: 'user:U1', content: undefined, runUrl: 'https://run' }),
    ).toMatchObject({ action: 'closed', number: 1 })
    expect(github.issues[0]).toMatchObject({
      state: 'closed',
      comments: [expect.stringContaining('No token needs attention')],
    })
    expect(await syncAuditIssue(github.api, { key: 'user:U1', content: undefined, runUrl: undefined })).toEqual({
      action: 'none',
    })
  })

  it('leaves the issue of another key alone', async () => {
    const github = fakeGitHubIssues([{ body: `${issueMarker('user:OTHER')}\nbody`, labels: [AUDIT_ISSUE_LABEL] }])
    expect(await syncAuditIssue(github.api, { key: 'user:U1', content: undefined, runUrl: undefined })).toEqual({
      action: 'none',
    })
    expect(github.issues[0]!.state).toBe('open')
  })

  it('turns a GitHub failure into one error that names what failed and the status', async () => {
    const github = fakeGitHubIssues()
    github.api.listOpen = async () => {
      throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 })
    }
    const sync = syncAuditIssue(github.api, { key: 'k', content: content('k'), runUrl: undefined })
    await expect(sync).rejects.toThrow(GitHubIssueError)
    await expect(sync).rejects.toThrow(
      /look for the audit issue: HTTP 403: Resource not accessible by integration.*issues: write/,
    )
  })
})
