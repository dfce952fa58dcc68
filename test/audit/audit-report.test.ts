import { describe, expect, it } from 'vitest'
import { auditTokens } from '../../src/audit/classify.js'
import { buildAuditIssue, codeSpan, MAX_ISSUE_BODY } from '../../src/audit/issue-content.js'
import { auditSections, MAX_SUMMARY_ROWS } from '../../src/audit/audit-summary.js'
import { auditOutputs, cappedJsonArray, MAX_OUTPUT_BYTES } from '../../src/report/outputs.js'
import { normalizeToken } from '../../src/fastly/token.js'

const now = new Date('2026-06-01T00:00:00Z')
const policy = { warnWithin: 7 * 86400, staleAfter: 90 * 86400, failOn: [], includeSessionTokens: false }
const many = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    normalizeToken({
      id: `Tok${String(i).padStart(6, '0')}`,
      name: `deploy-${i}`,
      expires_at: new Date(now.getTime() - (i + 1) * 1000).toISOString(),
      scope: 'global',
    }),
  )
const scope = { mode: 'customer' as const, subjectId: 'Cust1' }

describe('cappedJsonArray', () => {
  it('keeps whole items in order under the cap and counts the rest', () => {
    const { json, cut } = cappedJsonArray(['aaaa', 'bbbb', 'cccc'], 16)
    expect(json).toBe('["aaaa","bbbb"]')
    expect(cut).toBe(1)
    expect(cappedJsonArray([], 2)).toEqual({ json: '[]', cut: 0 })
  })
})

describe('auditOutputs at scale', () => {
  it('cuts each output under 100 KiB, most urgent kept, and names the audit file', () => {
    const result = auditTokens(many(5000), 'none', policy, now)
    const { outputs, cutWarnings } = auditOutputs(result, '/tmp/audit.json')
    for (const value of Object.values(outputs)) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES)
    const tokens = JSON.parse(outputs.tokens!) as Array<{ id: string }>
    expect(tokens[0]!.id).toBe(result.entries[0]!.token.id)
    expect(outputs['token-count']).toBe('5000')
    expect(cutWarnings).toEqual([
      expect.stringMatching(
        /^The tokens output holds the first \d+ of 5000 entries \(most urgent first\) to stay under 100 KiB; the audit file \/tmp\/audit.json has all of them\.$/,
      ),
    ])
    expect(JSON.parse(outputs['expired-token-ids']!)).toHaveLength(5000)
  })

  it('shows the most urgent tokens in the summary and says how many it left out', () => {
    const result = auditTokens(many(500), 'none', policy, now)
    const sections = auditSections(result, scope, now)
    const table = sections.find((s) => s.kind === 'table' && s.heading.startsWith('Most urgent'))
    expect(table?.kind === 'table' && table.rows).toHaveLength(MAX_SUMMARY_ROWS)
    expect(sections).toContainEqual({
      kind: 'note',
      text: '400 less urgent tokens are not shown here; the audit-file output has all 500.',
    })
  })
})

describe('kinds in the report', () => {
  const mixed = [
    normalizeToken({ id: 'U1', user_id: 'Person1', name: 'deploy', expires_at: '2020-01-01T00:00:00Z' }),
    normalizeToken(
      { id: 'A1', creator_id: 'Person2', role: 'engineer', name: 'terraform', expires_at: '2020-01-01T00:00:00Z' },
      'automation',
    ),
    normalizeToken(
      { id: 'A2', role: '@octocat\n# heading', name: 'odd', expires_at: '2020-01-01T00:00:00Z' },
      'automation',
    ),
  ]
  const result = auditTokens(mixed, 'none', policy, now)

  it('puts kind, role, creator and TLS access in the tokens output', () => {
    const tokens = JSON.parse(auditOutputs(result, '/tmp/a.json').outputs.tokens!) as Array<Record<string, unknown>>
    expect(tokens.find((t) => t.id === 'A1')).toMatchObject({
      kind: 'automation',
      role: 'engineer',
      'user-id': '',
      'creator-id': 'Person2',
      'tls-access': null,
    })
    expect(tokens.find((t) => t.id === 'U1')).toMatchObject({ kind: 'user', role: '', 'user-id': 'Person1' })
  })

  it('shows the kind (with the role) and the creator in the summary table, and the mix in its heading', () => {
    const sections = auditSections(result, scope, now)
    expect(sections[0]).toMatchObject({ heading: 'Token audit: 3 tokens of customer Cust1 (1 user, 2 automation)' })
    const table = sections.find((s) => s.kind === 'table' && s.columns.includes('Kind'))
    if (table?.kind !== 'table') throw new Error('no token table')
    const row = (id: string) => table.rows.find((cells) => cells[1] === id)!
    expect(table.columns.slice(0, 4)).toEqual(['Name', 'Token ID', 'Kind', 'Owner (user ID)'])
    expect(row('A1').slice(2, 4)).toEqual(['automation (engineer)', 'created by Person2'])
    expect(row('U1').slice(2, 4)).toEqual(['user', 'Person1'])
    expect(auditSections(result, { mode: 'automation', subjectId: 'Cust1' }, now)[0]).toMatchObject({
      heading: 'Token audit: 3 automation tokens of customer Cust1 (1 user, 2 automation)',
    })
  })

  it('shows the kind in the issue, a role that is not a plain word only as code', () => {
    const identity = { marker: '<!-- marker -->', issueKey: '' }
    const { body, title } = buildAuditIssue(
      result,
      { mode: 'automation', subjectId: 'Cust1' },
      identity,
      undefined,
      now,
    )
    // No customer ID in an issue, which may be public.
    expect(title).toBe("Fastly token audit of the customer's automation tokens: 3 tokens need attention")
    expect(body).toContain("audit of the customer's automation tokens found **3** tokens")
    expect(`${title}${body}`).not.toContain('Cust1')
    expect(body).toContain('- `terraform` `A1`, automation token, role engineer\n')
    expect(body).toContain('- `deploy` `U1`, user token\n')
    expect(body).toContain('- `odd` `A2`, automation token, role `@octocat # heading`\n')
  })
})

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
