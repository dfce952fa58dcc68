import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runAuditPhase } from '../../src/audit/run-audit.js'
import { normalizeToken } from '../../src/fastly/token.js'
import { readSettings } from '../../src/inputs/settings.js'
import { evaluateToken } from '../../src/verify/verdict.js'
import type { VerifyReport } from '../../src/verify/verify-report.js'
import { fakeFastly } from '../support/fake-fastly.js'
import { createFakeToolkit } from '../support/fake-toolkit.js'

const now = new Date('2026-01-01T00:00:00Z')
const temp = mkdtempSync(join(tmpdir(), 'ftg-audit-unit-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const self = { id: 'Self1', user_id: 'U1', customer_id: 'C1', scope: 'global', expires_at: '2026-06-01T00:00:00Z' }
function verified(): VerifyReport {
  const token = normalizeToken(self)
  const verdict = evaluateToken(
    token,
    { failWithin: undefined, warnWithin: 7 * 86400, requireExpiry: false, requiredScopes: [], requiredServices: [] },
    now,
  )
  return { status: verdict.status, token, verdict }
}
const settings = (inputs: Record<string, string>) =>
  readSettings((name) => ({ 'api-token': 'unit-test-token-0000000000000000', ...inputs })[name] ?? '', {})

describe('runAuditPhase', () => {
  it('lists, classifies, writes the audit file and hands back outputs, sections and failures', async () => {
    const list = [
      self,
      { id: 'Old1', user_id: 'U1', name: 'old', expires_at: '2025-12-01T00:00:00Z' },
      { id: 'Forever1', user_id: 'U1', name: 'forever' },
    ]
    const { client, seen } = fakeFastly(() => ({ status: 200, body: list }))
    const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
    const phase = await runAuditPhase(
      toolkit,
      client,
      await settings({ audit: 'user', 'audit-fail-on': 'expired' }),
      verified(),
      now,
    )
    expect(seen.map((request) => request.url.pathname)).toEqual(['/tokens'])
    expect(phase.outputs).toMatchObject({
      'token-count': '3',
      'expired-token-ids': '["Old1"]',
      'no-expiry-token-ids': '["Forever1"]',
    })
    expect(phase.failures).toEqual([expect.stringMatching(/found 1 token flagged in audit-fail-on \(expired: 1\)/)])
    const file = JSON.parse(readFileSync(phase.outputs['audit-file']!, 'utf8')) as {
      tokens: Array<{ id: string; current: boolean }>
    }
    expect(file.tokens.map((token) => token.id)).toEqual(['Old1', 'Forever1', 'Self1'])
    expect(file.tokens.find((token) => token.id === 'Self1')?.current).toBe(true)
  })

  it('writes the audit file saying why when the list fails, and fails with Fastly’s words', async () => {
    const { client } = fakeFastly(() => ({ status: 403, body: { msg: 'Not a superuser' } }))
    const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
    const phase = await runAuditPhase(toolkit, client, await settings({ audit: 'customer' }), verified(), now)
    expect(phase.failures).toEqual([expect.stringMatching(/HTTP 403.*superuser/)])
    const file = JSON.parse(readFileSync(phase.outputs['audit-file']!, 'utf8')) as { error: string; tokens: unknown[] }
    expect(file.error).toMatch(/Not a superuser/)
    expect(file.tokens).toEqual([])
  })

  it('does not run for a token that could not be verified', async () => {
    const { client, seen } = fakeFastly(() => ({ status: 200, body: [] }))
    const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
    const phase = await runAuditPhase(
      toolkit,
      client,
      await settings({ audit: 'user' }),
      { status: 'invalid', httpStatus: 401, message: 'x' },
      now,
    )
    expect(seen).toEqual([])
    expect(phase.result).toBeUndefined()
    expect(phase.outputs['audit-file']).toMatch(/fastly-token-audit-user\.json$/)
  })
})
