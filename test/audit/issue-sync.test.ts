import { describe, expect, it } from 'vitest'
import { AUDIT_ISSUE_LABEL } from '../../src/audit/issue-content.js'
import { issueMarker, isMarkedFor } from '../../src/audit/issue-marker.js'
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

  it('adopts only an issue its own identity opened, with the marker on the first line', async () => {
    const marker = issueMarker('user:U1')
    const github = fakeGitHubIssues([
      { body: `${marker}\nbody`, labels: [AUDIT_ISSUE_LABEL], author: 'mallory' },
      { body: `Intro\n${marker}`, labels: [AUDIT_ISSUE_LABEL] },
      { body: `- \`${marker}\` \`T1\``, labels: [AUDIT_ISSUE_LABEL] },
      { body: `${marker}\nbody`, labels: [AUDIT_ISSUE_LABEL], author: null },
    ])
    expect(await syncAuditIssue(github.api, { key: 'user:U1', content: undefined, runUrl: undefined })).toEqual({
      action: 'none',
    })
    expect(
      await syncAuditIssue(github.api, { key: 'user:U1', content: content('user:U1'), runUrl: undefined }),
    ).toMatchObject({ action: 'opened', number: 5 })
    expect(github.issues.slice(0, 4).every((issue) => issue.state === 'open' && issue.comments.length === 0)).toBe(true)
    expect(github.calls.filter((call) => call.startsWith('update'))).toEqual([])
  })

  it('compares the key exactly and logins without regard to case', async () => {
    const github = fakeGitHubIssues([
      { body: `${issueMarker('user:U1 ')}\nbody`, labels: [AUDIT_ISSUE_LABEL] },
      { body: `${issueMarker('user:u1')}\nbody`, labels: [AUDIT_ISSUE_LABEL] },
      { body: `${issueMarker('user:U1')}\r\nbody`, labels: [AUDIT_ISSUE_LABEL], author: 'GitHub-Actions[bot]' },
    ])
    expect(await syncAuditIssue(github.api, { key: 'user:U1', content: undefined, runUrl: undefined })).toMatchObject({
      action: 'closed',
      number: 3,
    })
    expect(isMarkedFor(`${issueMarker('k')} `, 'k')).toBe(true)
    expect(isMarkedFor(` ${issueMarker('k')}`, 'k')).toBe(false)
    expect(isMarkedFor('<!-- fastly-token-guard audit-issue key=user%3AU1 -->\nold', 'user:U1')).toBe(true)
    expect(issueMarker('user:U1')).not.toContain('U1')
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

describe('an audit issue whose label was removed by hand', () => {
  it('is still found by its marker, so reruns never open duplicates', async () => {
    const github = fakeGitHubIssues()
    const first = await syncAuditIssue(github.api, { key: 'user:U1', content: content('user:U1'), runUrl: undefined })
    expect(first.action).toBe('opened')
    github.issues[0]!.labels = []
    for (let day = 2; day <= 3; day++) {
      expect(
        await syncAuditIssue(github.api, { key: 'user:U1', content: content('user:U1'), runUrl: undefined }),
      ).toMatchObject({ action: 'updated', number: 1 })
    }
    expect(github.issues).toHaveLength(1)
  })
})
