import { describe, expect, it } from 'vitest'
import type { VerifyReport } from '../../src/verify/verify-report.js'
import { buildVerifySummary } from '../../src/report/summary-model.js'
import {
  cutText,
  escapeHtml,
  MAX_CELL_CHARS,
  MAX_SUMMARY_BYTES,
  renderSummaryHtml,
} from '../../src/report/summary-html.js'
import { normalizeToken } from '../../src/fastly/token.js'
import { evaluateToken } from '../../src/verify/verdict.js'

const now = new Date('2026-01-01T00:00:00Z')
const runUrl = 'https://github.com/o/r/actions/runs/1'

function okReport(fields: Record<string, unknown>, requiredScopes: Array<'purge_all'> = []): VerifyReport {
  const token = normalizeToken({
    id: 'Tok1',
    scope: 'global',
    expires_at: '2026-01-07T00:00:00Z',
    created_at: '2025-12-01T00:00:00Z',
    ...fields,
  })
  const verdict = evaluateToken(
    token,
    { failWithin: undefined, warnWithin: 86400, requireExpiry: false, requiredScopes, requiredServices: [] },
    now,
  )
  return { status: verdict.status, token, verdict }
}

describe('the job summary', () => {
  it('shows the facts, each check and the run link', () => {
    const html = renderSummaryHtml(buildVerifySummary(okReport({ name: 'deploy-ci' }, ['purge_all']), { now, runUrl }))
    expect(html).toContain('<h2>✅ Fastly token check: passed</h2>')
    expect(html).toContain('The token deploy-ci is valid and expires in 6 days.')
    expect(html).toContain('<tr><th align="left">Expires</th><td>2026-01-07 00:00 UTC (in 6 days)</td></tr>')
    expect(html).toContain('<tr><th align="left">Last used</th><td>never</td></tr>')
    expect(html).toContain('<tr><th align="left">Services</th><td>all services</td></tr>')
    expect(html).toContain('<td>✅</td><td>Scopes include purge_all</td>')
    expect(html).toContain('not on its user&#39;s role')
    expect(html).toContain(`<a href="${runUrl}">`)
  })

  it('says "never" for a token without expiry', () => {
    const html = renderSummaryHtml(
      buildVerifySummary(okReport({ name: 'x', expires_at: '' }), { now, runUrl: undefined }),
    )
    expect(html).toContain('<tr><th align="left">Expires</th><td>never</td></tr>')
    expect(html).toContain('is valid and never expires')
    expect(html).not.toContain('<a href')
  })

  it('shows an automation token with its role and creator instead of a user', () => {
    const html = renderSummaryHtml(
      buildVerifySummary(okReport({ name: 'ci', role: 'engineer', creator_id: 'Creator1' }), { now, runUrl }),
    )
    expect(html).toContain('<tr><th align="left">Kind</th><td>automation token, role engineer</td></tr>')
    expect(html).toContain('<tr><th align="left">Created by (user ID)</th><td>Creator1</td></tr>')
    expect(html).not.toContain('User ID')
    const person = renderSummaryHtml(buildVerifySummary(okReport({ name: 'ci', user_id: 'U1' }), { now, runUrl }))
    expect(person).toContain('<tr><th align="left">User ID</th><td>U1</td></tr>')
    expect(person).not.toContain('Kind')
  })

  it('escapes every string that comes from Fastly', () => {
    const hostile = '<img src=x onerror=alert(1)> | a\nb & "c"'
    const html = renderSummaryHtml(
      buildVerifySummary(okReport({ name: hostile, user_id: '<b>u</b>' }), { now, runUrl }),
    )
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>u')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &#124; a b &amp; &quot;c&quot;')
  })

  it('leads with the error when there is no verdict', () => {
    const html = renderSummaryHtml(
      buildVerifySummary(
        { status: 'error', failure: { key: 'verify-failed', message: 'Could not verify the token: boom.' } },
        { now, runUrl },
      ),
    )
    expect(html).toContain('❌ Fastly token check: failed')
    expect(html).toContain('<p>Could not verify the token: boom.</p>')
  })

  it('says a rejection once, not twice', () => {
    const message =
      'Fastly rejected the token: it is missing, expired or revoked (GET /tokens/self answered HTTP 401: x).'
    const html = renderSummaryHtml(
      buildVerifySummary(
        { status: 'invalid', httpStatus: 401, failure: { key: 'token-rejected-401', message } },
        { now, runUrl },
      ),
    )
    expect(html.split('Fastly rejected the token').length - 1).toBe(1)
  })

  it('is titled by what the step did, and puts what it was run for before the token’s own details', () => {
    const html = renderSummaryHtml(
      buildVerifySummary(okReport({ name: 'admin' }), {
        now,
        runUrl,
        title: 'Fastly token revocation (dry run)',
        leading: [{ kind: 'table', heading: 'Revocations', columns: ['Token'], rows: [['T1']] }],
      }),
    )
    expect(html).toMatch(/^<h2>✅ Fastly token revocation \(dry run\): passed<\/h2>/)
    expect(html.indexOf('<h3>Revocations</h3>')).toBeLessThan(html.indexOf('<h3>Token</h3>'))
  })

  it('escapes all HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'|\r\n`)).toBe('&amp;&lt;&gt;&quot;&#39;&#124; ')
  })
})

describe('the job summary stays under 1 MiB', () => {
  const longName = (i: number) => `${String(i).padStart(3, '0')}-${'ñ'.repeat(12_000)}`

  it('cuts every cell, so 100 rows of 12 KB names fit', () => {
    const html = renderSummaryHtml({
      title: 'Fastly token check',
      outcome: 'warn',
      lead: 'x'.repeat(50_000),
      sections: [
        {
          kind: 'table',
          heading: 'Tokens',
          columns: ['Name', 'Token ID'],
          rows: Array.from({ length: 100 }, (_, i) => [longName(i), `Tok${i}`]),
        },
      ],
      runUrl,
    })
    expect(Buffer.byteLength(html)).toBeLessThan(MAX_SUMMARY_BYTES)
    expect(html).toContain(`<td>${cutText(longName(99), MAX_CELL_CHARS)}</td><td>Tok99</td>`)
    expect(cutText(longName(0), MAX_CELL_CHARS)).toHaveLength(MAX_CELL_CHARS)
    expect(cutText('🚀'.repeat(300), 10)).toBe(`${'🚀'.repeat(9)}…`)
  })

  it('leaves out the less urgent half of the longest table until it fits, and says how many and where', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [
      `Tok${String(i).padStart(6, '0')}`,
      'x'.repeat(60),
      'revoked',
    ])
    const html = renderSummaryHtml({
      title: 'Fastly token check',
      outcome: 'pass',
      lead: 'lead',
      sections: [
        { kind: 'note', text: 'before' },
        { kind: 'table', heading: 'Revocations', columns: ['Token', 'Name', 'Result'], rows, rest: 'the audit file' },
        { kind: 'note', text: 'after' },
      ],
      runUrl,
    })
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(html).toContain('<td>Tok000000</td>')
    expect(html).not.toContain('<td>Tok039999</td>')
    const leftOut = Number(
      /(\d+) more rows of this table left out to keep the job summary under 1 MiB; the audit file has them all\./.exec(
        html,
      )?.[1],
    )
    expect(leftOut).toBeGreaterThan(0)
    expect((html.match(/<td>Tok\d+<\/td>/g) ?? []).length + leftOut).toBe(40_000)
    expect(html).toContain('<p><em>after</em></p>')
  })
})
