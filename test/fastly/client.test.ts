import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AUTOMATION_PER_PAGE, FastlyClient, MAX_AUTOMATION_PAGES, type TokenCreation } from '../../src/fastly/client.js'
import { USER_AGENT } from '../../src/fastly/requests.js'
import { describeErrorBody, FastlyApiError } from '../../src/fastly/errors.js'
import { DEFAULT_RETRY_POLICY } from '../../src/fastly/retry-policy.js'
import { VERSION } from '../../src/version.js'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../../tools/simulator.js'
import { readFileSync } from 'node:fs'
import { fakeFastly } from '../support/fake-fastly.js'

let simulator: FastlySimulator
let token: SimulatedToken
let logLines: string[]
let sleeps: number[]

function client(
  overrides: { maxRetries?: number; timeoutMs?: number; apiUrl?: string; secret?: string } = {},
): FastlyClient {
  return new FastlyClient({
    apiUrl: overrides.apiUrl ?? simulator.url,
    token: overrides.secret ?? token.secret,
    timeoutMs: overrides.timeoutMs ?? 5000,
    retry: { ...DEFAULT_RETRY_POLICY, maxRetries: overrides.maxRetries ?? 3 },
    log: { debug: (line) => logLines.push(line), info: (line) => logLines.push(line) },
    // Real transport and server; only the waits between retries are recorded instead of slept.
    sleep: async (ms) => {
      sleeps.push(ms)
    },
  })
}

async function failure(promise: Promise<unknown>): Promise<FastlyApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof FastlyApiError) return error
    throw error
  }
  throw new Error('expected a failure')
}

beforeEach(async () => {
  simulator = await FastlySimulator.start()
  token = simulator.addToken({ name: 'deploy-ci', scope: 'global purge_all' })
  logLines = []
  sleeps = []
})
afterEach(async () => simulator.close())

describe('FastlyClient.getSelf', () => {
  it('sends Fastly-Key, Accept and the User-Agent, and reads the token', async () => {
    const self = await client().getSelf()
    expect(self).toMatchObject({ id: token.record.id, name: 'deploy-ci', scopes: ['global', 'purge_all'] })
    const [request] = simulator.apiRequests()
    expect(request).toMatchObject({ method: 'GET', path: '/tokens/self' })
    expect(request!.headers['fastly-key']).toBe(token.secret)
    expect(request!.headers.accept).toBe('application/json')
    expect(request!.headers['user-agent']).toBe(`fastly-token-guard/${VERSION}`)
    expect(USER_AGENT).toBe(`fastly-token-guard/${VERSION}`)
  })

  it("keeps the User-Agent's version equal to package.json's", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(VERSION).toBe(pkg.version)
  })

  it("reports 401 with Fastly's message and does not retry it", async () => {
    const error = await failure(client({ secret: 'not-a-token' }).getSelf())
    expect(error).toMatchObject({ kind: 'http', status: 401, retryable: false })
    expect(error.message).toBe('GET /tokens/self answered HTTP 401: Provided credentials are missing or invalid')
    expect(simulator.apiRequests()).toHaveLength(1)
  })

  it('retries 503 twice then succeeds, within the retry budget', async () => {
    simulator.injectFault({ kind: 'status', status: 503, times: 2 })
    await client().getSelf()
    expect(simulator.apiRequests().map((request) => request.status)).toEqual([503, 503, 200])
    expect(sleeps).toHaveLength(2)
    expect(sleeps[0]).toBeLessThanOrEqual(500)
    expect(sleeps[1]).toBeLessThanOrEqual(1000)
  })

  it('retries a 429 after the Retry-After it names', async () => {
    simulator.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '2' } })
    await client().getSelf()
    expect(sleeps).toHaveLength(1)
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000)
    expect(sleeps[0]).toBeLessThanOrEqual(3000)
  })

  it('gives up after max-retries with the last status and how many attempts', async () => {
    simulator.injectFault({ kind: 'status', status: 502, times: 10 })
    const error = await failure(client({ maxRetries: 2 }).getSelf())
    expect(error.message).toBe('GET /tokens/self answered HTTP 502: Bad Gateway (gave up after 3 attempts)')
    expect(simulator.apiRequests()).toHaveLength(3)
  })

  it('fails at once when the rate limit resets too far away, saying when in UTC', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1800
    simulator.injectFault({ kind: 'status', status: 429, headers: { 'Fastly-RateLimit-Reset': String(reset) } })
    const error = await failure(client().getSelf())
    expect(error.message).toMatch(
      /HTTP 429: Rate limit exceeded; Fastly asks to wait until \d{4}-\d\d-\d\d \d\d:\d\d UTC, longer than this action waits \(60 s\)/,
    )
    expect(error.symptom).toBe('wait-too-long')
    expect(simulator.apiRequests()).toHaveLength(1)
  })

  it('never follows a redirect, and names where it pointed', async () => {
    simulator.injectFault({ kind: 'redirect', location: 'https://collector.example.net/steal' })
    const error = await failure(client().getSelf())
    expect(error.kind).toBe('redirect')
    expect(error.message).toContain('HTTP 302: a redirect (to collector.example.net)')
    expect(simulator.apiRequests()).toHaveLength(1)
  })

  it('ends a hung request at the timeout deadline and retries it', async () => {
    simulator.injectFault({ kind: 'hang', times: 2 })
    const started = Date.now()
    const error = await failure(client({ timeoutMs: 300, maxRetries: 1 }).getSelf())
    expect(error.kind).toBe('timeout')
    expect(error.message).toContain('no complete answer from')
    expect(error.message).toContain('within 0.3 s')
    expect(Date.now() - started).toBeLessThan(3000)
    expect(simulator.apiRequests()).toHaveLength(2)
  })

  it('ends a body that drips one byte a second at the deadline', async () => {
    simulator.injectFault({ kind: 'drip', times: 1 })
    const started = Date.now()
    const error = await failure(client({ timeoutMs: 1200, maxRetries: 0 }).getSelf())
    expect(error.kind).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(2500)
  })

  it('reports malformed JSON, an empty body and a body cut off midway', async () => {
    simulator.injectFault({ kind: 'malformed' })
    const notJson = await failure(client().getSelf())
    expect(notJson.message).toMatch(/answered HTTP 200: the answer is not JSON \(application\/json, \d+ bytes\)/)
    expect(notJson.symptom).toBe('not-json')
    simulator.injectFault({ kind: 'empty' })
    const empty = await failure(client().getSelf())
    expect(empty.message).toMatch(/empty body where a JSON object was expected/)
    expect(empty.symptom).toBeUndefined()
    simulator.injectFault({ kind: 'truncate' })
    await client({ maxRetries: 0 })
      .getSelf()
      .then(
        () => expect.fail('a truncated body must fail'),
        (error: FastlyApiError) => expect(error.kind).toBe('network'),
      )
  })

  it('caps what it reads', async () => {
    simulator.injectFault({ kind: 'huge', bytes: 3 * 1024 * 1024 })
    const error = await failure(client().getSelf())
    expect(error.kind).toBe('too-large')
    expect(error.message).toContain('larger than the 1048576 bytes')
  })

  it('describes a dropped connection and retries it', async () => {
    simulator.injectFault({ kind: 'drop', times: 1 })
    await client().getSelf()
    expect(sleeps).toHaveLength(1)
    simulator.injectFault({ kind: 'drop', times: 2 })
    const error = await failure(client({ maxRetries: 1 }).getSelf())
    expect(error.message).toMatch(/the connection to 127\.0\.0\.1:\d+ was reset \(gave up after 2 attempts\)$/)
    expect(error.symptom).toBe('connection-reset')
  })

  it('describes a refused connection', async () => {
    const closed = simulator.url
    await simulator.close()
    const error = await failure(client({ apiUrl: closed, maxRetries: 0 }).getSelf())
    expect(error.message).toMatch(/^GET \/tokens\/self failed: connection refused by 127\.0\.0\.1:\d+$/)
    expect(error.symptom).toBeUndefined()
    simulator = await FastlySimulator.start()
  })

  it('turns an HTML error page into a readable message', async () => {
    simulator.injectFault({ kind: 'html', status: 502, times: 4 })
    const error = await failure(client().getSelf())
    expect(error.message).toContain('HTTP 502: Bad Gateway; the answer is an HTML page titled "502 Bad Gateway"')
    expect(error.symptom).toBe('html-page')
  })

  it("never reads an HTML page into Fastly's own words that merely say so", async () => {
    simulator.injectFault({ kind: 'status', status: 502, times: 4, body: '{"msg":"the answer is an HTML page"}' })
    const error = await failure(client().getSelf())
    expect(error.message).toContain('HTTP 502: the answer is an HTML page')
    expect(error.symptom).toBeUndefined()
  })
})

describe('FastlyClient.createToken', () => {
  const LOGIN = 'deployer@example.test'
  const PASSWORD = 'correct-horse-battery-staple'
  const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
  const creation = (overrides: Partial<TokenCreation> = {}): TokenCreation => ({
    username: LOGIN,
    password: PASSWORD,
    otp: simulator.currentOtp(LOGIN),
    name: 'deploy run 1',
    scope: 'purge_all',
    services: ['SvcA1', 'SvcB2'],
    expiresAt: isoSeconds(new Date(Date.now() + 2 * 3600 * 1000)),
    ...overrides,
  })
  const revealed: string[] = []
  const reveal = (secret: string) => void revealed.push(secret)

  beforeEach(() => {
    simulator.addUser({ login: LOGIN, password: PASSWORD, otpSecret: SEED })
    revealed.length = 0
  })

  it('posts a form with the password and the one-time code, sends no Fastly-Key, and reveals the secret first', async () => {
    const made = await client().createToken(creation(), reveal)
    const token = simulator.createdToken('deploy run 1')!
    expect(made.secret).toBe(token.secret)
    expect(revealed).toEqual([token.secret])
    expect(made.token).toMatchObject({ id: token.record.id, scope: 'purge_all', services: ['SvcA1', 'SvcB2'] })
    const [request] = simulator.apiRequests()
    expect(request).toMatchObject({ method: 'POST', path: '/tokens', status: 200 })
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(request!.headers['fastly-key']).toBeUndefined()
    expect(request!.headers['fastly-otp']).toMatch(/^\d{6}$/)
    const form = new URLSearchParams(request!.body)
    expect(form.getAll('services[]')).toEqual(['SvcA1', 'SvcB2'])
    expect(form.get('password')).toBe(PASSWORD)
    expect(form.get('scope')).toBe('purge_all')
    // The made token works at once.
    expect((await client({ secret: made.secret }).getSelf()).id).toBe(token.record.id)
  })

  it('never retries an answer: not a refused password, not a 503, not a 429', async () => {
    const wrong = await failure(client().createToken(creation({ password: 'wrong-password-here' }), reveal))
    expect(wrong).toMatchObject({ kind: 'http', status: 401 })
    for (const status of [503, 429]) {
      simulator.injectFault({ kind: 'status', status, method: 'POST', times: 5 })
      expect(await failure(client().createToken(creation(), reveal))).toMatchObject({ status })
      simulator.clearFaults()
    }
    expect(simulator.apiRequests()).toHaveLength(3)
    expect(sleeps).toEqual([])
    expect(revealed).toEqual([])
    expect(simulator.creationCount).toBe(0)
  })

  it('never retries a request that may have reached Fastly: a dropped connection or a hung answer', async () => {
    simulator.injectFault({ kind: 'drop', method: 'POST' })
    expect(await failure(client().createToken(creation(), reveal))).toMatchObject({
      kind: 'network',
      requestSent: true,
    })
    simulator.injectFault({ kind: 'hang', method: 'POST' })
    expect(await failure(client({ timeoutMs: 300 }).createToken(creation(), reveal))).toMatchObject({
      kind: 'timeout',
      requestSent: true,
    })
    expect(simulator.apiRequests()).toHaveLength(2)
    expect(sleeps).toEqual([])
  })

  it('retries only a connection that was never made', async () => {
    const closed = simulator.url
    await simulator.close()
    const error = await failure(client({ apiUrl: closed, maxRetries: 2 }).createToken(creation(), reveal))
    expect(error).toMatchObject({ kind: 'network', requestSent: false })
    expect(error.message).toMatch(/connection refused .* \(gave up after 3 attempts\)$/)
    expect(sleeps).toHaveLength(2)
    simulator = await FastlySimulator.start()
  })

  it('takes an echoed password out of the error before cutting it, so no part of it is left', async () => {
    const echo = {
      msg: `${'x'.repeat(270)} bad password ${PASSWORD}`,
      detail: `form: password=${encodeURIComponent(PASSWORD)}`,
    }
    simulator.injectFault({ kind: 'status', status: 400, method: 'POST', body: JSON.stringify(echo) })
    const error = await failure(client().createToken(creation(), reveal))
    expect(error.message).toContain('bad password ***')
    // Any 8 characters of it, the start included (where a cut would have left it).
    for (let start = 0; start + 8 <= PASSWORD.length; start++)
      expect(error.message).not.toContain(PASSWORD.slice(start, start + 8))
  })

  it('refuses an answer without the secret, which a token may still stand behind', async () => {
    simulator.injectFault({ kind: 'status', status: 200, method: 'POST', body: '{"id":"T1"}' })
    const error = await failure(client().createToken(creation(), reveal))
    expect(error.message).toBe(
      "POST /tokens answered HTTP 200: the answer has no access_token (the new token's secret)",
    )
    expect(error.kind).toBe('malformed')
  })

  it.each([
    ['longer than the post step can keep', 'k'.repeat(1025)],
    ['with a space', 'abcd efgh ijkl mnop qrst uvwx yz12'],
    ['shorter than any Fastly token', 'e'],
  ])('refuses a secret %s, after masking it: no step could use or revoke it', async (_, secret) => {
    simulator.injectFault({
      kind: 'status',
      status: 200,
      method: 'POST',
      body: JSON.stringify({ id: 'T1', access_token: secret }),
    })
    const error = await failure(client().createToken(creation(), reveal))
    expect(error.kind).toBe('malformed')
    expect(error.message).toMatch(
      /secret has whitespace or control characters, or is shorter than 16 or longer than 1024 characters$/,
    )
    if (secret.length >= 8) expect(error.message).not.toContain(secret.slice(0, 8))
    expect(revealed).toEqual([secret])
  })
})

describe('FastlyClient.listAutomationTokens', () => {
  const page = (data: unknown[], meta: Record<string, unknown>) => ({ data, meta })
  const item = (id: string) => ({ id, role: 'engineer', scopes: 'global', creator_id: 'C', expires_at: null })

  it('reads every page as meta.total_pages says, 100 a page, as automation tokens', async () => {
    const admin = simulator.addToken({ name: 'admin' }, { superuser: true })
    const robots = Array.from({ length: 250 }, (_, i) =>
      simulator.addAutomationToken({ name: `robot-${i}`, role: i % 2 === 0 ? 'engineer' : 'billing' }),
    )
    const list = await client({ secret: admin.secret }).listAutomationTokens()
    expect(list.tokens.map((t) => t.id)).toEqual(robots.map((robot) => robot.record.id))
    expect(list.tokens.every((t) => t.kind === 'automation' && t.userId === null)).toBe(true)
    expect(list.tokens[1]).toMatchObject({ name: 'robot-1', role: 'billing', creatorId: robots[1]!.record.creator_id })
    expect(list).toMatchObject({ unreadable: 0, responses: 3 })
    expect(list.bytes).toBeGreaterThan(250 * 300)
    const asked = simulator.apiRequests().map((request) => `${request.path}${request.search}`)
    expect(asked).toEqual([1, 2, 3].map((n) => `/automation-tokens?page=${n}&per_page=100`))
    expect(AUTOMATION_PER_PAGE).toBe(100)
  })

  it('asks page=N&per_page=100, stops at total_pages, and reads an empty list in one request', async () => {
    const { client: fake, seen } = fakeFastly(() => ({
      status: 200,
      body: page([], { per_page: 100, current_page: 1, record_count: 0, total_pages: 0 }),
    }))
    expect((await fake.listAutomationTokens()).tokens).toEqual([])
    expect(seen.map((request) => `${request.url.pathname}${request.url.search}`)).toEqual([
      '/automation-tokens?page=1&per_page=100',
    ])
  })

  it('retries a page that fails, and fails the whole list when a page keeps failing', async () => {
    const admin = simulator.addToken({ name: 'admin' }, { superuser: true })
    for (let i = 0; i < 150; i++) simulator.addAutomationToken({ name: `robot-${i}` })
    simulator.injectFault({ kind: 'status', status: 503, path: '/automation-tokens', times: 1 })
    expect((await client({ secret: admin.secret }).listAutomationTokens()).tokens).toHaveLength(150)
    expect(sleeps).toHaveLength(1)

    simulator.requests.length = 0
    simulator.injectFault({ kind: 'status', status: 503, path: '/automation-tokens', times: 10 })
    const error = await failure(client({ secret: admin.secret, maxRetries: 1 }).listAutomationTokens())
    expect(error.message).toBe(
      'GET /automation-tokens?page=1&per_page=100 answered HTTP 503: Service Unavailable (gave up after 2 attempts)',
    )
  })

  it("reports Fastly's 403 for a token that may not list them", async () => {
    const engineer = simulator.addAutomationToken({ role: 'engineer' })
    const error = await failure(client({ secret: engineer.secret }).listAutomationTokens())
    expect(error).toMatchObject({ kind: 'http', status: 403 })
    expect(error.message).toBe(
      'GET /automation-tokens?page=1&per_page=100 answered HTTP 403: You are not authorized to perform this action',
    )
  })

  it('refuses a list longer than the page limit after its first page, rather than read part of it', async () => {
    const { client: fake, seen } = fakeFastly(() => ({
      status: 200,
      body: page([item('A1')], { per_page: 100, current_page: 1, total_pages: MAX_AUTOMATION_PAGES + 1 }),
    }))
    const error = await failure(fake.listAutomationTokens())
    expect(error.kind).toBe('too-large')
    expect(error.message).toBe(
      `GET /automation-tokens failed: Fastly's list of automation tokens has ${MAX_AUTOMATION_PAGES + 1} pages of 100, more than the ${MAX_AUTOMATION_PAGES} pages this action reads`,
    )
    expect(seen).toHaveLength(1)
  })

  it('keeps a token once when it moves between pages while they are read', async () => {
    const pages = [
      page([item('A1'), item('A2')], { current_page: 1, total_pages: 2 }),
      page([item('A2'), item('A3')], { current_page: 2, total_pages: 2 }),
    ]
    const { client: fake } = fakeFastly((request) => ({
      status: 200,
      body: pages[Number(request.url.searchParams.get('page')) - 1],
    }))
    expect((await fake.listAutomationTokens()).tokens.map((t) => t.id)).toEqual(['A1', 'A2', 'A3'])
  })

  it('without meta.total_pages, asks for the next page after every full one', async () => {
    const full = Array.from({ length: 100 }, (_, i) => item(`F${i}`))
    const { client: fake, seen } = fakeFastly((request) => ({
      status: 200,
      body: { data: request.url.searchParams.get('page') === '1' ? full : [item('Last')] },
    }))
    expect((await fake.listAutomationTokens()).tokens).toHaveLength(101)
    expect(seen).toHaveLength(2)
  })

  it('refuses a page other than the one asked for, and an answer that is not a page', async () => {
    const { client: same } = fakeFastly(() => ({
      status: 200,
      body: page([item('A1')], { current_page: 1, total_pages: 3 }),
    }))
    expect((await failure(same.listAutomationTokens())).message).toBe(
      'GET /automation-tokens?page=2&per_page=100 answered HTTP 200: page 2 was asked for, but the answer is page 1 (meta.current_page)',
    )
    for (const [body, words] of [
      [[item('A1')], 'the answer is not a page of automation tokens'],
      [{ data: { id: 'A1' } }, 'the page of automation tokens has no "data" array of tokens'],
      ['not json', 'the answer is not JSON'],
    ] as const) {
      const { client: odd } = fakeFastly(() => ({ status: 200, body }))
      const error = await failure(odd.listAutomationTokens())
      expect(error.kind).toBe('malformed')
      expect(error.message).toContain(words)
    }
  })

  it('counts items that are not tokens and reads the rest', async () => {
    const { client: fake } = fakeFastly(() => ({
      status: 200,
      body: page([item('A1'), { name: 'no id' }, 42, item('A2')], { current_page: 1, total_pages: 1 }),
    }))
    const list = await fake.listAutomationTokens()
    expect(list.tokens.map((t) => t.id)).toEqual(['A1', 'A2'])
    expect(list.unreadable).toBe(2)
  })
})

describe('describeErrorBody', () => {
  it.each([
    [403, '{"msg":"Not authorized"}', 'Not authorized'],
    [400, '{"msg":"Bad request","detail":"name is required"}', 'Bad request (name is required)'],
    [400, '{"title":"Invalid","detail":"x is wrong"}', 'x is wrong'],
    [422, '{"errors":[{"title":"Unprocessable","detail":"id is invalid"}]}', 'id is invalid'],
    [401, '', 'Unauthorized (empty body)'],
    [500, 'oops', 'Internal Server Error; text/plain body: oops'],
  ])('HTTP %d %s', (status, body, expected) => {
    expect(describeErrorBody(status, body === 'oops' ? 'text/plain' : 'application/json', body)).toEqual({
      detail: expected,
      htmlPage: false,
    })
  })

  it('says that an HTML page came, besides describing it', () => {
    expect(describeErrorBody(503, 'text/html', '<!DOCTYPE html><title>Portal</title>')).toEqual({
      detail:
        'Service Unavailable; the answer is an HTML page titled "Portal", likely from a proxy or load balancer, not from Fastly\'s API',
      htmlPage: true,
    })
  })
})
