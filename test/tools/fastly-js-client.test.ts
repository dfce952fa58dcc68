/**
 * Conformance: Fastly's official JavaScript client (npm `fastly`, generated
 * from Fastly's OpenAPI description) drives the simulator. What it sends is
 * what Fastly expects, so the simulator must understand it, and what the
 * simulator answers must be what the client can read.
 */
import { createRequire } from 'node:module'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../../tools/simulator.js'

/** The part of superagent's request the plugin touches. */
interface OutgoingRequest {
  url: string
}

/** The parts of the package's CommonJS API this test uses (it ships no type declarations). */
interface ApiClient {
  plugins: Array<(request: OutgoingRequest) => void> | null
  rateLimitRemaining: number
  rateLimitReset: number | null
  authenticate(token: string): void
}

interface TokenResponse {
  id?: string
  name?: string
  user_id?: string
  scope?: string
  services?: string[]
  expires_at?: string | null
}

interface TokensApi {
  getTokenCurrent(): Promise<TokenResponse>
  listTokensUser(): Promise<TokenResponse[]>
  listTokensCustomer(options: { customer_id: string }): Promise<TokenResponse[]>
  revokeToken(options: { token_id: string }): Promise<null>
  revokeTokenCurrent(): Promise<null>
  bulkRevokeTokens(options: { request_body: { data: Array<{ type: 'token'; id: string }> } }): Promise<null>
}

/** What the client rejects with on an HTTP error. */
interface ClientError {
  status?: number
  body?: { msg?: string }
  response?: { headers: Record<string, string | undefined> }
}

const Fastly = createRequire(import.meta.url)('fastly') as {
  ApiClient: new () => ApiClient
  TokensApi: new (client: ApiClient) => TokensApi
}

const NOW = new Date('2025-06-01T10:15:00Z')
const NEXT_HOUR = Date.parse('2025-06-01T11:00:00Z') / 1000
const CUSTOMER = 'JsCustomer000000000001'

let simulator: FastlySimulator
beforeEach(async () => {
  simulator = await FastlySimulator.start({ now: () => NOW })
})
afterEach(async () => {
  await simulator.close()
})

/**
 * A client of the simulator authenticated as `token`. Every generated
 * operation passes its own base path (https://api.fastly.com) to callApi,
 * which wins over ApiClient.basePath, so setting basePath alone would still
 * reach the real Fastly. A superagent plugin (ApiClient.plugins, applied to
 * each request before it is sent) rewrites the URL to the simulator instead.
 */
function clientFor(token: SimulatedToken): { api: TokensApi; client: ApiClient } {
  const client = new Fastly.ApiClient()
  client.plugins = [
    (request) => {
      request.url = request.url.replace('https://api.fastly.com', simulator.url)
    },
  ]
  // TokensApi authenticates with FASTLY_API_TOKEN when it is set; authenticating afterwards makes the test's token win.
  const api = new Fastly.TokensApi(client)
  client.authenticate(token.secret)
  return { api, client }
}

async function failure(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise
  } catch (error) {
    return error as ClientError
  }
  throw new Error('expected the call to fail')
}

function users() {
  const base = { customer_id: CUSTOMER, expires_at: isoSeconds(new Date(NOW.getTime() + 30 * 86_400_000)) }
  return {
    deploy: simulator.addToken({
      ...base,
      user_id: 'JsUser0000000000000001',
      name: 'deploy',
      scope: 'global purge_all',
      services: ['SvcA'],
    }),
    spare: simulator.addToken({ ...base, user_id: 'JsUser0000000000000001', name: 'spare' }),
    colleague: simulator.addToken({ ...base, user_id: 'JsUser0000000000000002', name: 'colleague' }),
    admin: simulator.addToken({ ...base, user_id: 'JsAdmin000000000000001', name: 'admin' }, { superuser: true }),
    reader: simulator.addToken({ ...base, user_id: 'JsUser0000000000000001', name: 'reader', scope: 'global:read' }),
  }
}

describe('the official fastly-js client against the simulator', () => {
  it('getTokenCurrent reads the token', async () => {
    const { deploy } = users()
    const token = await clientFor(deploy).api.getTokenCurrent()
    expect(token).toMatchObject({
      id: deploy.record.id,
      name: 'deploy',
      user_id: 'JsUser0000000000000001',
      scope: 'global purge_all',
      services: ['SvcA'],
      expires_at: deploy.record.expires_at,
    })
    expect(simulator.requests[0]).toMatchObject({ method: 'GET', path: '/tokens/self', tokenId: deploy.record.id })
    expect(simulator.requests[0]!.headers['user-agent']).toMatch(/^fastly-js\//)
  })

  it("listTokensUser lists the user's tokens, and only theirs", async () => {
    const { deploy, spare, reader } = users()
    const tokens = await clientFor(deploy).api.listTokensUser()
    expect(tokens.map((token) => token.id).sort()).toEqual([deploy.record.id, spare.record.id, reader.record.id].sort())
  })

  it("listTokensCustomer lists the customer's tokens for a superuser, and answers 403 to others", async () => {
    const all = users()
    const tokens = await clientFor(all.admin).api.listTokensCustomer({ customer_id: CUSTOMER })
    expect(tokens.map((token) => token.name).sort()).toEqual(['admin', 'colleague', 'deploy', 'reader', 'spare'])
    const refused = await failure(clientFor(all.deploy).api.listTokensCustomer({ customer_id: CUSTOMER }))
    expect(refused.status).toBe(403)
    expect(refused.body?.msg).toBe('You are not authorized to perform this action')
  })

  it('revokeToken revokes by ID (the client reads the rate-limit headers), and 404s an unknown ID', async () => {
    const { deploy, spare } = users()
    const { api, client } = clientFor(deploy)
    expect(await api.revokeToken({ token_id: spare.record.id })).toBeNull()
    expect(simulator.isRevoked(spare.record.id)).toBe(true)
    expect(client.rateLimitRemaining).toBe(999)
    expect(client.rateLimitReset).toBe(NEXT_HOUR)
    const unknown = await failure(api.revokeToken({ token_id: 'NoSuchToken00000000001' }))
    expect(unknown.status).toBe(404)
    expect(unknown.body?.msg).toBe('Record not found')
  })

  it('revokeTokenCurrent revokes the token itself, after which it gets 401', async () => {
    const { deploy } = users()
    const { api } = clientFor(deploy)
    expect(await api.revokeTokenCurrent()).toBeNull()
    expect(simulator.isRevoked(deploy.record.id)).toBe(true)
    const revoked = await failure(api.getTokenCurrent())
    expect(revoked.status).toBe(401)
    expect(revoked.body?.msg).toBe('Provided credentials are missing or invalid')
  })

  it('bulkRevokeTokens revokes several tokens in one JSON:API bulk request', async () => {
    const { admin, spare, colleague } = users()
    const request_body = { data: [spare, colleague].map((token) => ({ type: 'token' as const, id: token.record.id })) }
    expect(await clientFor(admin).api.bulkRevokeTokens({ request_body })).toBeNull()
    expect([spare, colleague].map((token) => simulator.isRevoked(token.record.id))).toEqual([true, true])
    const sent = simulator.requests.find((request) => request.method === 'DELETE')!
    expect(sent.headers['content-type']).toBe('application/vnd.api+json; ext=bulk')
    expect(JSON.parse(sent.body)).toEqual(request_body)
  })

  it('gets 403 "Read only tokens..." when a global:read token writes', async () => {
    const { reader, spare } = users()
    const { api } = clientFor(reader)
    for (const write of [api.revokeTokenCurrent(), api.revokeToken({ token_id: spare.record.id })]) {
      const refused = await failure(write)
      expect(refused.status).toBe(403)
      expect(refused.body?.msg).toBe('Read only tokens are not allowed to access this endpoint')
    }
    expect(simulator.isRevoked(reader.record.id)).toBe(false)
  })

  it('gets 401 naming the token for an expired one, and 429 with the reset once the hourly budget is spent', async () => {
    const { deploy } = users()
    const old = simulator.addToken({ name: 'old', expires_at: '2025-05-01T00:00:00Z' })
    const expired = await failure(clientFor(old).api.getTokenCurrent())
    expect(expired.status).toBe(401)
    expect(expired.body?.msg).toBe(`Token ${old.record.id} expired at 2025-05-01T00:00:00Z`)

    simulator.setWriteBudget(0, deploy)
    const limited = await failure(clientFor(deploy).api.revokeTokenCurrent())
    expect(limited.status).toBe(429)
    expect(limited.response?.headers['fastly-ratelimit-reset']).toBe(String(NEXT_HOUR))
    expect(limited.response?.headers['retry-after']).toBeUndefined()
    expect(simulator.isRevoked(deploy.record.id)).toBe(false)
  })
})
