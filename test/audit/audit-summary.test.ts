// What the audit reports in its outputs, its summary and (for kinds) its issue.
import { describe, expect, it } from 'vitest'
import { auditTokens } from '../../src/audit/classify.js'
import { buildAuditIssue } from '../../src/audit/issue-content.js'
import { auditSections, MAX_SUMMARY_ROWS } from '../../src/audit/audit-summary.js'
import { auditOutputs, MAX_OUTPUT_BYTES } from '../../src/report/outputs.js'
import { normalizeToken } from '../../src/fastly/token.js'
import { many, now, policy, scope } from '../support/audit-fixtures.js'

describe('auditOutputs at scale', () => {
  it('cuts each output under 100 KiB, most urgent kept, and names the audit file', () => {
    const result = auditTokens(many(5000), 'none', policy, now)
    const { outputs, cutWarnings } = auditOutputs(result, '/tmp/audit.json')
    for (const value of Object.values(outputs)) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES)
    const tokens = JSON.parse(outputs.tokens!) as Array<{ id: string }>
    expect(tokens[0]!.id).toBe(result.entries[0]!.token.id)
    expect(outputs['token-count']).toBe('5000')
    expect(cutWarnings).toEqual([
      {
        key: 'audit-output-cut',
        message: expect.stringMatching(
          /^The tokens output holds the first \d+ of 5000 entries \(most urgent first\) to stay under 100 KiB; the audit file \/tmp\/audit.json has all of them\.$/,
        ),
      },
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
