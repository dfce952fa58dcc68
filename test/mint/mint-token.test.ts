import { describe, expect, it } from 'vitest'
import { FastlyClient } from '../../src/fastly/client.js'
import type { HttpRequest, Transport } from '../../src/fastly/exchange.js'
import { TransportError } from '../../src/fastly/exchange.js'
import { DEFAULT_RETRY_POLICY } from '../../src/fastly/retry-policy.js'
import type { MintSettings } from '../../src/inputs/settings.js'
import { decodeBase32 } from '../../src/mint/base32.js'
import { mintToken } from '../../src/mint/mint-token.js'
import { totp } from '../../src/mint/totp.js'
import { createFakeToolkit } from '../support/fake-toolkit.js'

const NEW_SECRET = 'nEwSeCrEt0123456789abcdefghijklm'
const PASSWORD = 'pa55-w0rd-for-the-deploy-user'
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const now = new Date('2026-03-01T10:00:20Z')

const mint = (overrides: Partial<MintSettings> = {}): MintSettings => ({
  username: 'deployer@example.test',
  password: PASSWORD,
  otpSecret: SEED,
  name: 'acme/site run 42 attempt 1 job deploy',
  scopes: ['purge_all'],
  services: ['SvcA1', 'SvcB2'],
  lifetimeSeconds: 7200,
  ...overrides,
})

function setup(answer: (request: HttpRequest) => { status: number; body?: unknown } | Error) {
  const seen: HttpRequest[] = []
  const transport: Transport = async (request) => {
    seen.push(request)
    const result = answer(request)
    if (result instanceof Error) throw result
    const text =
      result.body === undefined ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body)
    return {
      status: result.status,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(text),
      size: text.length,
      headersAt: 0,
    }
  }
  const toolkit = createFakeToolkit({})
  const client = new FastlyClient({
    apiUrl: 'https://api.fastly.test',
    token: '',
    timeoutMs: 5_000,
    // Generous retries: none of them may be spent on a create that reached Fastly.
    retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 3 },
    log: { debug: (m) => toolkit.debug(m), info: (m) => toolkit.info(m) },
    transport,
    sleep: async () => undefined,
  })
  const mask = (secret: string) => toolkit.setSecret(secret)
  return { seen, toolkit, client, mask }
}

const created = {
  status: 200,
  body: {
    id: 'NewTok1',
    name: 'acme/site run 42 attempt 1 job deploy',
    user_id: 'U1',
    customer_id: 'C1',
    scope: 'purge_all',
    services: ['SvcA1', 'SvcB2'],
    expires_at: '2026-03-01T12:00:20Z',
    created_at: '2026-03-01T10:00:20Z',
    access_token: NEW_SECRET,
  },
}

describe('mintToken', () => {
  it('sends one form with the current one-time code and masks the new secret before it says anything more', async () => {
    const { seen, toolkit, client, mask } = setup(() => created)
    const outcome = await mintToken(toolkit, client, mint(), now, mask)
    expect(outcome).toEqual({
      made: {
        secret: NEW_SECRET,
        id: 'NewTok1',
        name: created.body.name,
        expiresAt: Date.parse('2026-03-01T12:00:20Z'),
        // What was asked travels with it, for the gate's check that Fastly made it no wider.
        asked: { scopes: ['purge_all'], services: ['SvcA1', 'SvcB2'], expiresAt: Date.parse('2026-03-01T12:00:20Z') },
      },
    })
    expect(seen).toHaveLength(1)
    const [request] = seen
    expect(request!.headers['Fastly-OTP']).toBe(totp(decodeBase32(SEED)!, now.getTime()))
    expect(request!.headers['Fastly-Key']).toBeUndefined()
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toMatchObject({
      username: 'deployer@example.test',
      password: PASSWORD,
      scope: 'purge_all',
      expires_at: '2026-03-01T12:00:20Z',
    })
    const maskAt = toolkit.calls.findIndex((call) => call[0] === 'setSecret' && call[1] === NEW_SECRET)
    const madeAt = toolkit.calls.findIndex((call) => call[0] === 'info' && call[1]!.startsWith('Made the token'))
    expect(maskAt).toBeGreaterThanOrEqual(0)
    expect(madeAt).toBeGreaterThan(maskAt)
    expect(JSON.stringify(toolkit.calls)).not.toContain(PASSWORD)
    expect(JSON.stringify(toolkit.calls)).not.toContain(SEED)
  })

  it('sends no one-time code for a user without two-factor authentication', async () => {
    const { seen, toolkit, client, mask } = setup(() => created)
    await mintToken(toolkit, client, mint({ otpSecret: undefined }), now, mask)
    expect(seen[0]!.headers['Fastly-OTP']).toBeUndefined()
  })

  it('keeps the expiry it asked for when the answer has none it can read', async () => {
    const { toolkit, client, mask } = setup(() => ({ status: 200, body: { access_token: NEW_SECRET } }))
    const outcome = await mintToken(toolkit, client, mint(), now, mask)
    expect(outcome).toEqual({
      made: {
        secret: NEW_SECRET,
        id: null,
        name: mint().name,
        expiresAt: Date.parse('2026-03-01T12:00:20Z'),
        asked: { scopes: ['purge_all'], services: ['SvcA1', 'SvcB2'], expiresAt: Date.parse('2026-03-01T12:00:20Z') },
      },
    })
  })

  it('fails once, with Fastly words and without the password it echoed, on a refused password', async () => {
    const { seen, toolkit, client, mask } = setup(() => ({ status: 401, body: { msg: `wrong password ${PASSWORD}` } }))
    const outcome = await mintToken(toolkit, client, mint(), now, mask)
    expect(seen).toHaveLength(1)
    expect('failure' in outcome && outcome.failure).toEqual({
      key: 'mint-refused',
      message: expect.stringMatching(/^Fastly refused to make a token .* HTTP 401: wrong password \*\*\*\./),
    })
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD)
  })

  it('does not send again after a 503 or a broken connection, and says a token may be left behind', async () => {
    for (const answer of [
      { status: 503, body: { msg: 'busy' } },
      new TransportError('network', 'the connection was reset'),
    ]) {
      const { seen, toolkit, client, mask } = setup(() => answer)
      const outcome = await mintToken(toolkit, client, mint(), now, mask)
      expect(seen).toHaveLength(1)
      expect('failure' in outcome && outcome.failure).toEqual({
        key: 'mint-outcome-unknown',
        message: expect.stringMatching(/expires at 2026-03-01 12:00 UTC/),
      })
    }
  })

  it('sends again only what never left this machine', async () => {
    let attempts = 0
    const { seen, toolkit, client, mask } = setup(() =>
      ++attempts < 3 ? new TransportError('network', 'connection refused by api.fastly.test', false) : created,
    )
    const outcome = await mintToken(toolkit, client, mint(), now, mask)
    expect(seen).toHaveLength(3)
    expect('made' in outcome).toBe(true)
  })
})
