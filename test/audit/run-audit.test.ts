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
/** An automation token answering GET /tokens/self (a superuser-role one, so it may list the customer's tokens). */
const robotSelf = { id: 'Robot1', creator_id: 'U9', customer_id: 'C1', role: 'superuser', scopes: 'global' }
function verified(raw: Record<string, unknown> = self): VerifyReport {
  const token = normalizeToken(raw)
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
    expect(phase.failures).toEqual([
      { key: 'audit-fail-on', message: expect.stringMatching(/found 1 token flagged in audit-fail-on \(expired: 1\)/) },
    ])
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
    expect(phase.failures).toEqual([
      { key: 'audit-customer-list-refused', message: expect.stringMatching(/HTTP 403.*superuser/) },
    ])
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
      { status: 'invalid', httpStatus: 401, failure: { key: 'token-rejected-401', message: 'x' } },
      now,
    )
    expect(seen).toEqual([])
    expect(phase.result).toBeUndefined()
    expect(phase.outputs['audit-file']).toMatch(/fastly-token-audit-user\.json$/)
  })

  const robots = [
    { id: 'Robot1', creator_id: 'U9', customer_id: 'C1', role: 'superuser', scopes: 'global', expires_at: null },
    { id: 'Robot2', creator_id: 'U9', customer_id: 'C1', role: 'engineer', scopes: 'global', expires_at: null },
    { id: 'Robot3', creator_id: 'U9', role: 'billing', scopes: 'global:read', expires_at: '2025-12-01T00:00:00Z' },
  ]
  /** Fastly with a customer list (holding Robot2 too when `includesRobots`) and one page of automation tokens. */
  const customerFastly = (includesRobots: boolean) =>
    fakeFastly((request) => {
      if (request.url.pathname === '/automation-tokens')
        return { status: 200, body: { data: robots, meta: { current_page: 1, total_pages: 1, record_count: 3 } } }
      const people = [self, { id: 'Old1', user_id: 'U2', expires_at: '2025-12-01T00:00:00Z' }]
      return { status: 200, body: includesRobots ? [...people, { ...robots[1], scope: 'global' }] : people }
    })

  it("audits the customer's automation tokens with audit: automation, marking the automation token it runs with", async () => {
    const { client, seen } = customerFastly(false)
    const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
    const phase = await runAuditPhase(
      toolkit,
      client,
      await settings({ audit: 'automation' }),
      verified(robotSelf),
      now,
    )
    expect(seen.map((request) => request.url.pathname)).toEqual(['/automation-tokens'])
    expect(phase.failures).toEqual([])
    expect(phase.outputs).toMatchObject({ 'token-count': '3', 'expired-token-ids': '["Robot3"]' })
    expect(JSON.parse(phase.outputs['no-expiry-token-ids']!)).toEqual(['Robot2'])
    const tokens = JSON.parse(phase.outputs.tokens!) as Array<Record<string, unknown>>
    expect(tokens.find((token) => token.id === 'Robot1')).toMatchObject({
      kind: 'automation',
      role: 'superuser',
      'user-id': '',
      'creator-id': 'U9',
      current: true,
    })
    expect(phase.outputs['audit-file']).toMatch(/fastly-token-audit-automation-C1\.json$/)
    expect(toolkit.calls).toContainEqual([
      'info',
      expect.stringMatching(/^Listed 3 automation tokens of customer C1 \(\d+ bytes in 1 answer\)\.$/),
    ])
  })

  it.each([false, true])(
    'audits user and automation tokens together with audit: customer, each once (customer list with automation tokens: %s)',
    async (includesRobots) => {
      const { client, seen } = customerFastly(includesRobots)
      const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
      const phase = await runAuditPhase(toolkit, client, await settings({ audit: 'customer' }), verified(), now)
      expect(seen.map((request) => request.url.pathname)).toEqual(['/customer/C1/tokens', '/automation-tokens'])
      expect(phase.outputs['token-count']).toBe('5')
      const tokens = JSON.parse(phase.outputs.tokens!) as Array<{ id: string; kind: string; role: string }>
      expect(tokens.map((token) => token.id).sort()).toEqual(['Old1', 'Robot1', 'Robot2', 'Robot3', 'Self1'])
      expect(tokens.find((token) => token.id === 'Robot2')).toMatchObject({ kind: 'automation', role: 'engineer' })
      expect(JSON.parse(phase.outputs['expired-token-ids']!)).toEqual(['Old1', 'Robot3'])
      expect(phase.result?.countsByKind).toEqual({ user: 2, automation: 3, 'browser-session': 0 })
    },
  )

  it("audits another customer's user tokens only, and says that its automation tokens were not audited", async () => {
    const { client, seen } = customerFastly(false)
    const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
    const phase = await runAuditPhase(
      toolkit,
      client,
      await settings({ audit: 'customer', 'customer-id': 'C2' }),
      verified(),
      now,
    )
    expect(seen.map((request) => request.url.pathname)).toEqual(['/customer/C2/tokens'])
    const warning =
      "The automation tokens of customer C2 were not audited: Fastly's GET /automation-tokens lists only those of the token's own customer (C1). Audit them with a token of customer C2."
    // First that warning; then, for a report-only audit, one per category of the tokens that need a person.
    expect(phase.warnings[0]).toEqual({ key: 'audit-automation-not-audited', message: warning })
    expect(phase.warnings.length).toBeGreaterThan(1)
    expect(
      phase.warnings
        .slice(1)
        .every(
          ({ key, message }) =>
            key === 'audit-findings' && /^The token audit found \d+ tokens? whose most urgent flag is/.test(message),
        ),
    ).toBe(true)
    expect(phase.sections).toContainEqual({ kind: 'note', text: warning })
  })

  it('refuses audit: automation for another customer, before any request, naming the input', async () => {
    const { client, seen } = customerFastly(false)
    const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
    const phase = await runAuditPhase(
      toolkit,
      client,
      await settings({ audit: 'automation', 'customer-id': 'C2' }),
      verified(),
      now,
    )
    expect(seen).toEqual([])
    expect(phase.failures).toEqual([
      {
        key: 'input-not-valid',
        message:
          "Input 'customer-id' names C2, but 'audit: automation' lists the automation tokens of the token's own customer (C1): Fastly's GET /automation-tokens takes no customer. Leave customer-id empty, or audit with a token of customer C2.",
      },
    ])
  })

  it('explains that an automation token has no user to audit with audit: user', async () => {
    const { client, seen } = customerFastly(false)
    const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
    const phase = await runAuditPhase(toolkit, client, await settings({ audit: 'user' }), verified(robotSelf), now)
    expect(seen).toEqual([])
    expect(phase.failures).toEqual([
      {
        key: 'audit-failed',
        message: expect.stringMatching(/^The token audit cannot run: 'audit: user' .* automation token/),
      },
    ])
  })

  it('keys each list failure and skipped entry by what went wrong, not by its words', async () => {
    const audit = async (mode: string, answer: Parameters<typeof fakeFastly>[0]) =>
      runAuditPhase(
        createFakeToolkit({}, { RUNNER_TEMP: temp }),
        fakeFastly(answer).client,
        await settings({ audit: mode }),
        verified(mode === 'automation' ? robotSelf : self),
        now,
      )
    // Fastly's words name the other refusal: the path that was refused decides.
    const refused = await audit('automation', () => ({
      status: 403,
      body: { msg: 'Fastly refused to list the tokens of customer C1' },
    }))
    expect(refused.failures.map((failure) => failure.key)).toEqual(['audit-automation-list-refused'])
    const failed = await audit('user', () => ({ status: 500, body: { msg: 'Not a superuser (HTTP 403)' } }))
    expect(failed.failures).toEqual([
      { key: 'audit-failed', message: expect.stringMatching(/^The token audit failed: /) },
    ])
    const odd = await audit('user', () => ({ status: 200, body: [self, 42] }))
    expect(odd.warnings).toContainEqual({
      key: 'audit-unreadable-entries',
      message: "1 entries of Fastly's token list were not token objects and were skipped.",
    })
  })

  it("audits the people's tokens and warns, with Fastly's 403, when the automation list is refused", async () => {
    const { client } = fakeFastly((request) =>
      request.url.pathname === '/automation-tokens'
        ? { status: 403, body: { msg: 'You are not authorized to perform this action' } }
        : { status: 200, body: [self] },
    )
    const toolkit = createFakeToolkit({}, { RUNNER_TEMP: temp })
    const phase = await runAuditPhase(toolkit, client, await settings({ audit: 'customer' }), verified(), now)
    expect(phase.failures).toEqual([])
    expect(phase.warnings[0]).toEqual({
      key: 'audit-automation-not-audited',
      message: expect.stringMatching(
        /^The automation tokens of customer C1 were not audited: GET \/automation-tokens\?page=1&per_page=100 answered HTTP 403: You are not authorized/,
      ),
    })
    expect(phase.result?.entries.map((entry) => entry.token.id)).toEqual(['Self1'])
  })
})
