import { describe, expect, it } from 'vitest'
import { defaultDependencies, type StepDependencies } from '../../src/steps/dependencies.js'
import { runMain } from '../../src/steps/main-step.js'
import { readSettings } from '../../src/inputs/settings.js'
import { FastlyClient } from '../../src/fastly/client.js'
import { DEFAULT_RETRY_POLICY } from '../../src/fastly/retry-policy.js'
import type { Transport } from '../../src/fastly/exchange.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'
import { createFakeToolkit } from '../support/fake-toolkit.js'

const SECRET = 'sEcReTtOkEnValue0123456789abcdef'
const now = new Date('2026-01-01T00:00:00Z')

function deps(transport: Transport): StepDependencies {
  return {
    now: () => now,
    createClient: (settings, toolkit) =>
      new FastlyClient({
        apiUrl: settings.apiUrl,
        token: settings.token,
        timeoutMs: settings.timeoutMs,
        retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
        log: { debug: (m) => toolkit.debug(m), info: (m) => toolkit.info(m) },
        transport,
      }),
  }
}

const answer =
  (status: number, body: unknown): Transport =>
  async () => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
    size: JSON.stringify(body).length,
    headersAt: 0,
  })

describe('runMain', () => {
  it('masks the token before any other call', async () => {
    const toolkit = createFakeToolkit({ 'api-token': ` ${SECRET} `, 'warn-if-expires-within': '7d', revoke: 'post' })
    await runMain(
      toolkit,
      deps(answer(200, { id: 'T1', name: 'ci', scope: 'global', expires_at: '2026-01-03T00:00:00Z' })),
    )
    expect(toolkit.calls[0]).toEqual(['setSecret', SECRET])
    expect(toolkit.calls[1]).toEqual(['saveState', 'post-revoke', ''])
    expect(JSON.parse(toolkit.state['post-revoke']!)).toMatchObject({
      tokenId: 'T1',
      verified: true,
      expiresAt: '2026-01-03T00:00:00Z',
    })
    expect(toolkit.outputs.status).toBe('expiring')
    expect(JSON.stringify(toolkit.calls.slice(1))).not.toContain(SECRET)
  })

  it('sets every output before failing the step', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET, 'required-scopes': 'purge_all' })
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global:read' })))
    const failedAt = toolkit.calls.findIndex(([method]) => method === 'setFailed')
    const lastOutput = toolkit.calls.findLastIndex(([method]) => method === 'setOutput')
    expect(failedAt).toBeGreaterThan(lastOutput)
    expect(Object.keys(toolkit.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    expect(toolkit.outputs.passed).toBe('false')
    expect(toolkit.calls.filter(([method]) => method === 'setFailed')).toHaveLength(1)
  })

  it('fails with the message of an unexpected error, never "undefined"', async () => {
    for (const thrown of [new Error('socket exploded'), 'a thrown string', { code: 42 }, undefined]) {
      const toolkit = createFakeToolkit({ 'api-token': SECRET })
      await runMain(
        toolkit,
        deps(async () => {
          throw thrown
        }),
      )
      const [, message] = toolkit.calls.find(([method]) => method === 'setFailed')!
      expect(message).toMatch(/^Fastly Token Guard failed unexpectedly: \S/)
      expect(message).not.toMatch(/undefined$/)
    }
  })

  it('warns, without failing, when the summary cannot be written', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET })
    toolkit.failSummaryWith = new Error('disk full')
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global' })))
    expect(toolkit.calls).toContainEqual(['warning', 'Could not write the job summary: disk full'])
    expect(toolkit.calls.some(([method]) => method === 'setFailed')).toBe(false)
  })

  it('uses the real client by default', async () => {
    const toolkit = createFakeToolkit({})
    const client = defaultDependencies.createClient(
      await readSettings((name) => (name === 'api-token' ? SECRET : ''), {}),
      toolkit,
    )
    expect(client).toBeInstanceOf(FastlyClient)
  })
})

describe('runMain and the post step record', () => {
  it('never reads state: which step runs is not the environment’s to say', async () => {
    const toolkit = createFakeToolkit(
      { 'api-token': SECRET, revoke: 'post' },
      {},
      { isPost: 'true', 'post-revoke': '{"forged":true}' },
    )
    toolkit.getState = (name) => {
      throw new Error(`the main step read state ${name}`)
    }
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global', expires_at: '2026-01-03T00:00:00Z' })))
    expect(toolkit.calls.some(([method]) => method === 'setFailed')).toBe(false)
  })

  it('withdraws any record first, then saves a small verified one with revoke: post', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET, revoke: 'post', timeout: '12s' })
    await runMain(
      toolkit,
      deps(answer(200, { id: 'T1', name: 'x'.repeat(300_000), scope: 'global', expires_at: '2026-01-03T00:00:00Z' })),
    )
    const saves = toolkit.calls.filter(([method]) => method === 'saveState')
    expect(saves[0]).toEqual(['saveState', 'post-revoke', ''])
    const record = JSON.parse(toolkit.state['post-revoke']!) as Record<string, unknown>
    expect(record).toMatchObject({ tokenId: 'T1', verified: true, timeoutMs: 12_000, apiUrl: 'https://api.fastly.com' })
    expect(toolkit.state['post-revoke']!.length).toBeLessThan(1024)
  })

  it('says passed=false whenever the step fails, whatever failed', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET, revoke: 'now' })
    // A token that never expires: revoke: now is refused, the step fails, the token itself is fine.
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global' })))
    expect(toolkit.outputs.status).toBe('valid')
    expect(toolkit.outputs.passed).toBe('false')
    expect(toolkit.calls.filter(([method]) => method === 'setFailed')).toHaveLength(1)
  })
})
