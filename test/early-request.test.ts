import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEarlyRequest, waitUntilSent } from '../src/early-request.js'
import { fingerprintToken } from '../src/state.js'
import { startSilentServer } from '../tools/silent-server.js'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../tools/simulator.js'

let simulator: FastlySimulator
let token: SimulatedToken
beforeAll(async () => {
  simulator = await FastlySimulator.start()
  token = simulator.addToken({ name: 'early', expires_at: isoSeconds(new Date(Date.now() + 3_600_000)) })
})
afterAll(async () => simulator.close())
afterEach(() => {
  simulator.requests.length = 0
  delete process.env.https_proxy
  delete process.env.http_proxy
})

const inputs = (extra: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries({ 'api-token': token.secret, 'api-url': simulator.url, timeout: '5s', 'max-retries': '3', ...extra }).map(([k, v]) => [
      `INPUT_${k.toUpperCase()}`,
      v,
    ]),
  )
const postState = (fingerprint: string, extra: Record<string, unknown> = {}) => ({
  STATE_isPost: 'true',
  'STATE_post-revoke': JSON.stringify({
    tokenId: token.record.id,
    tokenName: 'early',
    fingerprint,
    expiresAt: token.record.expires_at,
    verified: true,
    ...extra,
  }),
})

describe('startEarlyRequest', () => {
  it("sends the main step's GET /tokens/self, exactly as the client would", async () => {
    const early = startEarlyRequest(inputs())
    expect(early).toMatchObject({ method: 'GET', url: `${simulator.url}/tokens/self` })
    expect((await early!.response).status).toBe(200)
    expect(simulator.apiRequests().map((r) => `${r.method} ${r.path} ${r.headers['fastly-key'] === token.secret}`)).toEqual(['GET /tokens/self true'])
  })

  it('settles `sent` once the request is written, without waiting for the answer', async () => {
    simulator.injectFault({ kind: 'hang', method: 'GET', path: '/tokens/self' })
    const early = startEarlyRequest(inputs({ timeout: '1s' }))!
    const order: string[] = []
    void early.response.then(
      () => order.push('answered'),
      () => order.push('gave up'),
    )
    await early.sent
    order.push('sent')
    await expect(early.response).rejects.toThrow(/within 1 s/)
    expect(order).toEqual(['sent', 'gave up'])
    expect(simulator.apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /tokens/self'])
  })

  it('settles `sent` when the request cannot be written, so the entry never waits forever', async () => {
    const closed = await FastlySimulator.start()
    const url = closed.url
    await closed.close()
    const early = startEarlyRequest(inputs({ 'api-url': url }))!
    await early.sent
    await expect(early.response).rejects.toThrow(/connection refused/)
  })

  it('stops waiting for `sent` after the limit when the connection hangs, so the step still starts', async () => {
    // The TLS handshake never completes, so the request is never written.
    const silent = await startSilentServer()
    try {
      const early = startEarlyRequest(inputs({ 'api-url': `https://127.0.0.1:${silent.port}`, timeout: '2s' }))!
      let sent = false
      void early.sent.then(() => (sent = true))
      const started = performance.now()
      await waitUntilSent(early, 200)
      expect(performance.now() - started).toBeGreaterThanOrEqual(190)
      expect(sent).toBe(false)
      await expect(early.response).rejects.toThrow(/within 2 s/)
    } finally {
      await silent.close()
    }
  })

  it('sends nothing when an input is invalid: the step reports it', () => {
    const bad: Array<Record<string, string>> = [
      { 'api-url': 'http://api.fastly.com' },
      { 'api-token': '' },
      { timeout: 'soon' },
      { 'required-scopes': 'purge' },
    ]
    for (const inputsOverride of bad) {
      expect(startEarlyRequest(inputs(inputsOverride))).toBeUndefined()
    }
    expect(simulator.requests).toHaveLength(0)
  })

  it('leaves proxied requests to the step, whose agent knows the proxy', () => {
    process.env.https_proxy = 'http://127.0.0.1:9'
    process.env.http_proxy = 'http://127.0.0.1:9'
    expect(startEarlyRequest(inputs({ 'api-url': 'https://api.fastly.com' }))).toBeUndefined()
  })

  it("sends the post step's DELETE only when the post step would revoke", async () => {
    expect(startEarlyRequest({ ...inputs(), ...postState('0'.repeat(64)) })).toBeUndefined() // another token
    expect(startEarlyRequest({ ...inputs({ 'dry-run': 'true' }), ...postState(fingerprintToken(token.secret)) })).toBeUndefined()
    expect(startEarlyRequest({ ...inputs(), STATE_isPost: 'true' })).toBeUndefined() // nothing recorded
    expect(startEarlyRequest({ ...inputs(), ...postState(fingerprintToken(token.secret), { verified: false, tokenId: null }) })).toBeUndefined() // verify first
    expect(simulator.requests).toHaveLength(0)

    const early = startEarlyRequest({ ...inputs(), ...postState(fingerprintToken(token.secret)) })
    expect(early).toMatchObject({ method: 'DELETE', url: `${simulator.url}/tokens/self` })
    expect((await early!.response).status).toBe(204)
    expect(simulator.isRevoked(token.record.id)).toBe(true)
  })
})
