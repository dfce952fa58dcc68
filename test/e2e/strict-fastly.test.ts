/**
 * The action against a Fastly as strict as the real one: read-only tokens
 * may not write, purge-only ones may not manage tokens, an unknown or revoked
 * token gets 401 or 403 (both are seen; the tests run against each), an
 * expired one says so, and the hourly write budget runs out. Every revocation
 * the action reports is one Fastly confirmed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAction, runJob, type RunResult, tokenLeaks } from '../../tools/runner.js'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../../tools/simulator.js'

const HOUR = 3600 * 1000
const warnings = (result: RunResult) => result.annotations.filter((a) => a.level === 'warning').map((a) => a.message)
const errors = (result: RunResult) => result.annotations.filter((a) => a.level === 'error').map((a) => a.message)

for (const invalidStatus of [401, 403] as const) {
  describe(`against a Fastly that answers ${invalidStatus} for a revoked token`, () => {
    let simulator: FastlySimulator
    beforeAll(async () => {
      simulator = await FastlySimulator.start({ invalidStatus })
    })
    afterAll(async () => simulator.close())
    beforeEach(() => {
      simulator.requests.length = 0
      simulator.clearFaults()
    })
    const token = (fields: Record<string, unknown> = {}): SimulatedToken =>
      simulator.addToken({
        name: 'deploy',
        user_id: `StrictUser${invalidStatus}00000000001`,
        expires_at: isoSeconds(new Date(Date.now() + 2 * HOUR)),
        ...fields,
      })

    it('a deploy job whose token was revoked fails before deploying', async () => {
      const revoked = token()
      simulator.token(revoked.record.id)!.revoked = true
      const result = await runAction({ inputs: { 'api-token': revoked.secret, 'api-url': simulator.url } })
      expect(result.exitCode).toBe(1)
      expect(result.outputs).toMatchObject({ status: 'invalid', passed: 'false' })
      expect(errors(result)).toEqual([expect.stringMatching(new RegExp(`HTTP ${invalidStatus}`))])
    })

    it('an expired token is rejected with Fastly’s own words', async () => {
      const expired = token({ expires_at: isoSeconds(new Date(Date.now() - HOUR)) })
      const result = await runAction({ inputs: { 'api-token': expired.secret, 'api-url': simulator.url } })
      expect(result.outputs.status).toBe('invalid')
      expect(errors(result)[0]).toMatch(new RegExp(`Token ${expired.record.id} expired at`))
    })

    it('revoke: now and revoke: post report revoked only once Fastly rejects the token', async () => {
      const now = token()
      const nowRun = await runAction({ inputs: { 'api-token': now.secret, 'api-url': simulator.url, revoke: 'now' } })
      expect(nowRun.outputs.revoked).toBe('true')
      expect(simulator.apiRequests().at(-1)).toMatchObject({
        method: 'GET',
        path: '/tokens/self',
        status: invalidStatus,
      })

      const post = token()
      const job = await runJob({ inputs: { 'api-token': post.secret, 'api-url': simulator.url, revoke: 'post' } })
      expect(job.post.exitCode).toBe(0)
      expect(job.post.stdout).toContain('(confirmed: Fastly now rejects it)')
      expect(simulator.isRevoked(post.record.id)).toBe(true)
    })

    it('a token revoked during the job is already gone for the post step, and it says so', async () => {
      const deploy = token()
      const main = await runAction({ inputs: { 'api-token': deploy.secret, 'api-url': simulator.url, revoke: 'post' } })
      simulator.token(deploy.record.id)!.revoked = true
      simulator.requests.length = 0
      const post = await runAction({
        step: 'post',
        inputs: { 'api-token': deploy.secret, 'api-url': simulator.url },
        state: main.state,
      })
      expect(post.exitCode).toBe(0)
      expect(post.stdout).toContain('was already revoked')
      expect(post.annotations).toEqual([])
    })

    it('a 204 that did not revoke is reported as not revoked, and fails the step with fail-on-revoke-error', async () => {
      const deploy = token()
      simulator.injectFault({ kind: 'status', status: 204, body: '', method: 'DELETE', path: '/tokens/self' })
      const result = await runAction({
        inputs: { 'api-token': deploy.secret, 'api-url': simulator.url, revoke: 'now', 'fail-on-revoke-error': 'true' },
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs).toMatchObject({ revoked: 'false', 'revoked-token-ids': '[]', passed: 'false' })
      expect(errors(result)[0]).toMatch(/still accepts the token/)
      expect(simulator.isRevoked(deploy.record.id)).toBe(false)
    })
  })
}

describe('least privilege before writes', () => {
  let simulator: FastlySimulator
  beforeAll(async () => {
    simulator = await FastlySimulator.start()
  })
  afterAll(async () => simulator.close())
  beforeEach(() => {
    simulator.requests.length = 0
  })
  const user = { user_id: 'LeastUser0000000000001', customer_id: 'LeastCustomer000000001' }
  const expiresSoon = () => isoSeconds(new Date(Date.now() + 2 * HOUR))

  it('refuses revoke-token-ids with a read-only or purge-only token before sending any write', async () => {
    for (const scope of ['global:read', 'purge_all']) {
      const runner = simulator.addToken({ ...user, name: `runner-${scope}`, scope, expires_at: expiresSoon() })
      const victim = simulator.addToken({ ...user, name: 'victim', expires_at: expiresSoon() })
      simulator.requests.length = 0
      const result = await runAction({
        inputs: { 'api-token': runner.secret, 'api-url': simulator.url, 'revoke-token-ids': victim.record.id },
      })
      expect(result.exitCode).toBe(1)
      expect(errors(result)[0]).toMatch(new RegExp(`has the scope ${scope}.*needs a token with the global scope`))
      expect(simulator.apiRequests().map((request) => request.method)).toEqual(['GET'])
      expect(simulator.isRevoked(victim.record.id)).toBe(false)
    }
  })

  it('warns that a read-only token cannot revoke itself, and then shows what Fastly does: it refuses', async () => {
    const reader = simulator.addToken({ ...user, name: 'reader', scope: 'global:read', expires_at: expiresSoon() })
    const job = await runJob({ inputs: { 'api-token': reader.secret, 'api-url': simulator.url, revoke: 'post' } })
    expect(warnings(job.main)).toEqual([expect.stringMatching(/Fastly refuses writes by read-only tokens/)])
    expect(warnings(job.post)).toEqual([expect.stringMatching(/HTTP 403: Read only tokens are not allowed/)])
    // A global:read token never gets a 204 for a write.
    expect(
      simulator
        .apiRequests()
        .filter((request) => request.method !== 'GET')
        .map((request) => request.status),
    ).toEqual([403])
    expect(simulator.isRevoked(reader.record.id)).toBe(false)
  })
})

describe('the hourly write budget', () => {
  it('stops before the revocations it cannot send, naming what remains and when it resets, and outputs what remains', async () => {
    const simulator = await FastlySimulator.start()
    try {
      const owner = { user_id: 'BudgetUser000000000001', customer_id: 'BudgetCustomer00000001' }
      const runner = simulator.addToken({ ...owner, name: 'runner' })
      const victims = Array.from({ length: 250 }, (_, i) => simulator.addToken({ ...owner, name: `victim-${i}` }))
      simulator.setWriteBudget(1, owner.user_id)
      const result = await runAction({
        inputs: {
          'api-token': runner.secret,
          'api-url': simulator.url,
          'revoke-token-ids': JSON.stringify(victims.map((victim) => victim.record.id)),
        },
      })
      // One chunk of 100 is sent; Fastly then says 0 remain; the other two chunks are never sent.
      expect(simulator.apiRequests().filter((request) => request.method === 'DELETE')).toHaveLength(1)
      expect(victims.filter((victim) => simulator.isRevoked(victim.record.id))).toHaveLength(100)
      expect(JSON.parse(result.outputs['revoked-token-ids']!)).toHaveLength(100)
      expect(result.outputs['rate-limit-remaining']).toBe('0')
      expect(warnings(result)[0]).toMatch(/needs 2 writes and Fastly's hourly write budget has 0 left until \d{4}-/)
      expect(tokenLeaks(result, runner.secret)).toEqual([])
    } finally {
      await simulator.close()
    }
  })
})
