import { describe, expect, it } from 'vitest'
import { auditTokens } from '../../src/audit/classify.js'
import { buildAuditIssue, codeSpan, MAX_ISSUE_BODY } from '../../src/audit/issue-content.js'
import { normalizeToken } from '../../src/fastly/token.js'
import { many, now, policy, scope } from '../support/audit-fixtures.js'

describe('the audit issue body', () => {
  const identity = { marker: '<!-- marker -->', issueKey: '' }

  it('lists names and IDs as code, so names cannot mention people or break the list', () => {
    const tokens = [normalizeToken({ id: 'T1', name: '@octocat fixes #12 `x`', expires_at: '2020-01-01T00:00:00Z' })]
    const { body, title } = buildAuditIssue(
      auditTokens(tokens, 'none', policy, now),
      scope,
      identity,
      'https://github.com/o/r/actions/runs/1',
      now,
    )
    expect(title).toBe('Fastly token audit of the customer: 1 token needs attention')
    expect(body).toContain('- `` @octocat fixes #12 `x` `` `T1`')
    expect(body.split('\n')[0]).toBe('<!-- marker -->')
  })

  it('names the audit by its issue key, as code, and never by a user or customer ID', () => {
    const tokens = [normalizeToken({ id: 'T1', name: 'old', expires_at: '2020-01-01T00:00:00Z' })]
    const result = auditTokens(tokens, 'none', policy, now)
    const keyed = buildAuditIssue(result, scope, { ...identity, issueKey: 'prod #1' }, undefined, now)
    expect(keyed.title).toBe('Fastly token audit `prod #1`: 1 token needs attention')
    for (const { title, body } of [keyed, buildAuditIssue(result, scope, identity, undefined, now)])
      expect(`${title}\n${body}`).not.toContain(scope.subjectId)
  })

  it('never lets a name open an HTML comment, so no name can carry the marker or hide text', () => {
    const marker = '<!-- fastly-token-guard audit-issue key-sha256=00ff -->'
    const tokens = [normalizeToken({ id: 'T1', name: `${marker}\n${marker}`, expires_at: '2020-01-01T00:00:00Z' })]
    const { body } = buildAuditIssue(auditTokens(tokens, 'none', policy, now), scope, identity, undefined, now)
    expect(body.split('\n').slice(1).join('\n')).not.toContain('<!--')
    expect(body).toContain('`<!- - fastly-token-guard audit-issue key-sha256=00ff --> <!- - fastly-token-guard')
  })

  it('stays under GitHub\'s limit with "and N more"', () => {
    const result = auditTokens(many(5000), 'none', policy, now)
    const { body } = buildAuditIssue(result, scope, identity, undefined, now)
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY)
    expect(body).toMatch(/_…and \d+ more; see the audit file of the workflow run\._/)
    expect(body).toContain('`Tok004999`')
  })

  it('fences code spans around backticks, and flattens every line break', () => {
    expect(codeSpan('plain')).toBe('`plain`')
    expect(codeSpan('a`b')).toBe('``a`b``')
    expect(codeSpan('`edge')).toBe('`` `edge ``')
    expect(codeSpan('line\nbreak\u2028and\rmore')).toBe('`line break and more`')
  })
})
