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
      buildVerifySummary({ status: 'error', message: 'Could not verify the token: boom.' }, { now, runUrl }),
    )
    expect(html).toContain('❌ Fastly token check: failed')
    expect(html).toContain('No verdict: Could not verify the token: boom.')
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
