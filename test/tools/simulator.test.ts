import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_CUSTOMER, DEMO_MINT_USER, seedStandardTokens } from '../../tools/seeds.js'
import {
  base32Decode,
  base32Encode,
  FastlySimulator,
  hotp,
  isoSeconds,
  type SimulatorOptions,
  totp,
} from '../../tools/simulator.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const READ_ONLY = { msg: 'Read only tokens are not allowed to access this endpoint' }
const INVALID = { msg: 'Provided credentials are missing or invalid' }
const BULK = 'application/vnd.api+json; ext=bulk'

const simulators: FastlySimulator[] = []
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()))
})

/** A simulator closed after the test; its clock is `clock.now`, which a test may move. */
async function start(options: SimulatorOptions = {}, clock = { now: new Date('2025-06-01T10:15:00Z') }) {
  const simulator = await FastlySimulator.start({ now: () => clock.now, ...options })
  simulators.push(simulator)
  return { simulator, clock }
}

type Json = Record<string, unknown>

async function call(
  simulator: FastlySimulator,
  method: string,
  path: string,
  options: { key?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers }
  if (options.key !== undefined) headers['Fastly-Key'] = options.key
  const response = await fetch(`${simulator.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: (text === '' ? undefined : JSON.parse(text)) as Json,
    list: (text.startsWith('[') ? JSON.parse(text) : []) as Json[],
  }
}

const bulkBody = (...ids: string[]) => JSON.stringify({ data: ids.map((id) => ({ type: 'token', id })) })

describe('FastlySimulator answerDelayMs', () => {
  it('holds regular answers, and faults still answer at once', async () => {
    const simulator = await FastlySimulator.start({ answerDelayMs: 500 })
    simulators.push(simulator)
    const token = simulator.addToken({ name: 'delayed' })
    const get = async () => {
      const started = performance.now()
      const response = await fetch(`${simulator.url}/tokens/self`, { headers: { 'Fastly-Key': token.secret } })
      await response.text()
      return { status: response.status, ms: performance.now() - started }
    }
    const held = await get()
    expect(held.status).toBe(200)
    expect(held.ms).toBeGreaterThanOrEqual(490)

    simulator.injectFault({ kind: 'status', status: 503 })
    const fault = await get()
    expect(fault.status).toBe(503)
    expect(fault.ms).toBeLessThan(400)
  })
})

describe('read-only (global:read) tokens', () => {
  it('may read, and get 403 "Read only tokens..." on every write', async () => {
    const { simulator } = await start()
    const reader = simulator.addToken({ name: 'reader', scope: 'global:read' })
    const sibling = simulator.addToken({ name: 'sibling' })
    expect((await call(simulator, 'GET', '/tokens/self', { key: reader.secret })).status).toBe(200)
    expect((await call(simulator, 'GET', '/tokens', { key: reader.secret })).status).toBe(200)

    const writes = [
      await call(simulator, 'DELETE', '/tokens/self', { key: reader.secret }),
      await call(simulator, 'DELETE', `/tokens/${sibling.record.id}`, { key: reader.secret }),
      await call(simulator, 'DELETE', '/tokens', {
        key: reader.secret,
        body: bulkBody(sibling.record.id),
        headers: { 'Content-Type': BULK },
      }),
      await call(simulator, 'POST', '/tokens', {
        key: reader.secret,
        body: 'username=a&password=b',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    ]
    for (const answer of writes) {
      expect(answer.status).toBe(403)
      expect(answer.json).toEqual(READ_ONLY)
    }
    expect(simulator.isRevoked(reader.record.id)).toBe(false)
    expect(simulator.isRevoked(sibling.record.id)).toBe(false)
  })

  it('counts "global global:read" as a full token', async () => {
    const { simulator } = await start()
    const both = simulator.addToken({ scope: 'global global:read' })
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: both.secret })).status).toBe(204)
  })
})

describe('purge-only tokens', () => {
  it('may read and revoke themselves', async () => {
    const { simulator } = await start()
    const purger = simulator.addToken({ scope: 'purge_select purge_all' })
    expect((await call(simulator, 'GET', '/tokens/self', { key: purger.secret })).status).toBe(200)
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: purger.secret })).status).toBe(204)
    expect(simulator.isRevoked(purger.record.id)).toBe(true)
  })

  it('get 403 on token lists and on revoking other tokens, even a superuser’s', async () => {
    const { simulator } = await start()
    const purger = simulator.addToken({ scope: 'purge_all' }, { superuser: true })
    const other = simulator.addToken({ name: 'other' })
    const customer = purger.record.customer_id!
    const refused = [
      await call(simulator, 'GET', '/tokens', { key: purger.secret }),
      await call(simulator, 'GET', `/customer/${customer}/tokens`, { key: purger.secret }),
      await call(simulator, 'GET', '/automation-tokens', { key: purger.secret }),
      await call(simulator, 'DELETE', `/tokens/${other.record.id}`, { key: purger.secret }),
      await call(simulator, 'DELETE', '/tokens', {
        key: purger.secret,
        body: bulkBody(other.record.id),
        headers: { 'Content-Type': BULK },
      }),
    ]
    expect(refused.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403])
    expect(simulator.isRevoked(other.record.id)).toBe(false)
  })
})

describe('tokens that do not work', () => {
  it('answers 401 "Provided credentials are missing or invalid" to unknown, revoked and missing keys', async () => {
    const { simulator } = await start()
    const gone = simulator.addToken()
    gone.revoked = true
    for (const key of ['no-such-token', gone.secret, undefined]) {
      const answer = await call(simulator, 'GET', '/tokens/self', key !== undefined ? { key } : {})
      expect(answer.status).toBe(401)
      expect(answer.json).toEqual(INVALID)
    }
  })

  it('spends the budget and reports it when a token that does not work writes', async () => {
    const { simulator } = await start()
    const gone = simulator.addToken({ user_id: 'Gone' })
    gone.revoked = true
    const answer = await call(simulator, 'DELETE', '/tokens/self', { key: gone.secret })
    expect(answer.status).toBe(401)
    expect(answer.headers.get('fastly-ratelimit-remaining')).toBe('999')
    expect(simulator.writeBudgetRemaining('Gone')).toBe(999)
    const unknown = await call(simulator, 'DELETE', '/tokens/self', { key: 'no-such-token' })
    expect(unknown.headers.get('fastly-ratelimit-reset')).toBe(String(Date.parse('2025-06-01T11:00:00Z') / 1000))
  })

  it('answers 403 to unknown and revoked keys with invalidStatus 403', async () => {
    const { simulator } = await start({ invalidStatus: 403 })
    const gone = simulator.addToken()
    gone.revoked = true
    for (const key of ['no-such-token', gone.secret]) {
      const answer = await call(simulator, 'GET', '/tokens/self', { key })
      expect(answer.status).toBe(403)
      expect(answer.json).toEqual({ msg: 'Invalid access token' })
    }
  })

  it('answers 401 "Token <id> expired at <time>" to an expired token, whatever invalidStatus says', async () => {
    for (const invalidStatus of [401, 403] as const) {
      const { simulator, clock } = await start({ invalidStatus })
      const expiresAt = new Date(clock.now.getTime() - 3 * DAY)
      const old = simulator.addToken({ expires_at: expiresAt.toISOString() })
      const answer = await call(simulator, 'GET', '/tokens/self', { key: old.secret })
      expect(answer.status).toBe(401)
      expect(answer.json).toEqual({ msg: `Token ${old.record.id} expired at ${isoSeconds(expiresAt)}` })
      expect(answer.json.msg).toMatch(/expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    }
  })
})

describe('hourly write budget', () => {
  it('carries Fastly-RateLimit-Remaining and -Reset (top of the next hour) on every write, and 429s without Retry-After once spent', async () => {
    const { simulator, clock } = await start({ writeLimit: 3 })
    const token = simulator.addToken()
    const reset = String(Date.parse('2025-06-01T11:00:00Z') / 1000)
    const remaining: string[] = []
    for (let i = 0; i < 3; i++) {
      // Error answers to writes spend the budget too: these IDs do not exist.
      const answer = await call(simulator, 'DELETE', `/tokens/NoSuchToken${i}`, { key: token.secret })
      expect(answer.status).toBe(404)
      expect(answer.headers.get('fastly-ratelimit-reset')).toBe(reset)
      remaining.push(answer.headers.get('fastly-ratelimit-remaining')!)
    }
    expect(remaining).toEqual(['2', '1', '0'])
    const spent = await call(simulator, 'DELETE', '/tokens/self', { key: token.secret })
    expect(spent.status).toBe(429)
    expect(spent.json).toEqual({ msg: 'You have exceeded your hourly rate limit' })
    expect(spent.headers.get('fastly-ratelimit-remaining')).toBe('0')
    expect(spent.headers.get('fastly-ratelimit-reset')).toBe(reset)
    expect(spent.headers.get('retry-after')).toBeNull()
    expect(simulator.isRevoked(token.record.id)).toBe(false)

    // Reads neither spend nor report it.
    const read = await call(simulator, 'GET', '/tokens/self', { key: token.secret })
    expect(read.status).toBe(200)
    expect(read.headers.get('fastly-ratelimit-remaining')).toBeNull()

    clock.now = new Date('2025-06-01T11:00:01Z')
    const nextHour = await call(simulator, 'DELETE', '/tokens/self', { key: token.secret })
    expect(nextHour.status).toBe(204)
    expect(nextHour.headers.get('fastly-ratelimit-remaining')).toBe('2')
    expect(nextHour.headers.get('fastly-ratelimit-reset')).toBe(String(Date.parse('2025-06-01T12:00:00Z') / 1000))
  })

  it('counts per user: another user keeps a full budget; automation tokens each have their own', async () => {
    const { simulator } = await start({ writeLimit: 1 })
    const first = simulator.addToken({ user_id: 'UserA' })
    const second = simulator.addToken({ user_id: 'UserA' })
    const stranger = simulator.addToken({ user_id: 'UserB' })
    const robot = simulator.addAutomationToken()
    const otherRobot = simulator.addAutomationToken()
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: first.secret })).status).toBe(204)
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: second.secret })).status).toBe(429)
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: stranger.secret })).status).toBe(204)
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: robot.secret })).status).toBe(204)
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: otherRobot.secret })).status).toBe(204)
    expect(simulator.writeBudgetRemaining('UserA')).toBe(0)
  })

  it('takes rateLimitRemaining as the first hour’s budget, and setWriteBudget / resetWriteBudgets change it', async () => {
    const { simulator } = await start({ rateLimitRemaining: 1 })
    const token = simulator.addToken()
    expect(
      (await call(simulator, 'DELETE', '/tokens/NoSuchToken', { key: token.secret })).headers.get(
        'fastly-ratelimit-remaining',
      ),
    ).toBe('0')
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: token.secret })).status).toBe(429)
    simulator.resetWriteBudgets()
    expect(simulator.writeBudgetRemaining(token)).toBe(1000)
    simulator.setWriteBudget(0, token)
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: token.secret })).status).toBe(429)
    simulator.setWriteBudget(5)
    const answer = await call(simulator, 'DELETE', '/tokens/self', { key: token.secret })
    expect(answer.status).toBe(204)
    expect(answer.headers.get('fastly-ratelimit-remaining')).toBe('4')
  })
})

describe('token shapes', () => {
  it('carries scopes (an array) and service_id (the first service, or null) beside scope', async () => {
    const { simulator } = await start()
    const limited = simulator.addToken({ scope: 'global purge_all', services: ['SvcA', 'SvcB'] })
    const open = simulator.addToken({ scope: 'global:read', services: [] })
    expect((await call(simulator, 'GET', '/tokens/self', { key: limited.secret })).json).toMatchObject({
      scope: 'global purge_all',
      scopes: ['global', 'purge_all'],
      service_id: 'SvcA',
    })
    const listed = (await call(simulator, 'GET', '/tokens', { key: limited.secret })).list.find(
      (token) => token.id === open.record.id,
    )
    expect(listed).toMatchObject({ scope: 'global:read', scopes: ['global:read'], service_id: null })
  })

  it('shows browser sessions with expires_at null and sudo_expires_at set', async () => {
    const { simulator, clock } = await start()
    const ends = isoSeconds(new Date(clock.now.getTime() + 2 * HOUR))
    const session = simulator.addToken({
      name: 'manage.fastly.com browser session',
      expires_at: ends,
      sudo_expires_at: null,
    })
    const viewer = simulator.addToken({ name: 'viewer' })
    const listed = (await call(simulator, 'GET', '/tokens', { key: viewer.secret })).list.find(
      (token) => token.id === session.record.id,
    )
    expect(listed).toMatchObject({ expires_at: null, sudo_expires_at: ends })
    // The session still ends when it ends.
    clock.now = new Date(clock.now.getTime() + 3 * HOUR)
    expect((await call(simulator, 'GET', '/tokens/self', { key: session.secret })).status).toBe(401)
  })
})

describe('automation tokens', () => {
  const itemKeys = [
    'access_token',
    'created_at',
    'creator_id',
    'customer_id',
    'expires_at',
    'id',
    'ip',
    'last_used_at',
    'name',
    'role',
    'scopes',
    'service_id',
    'services',
    'sudo_expires_at',
    'tls_access',
    'user_agent',
  ]

  async function withRobots(count: number, options: SimulatorOptions = {}) {
    const { simulator } = await start(options)
    const admin = simulator.addToken({ user_id: 'Admin' }, { superuser: true })
    const robots = Array.from({ length: count }, (_, i) =>
      simulator.addAutomationToken({ name: `robot-${i}`, role: 'engineer', scope: 'global purge_all' }),
    )
    return { simulator, admin, robots }
  }

  it('lists them as go-fastly recorded it: data and meta, scopes one string, no user_id or scope', async () => {
    const { simulator, admin, robots } = await withRobots(2)
    const answer = await call(simulator, 'GET', '/automation-tokens?page=1&per_page=100', { key: admin.secret })
    expect(answer.status).toBe(200)
    expect(answer.json.meta).toEqual({ per_page: 100, current_page: 1, record_count: 2, total_pages: 1 })
    const data = answer.json.data as Json[]
    expect(data.map((item) => item.id)).toEqual(robots.map((robot) => robot.record.id))
    expect(Object.keys(data[0]!).sort()).toEqual(itemKeys)
    expect(data[0]).toMatchObject({
      access_token: '',
      role: 'engineer',
      scopes: 'global purge_all',
      services: null,
      expires_at: null,
      tls_access: false,
    })
  })

  it('pages: per_page 20 when absent, at most 100, and refuses malformed paging', async () => {
    const { simulator, admin } = await withRobots(125)
    const first = await call(simulator, 'GET', '/automation-tokens', { key: admin.secret })
    expect((first.json.data as Json[]).length).toBe(20)
    expect(first.json.meta).toEqual({ per_page: 20, current_page: 1, record_count: 125, total_pages: 7 })
    const third = await call(simulator, 'GET', '/automation-tokens?page=3&per_page=50', { key: admin.secret })
    expect((third.json.data as Json[]).map((item) => item.name)).toEqual(
      Array.from({ length: 25 }, (_, i) => `robot-${100 + i}`),
    )
    const capped = await call(simulator, 'GET', '/automation-tokens?per_page=1000', { key: admin.secret })
    expect((capped.json.data as Json[]).length).toBe(100)
    expect(capped.json.meta).toMatchObject({ per_page: 100, total_pages: 2 })
    const beyond = await call(simulator, 'GET', '/automation-tokens?page=9&per_page=100', { key: admin.secret })
    expect(beyond.json.data).toEqual([])
    for (const query of ['page=0', 'per_page=-1', 'page=two']) {
      expect((await call(simulator, 'GET', `/automation-tokens?${query}`, { key: admin.secret })).status).toBe(400)
    }
  })

  it('lets only superusers list them (user tokens or superuser-role automation tokens), and only their own customer’s', async () => {
    const { simulator, admin } = await withRobots(1)
    const robotAdmin = simulator.addAutomationToken({ role: 'superuser' })
    const engineer = simulator.addAutomationToken({ role: 'engineer' })
    const plainUser = simulator.addToken({ user_id: 'Plain' })
    const foreignAdmin = simulator.addToken({ customer_id: 'OtherCustomer' }, { superuser: true })
    const reader = simulator.addToken({ scope: 'global:read' }, { superuser: true })
    const status = async (key: string) => (await call(simulator, 'GET', '/automation-tokens', { key })).status
    expect(await status(admin.secret)).toBe(200)
    expect(await status(robotAdmin.secret)).toBe(200)
    expect(await status(reader.secret)).toBe(200)
    expect(await status(engineer.secret)).toBe(403)
    expect(await status(plainUser.secret)).toBe(403)
    // The list is always of the caller's own customer: another customer's superuser sees none of these.
    const foreign = await call(simulator, 'GET', '/automation-tokens', { key: foreignAdmin.secret })
    expect(foreign.json).toEqual({ data: [], meta: { per_page: 20, current_page: 1, record_count: 0, total_pages: 0 } })
  })

  it('authenticate; /tokens/self shows them with scopes as a string by default, or a scope string', async () => {
    const expected = { role: 'billing', customer_id: 'SimCustomer00000000001', expires_at: null }
    const byDefault = await start()
    const robot = byDefault.simulator.addAutomationToken({ name: 'invoices', role: 'billing', scope: 'global:read' })
    const self = await call(byDefault.simulator, 'GET', '/tokens/self', { key: robot.secret })
    expect(self.status).toBe(200)
    expect(self.json).toMatchObject({ ...expected, id: robot.record.id, name: 'invoices', scopes: 'global:read' })
    expect(self.json).not.toHaveProperty('scope')
    expect(self.json).not.toHaveProperty('user_id')
    expect(self.json).not.toHaveProperty('access_token')

    const scopeShape = await start({ automationSelfShape: 'scope' })
    const other = scopeShape.simulator.addAutomationToken({ role: 'billing', scope: 'global:read' })
    const shown = await call(scopeShape.simulator, 'GET', '/tokens/self', { key: other.secret })
    expect(shown.json).toMatchObject({ ...expected, scope: 'global:read' })
    expect(shown.json).not.toHaveProperty('scopes')
    expect(shown.json).not.toHaveProperty('creator_id')
  })

  it('are revoked by DELETE /tokens/{id} and in bulk, by superusers only, with rate-limit headers', async () => {
    const { simulator, admin, robots } = await withRobots(4)
    const creator = simulator.addToken({ user_id: robots[0]!.record.creator_id! })
    const engineer = simulator.addAutomationToken({ role: 'engineer' })
    const robotAdmin = simulator.addAutomationToken({ role: 'superuser' })
    const [a, b, c, d] = robots.map((robot) => robot.record.id)

    expect((await call(simulator, 'DELETE', `/tokens/${a}`, { key: creator.secret })).status).toBe(403)
    expect((await call(simulator, 'DELETE', `/tokens/${a}`, { key: engineer.secret })).status).toBe(403)
    expect(
      (
        await call(simulator, 'DELETE', '/tokens', {
          key: creator.secret,
          body: bulkBody(a!),
          headers: { 'Content-Type': BULK },
        })
      ).status,
    ).toBe(403)
    const revoked = await call(simulator, 'DELETE', `/tokens/${a}`, { key: admin.secret })
    expect(revoked.status).toBe(204)
    expect(revoked.headers.get('fastly-ratelimit-remaining')).toBe('999')
    expect((await call(simulator, 'DELETE', `/tokens/${b}`, { key: robotAdmin.secret })).status).toBe(204)
    expect(
      (
        await call(simulator, 'DELETE', '/tokens', {
          key: admin.secret,
          body: bulkBody(c!, d!),
          headers: { 'Content-Type': BULK },
        })
      ).status,
    ).toBe(204)
    expect(robots.map((robot) => simulator.isRevoked(robot.record.id))).toEqual([true, true, true, true])
    expect((await call(simulator, 'GET', '/tokens/self', { key: robots[0]!.secret })).status).toBe(401)
  })

  it('get 403 from the user list by default ([] with automationUserList "empty"); the customer list leaves them out unless asked', async () => {
    const strict = await withRobots(1)
    const robotAdmin = strict.simulator.addAutomationToken({ role: 'superuser' })
    expect((await call(strict.simulator, 'GET', '/tokens', { key: robotAdmin.secret })).status).toBe(403)
    const customerList = await call(strict.simulator, 'GET', '/customer/SimCustomer00000000001/tokens', {
      key: robotAdmin.secret,
    })
    expect(customerList.status).toBe(200)
    expect(customerList.list.map((token) => token.id)).toEqual([strict.admin.record.id])

    const lenient = await withRobots(1, { automationUserList: 'empty', customerListIncludesAutomation: true })
    const robot = lenient.robots[0]!
    expect((await call(lenient.simulator, 'GET', '/tokens', { key: robot.secret })).list).toEqual([])
    const both = await call(lenient.simulator, 'GET', '/customer/SimCustomer00000000001/tokens', {
      key: lenient.admin.secret,
    })
    expect(both.list.map((token) => token.id)).toEqual([lenient.admin.record.id, robot.record.id])
  })
})

describe('ownership', () => {
  it('lets a user revoke only their own tokens, a superuser any of the customer, and nobody a token of another customer', async () => {
    const { simulator } = await start()
    const mine = simulator.addToken({ user_id: 'Me' })
    const alsoMine = simulator.addToken({ user_id: 'Me' })
    const theirs = simulator.addToken({ user_id: 'Them' })
    const admin = simulator.addToken({ user_id: 'Admin' }, { superuser: true })
    const foreign = simulator.addToken({ user_id: 'Far', customer_id: 'OtherCustomer' })
    const orphanAdmin = simulator.addToken({ customer_id: null }, { superuser: true })
    const orphan = simulator.addToken({ user_id: 'Lost', customer_id: null })
    expect((await call(simulator, 'DELETE', `/tokens/${theirs.record.id}`, { key: mine.secret })).status).toBe(403)
    expect((await call(simulator, 'DELETE', `/tokens/${alsoMine.record.id}`, { key: mine.secret })).status).toBe(204)
    expect((await call(simulator, 'DELETE', `/tokens/${foreign.record.id}`, { key: admin.secret })).status).toBe(403)
    // A missing customer ID is nobody's customer: it grants a superuser nothing.
    expect((await call(simulator, 'DELETE', `/tokens/${orphan.record.id}`, { key: orphanAdmin.secret })).status).toBe(
      403,
    )
    expect((await call(simulator, 'DELETE', `/tokens/${theirs.record.id}`, { key: admin.secret })).status).toBe(204)
    expect(
      (
        await call(simulator, 'DELETE', '/tokens', {
          key: admin.secret,
          body: bulkBody(),
          headers: { 'Content-Type': BULK },
        })
      ).status,
    ).toBe(400)
  })
})

describe('POST /tokens (minting)', () => {
  const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
  const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

  async function withUser(options: SimulatorOptions = {}, otp = true) {
    const started = await start(options)
    const user = started.simulator.addUser({
      login: 'dev@example.test',
      password: 'hunter22',
      userId: 'MintUser',
      customerId: 'MintCustomer',
      ...(otp ? { otpSecret: SEED } : {}),
    })
    return { ...started, user }
  }

  function form(fields: Record<string, string | string[]>): string {
    const params = new URLSearchParams()
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) params.append(name, one)
    return params.toString()
  }

  const mint = (
    simulator: FastlySimulator,
    fields: Record<string, string | string[]>,
    otp?: string,
    type = FORM['Content-Type'],
  ) =>
    call(simulator, 'POST', '/tokens', {
      body: form(fields),
      headers: { 'Content-Type': type, ...(otp !== undefined ? { 'Fastly-OTP': otp } : {}) },
    })

  it('mints a working token with the right password and current code, as a write', async () => {
    const { simulator, clock } = await withUser()
    const expires = isoSeconds(new Date(clock.now.getTime() + 7 * DAY))
    const answer = await mint(
      simulator,
      {
        username: 'dev@example.test',
        password: 'hunter22',
        name: 'ci-deploy',
        scope: 'global purge_all',
        'services[]': ['SvcA', 'SvcB'],
        expires_at: expires,
      },
      simulator.currentOtp('dev@example.test'),
    )
    expect(answer.status).toBe(200)
    expect(answer.headers.get('fastly-ratelimit-remaining')).toBe('999')
    expect(answer.headers.get('fastly-ratelimit-reset')).toBe(String(Date.parse('2025-06-01T11:00:00Z') / 1000))
    expect(answer.json).toMatchObject({
      name: 'ci-deploy',
      user_id: 'MintUser',
      customer_id: 'MintCustomer',
      scope: 'global purge_all',
      services: ['SvcA', 'SvcB'],
      expires_at: expires,
      created_at: isoSeconds(clock.now),
    })
    const secret = answer.json.access_token as string
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(simulator.creationCount).toBe(1)
    expect(simulator.createdToken('ci-deploy')?.secret).toBe(secret)

    const self = await call(simulator, 'GET', '/tokens/self', { key: secret })
    expect(self.json).toMatchObject({ id: answer.json.id, name: 'ci-deploy' })
    expect(self.json).not.toHaveProperty('access_token')
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: secret })).status).toBe(204)
    // The secret is shown only in the create answer.
    const list = await call(simulator, 'GET', '/tokens', { key: simulator.addToken({ user_id: 'MintUser' }).secret })
    expect(list.text).not.toContain(secret)
  })

  it('defaults to scope global and no expiry, and needs no code from a user without a seed', async () => {
    const { simulator } = await withUser({}, false)
    const answer = await mint(simulator, { username: 'dev@example.test', password: 'hunter22', name: 'plain' })
    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({
      scope: 'global',
      scopes: ['global'],
      services: [],
      expires_at: null,
      service_id: null,
    })
  })

  it('refuses a wrong password or unknown user with 401, spending the budget and making nothing', async () => {
    const { simulator } = await withUser()
    const wrong = await mint(
      simulator,
      { username: 'dev@example.test', password: 'nope', name: 'x' },
      simulator.currentOtp('dev@example.test'),
    )
    expect(wrong.status).toBe(401)
    expect(typeof wrong.json.msg).toBe('string')
    expect(wrong.headers.get('fastly-ratelimit-remaining')).toBe('999')
    expect((await mint(simulator, { username: 'nobody', password: 'hunter22' })).status).toBe(401)
    expect(simulator.creationCount).toBe(0)
    expect(simulator.writeBudgetRemaining('MintUser')).toBe(999)
  })

  it('refuses a missing, wrong, stale or reused code with otpErrorStatus (401 by default)', async () => {
    const { simulator, clock } = await withUser()
    const login = { username: 'dev@example.test', password: 'hunter22' }
    const key = base32Decode(SEED)
    const at = (steps: number) => totp(key, clock.now.getTime() + steps * 30_000)
    const missing = await mint(simulator, login)
    expect(missing.status).toBe(401)
    expect(typeof missing.json.msg).toBe('string')
    expect((await mint(simulator, login, '000000' === at(0) ? '111111' : '000000')).status).toBe(401)
    expect((await mint(simulator, login, at(-2))).status).toBe(401)
    expect((await mint(simulator, login, at(2))).status).toBe(401)
    // One step of drift either way is accepted (RFC 6238 section 5.2); each code once.
    expect((await mint(simulator, { ...login, name: 'late' }, at(-1))).status).toBe(200)
    expect((await mint(simulator, { ...login, name: 'now' }, at(0))).status).toBe(200)
    expect((await mint(simulator, { ...login, name: 'again' }, at(0))).status).toBe(401)
    expect(simulator.creationCount).toBe(2)

    const other = await withUser({ otpErrorStatus: 400, otpReplay: 'accept' })
    expect((await mint(other.simulator, login)).status).toBe(400)
    const code = other.simulator.currentOtp('dev@example.test')
    expect((await mint(other.simulator, login, code)).status).toBe(200)
    expect((await mint(other.simulator, login, code)).status).toBe(200)
  })

  it('takes only a form, known scopes and an RFC 3339 expiry in the future', async () => {
    const { simulator, clock } = await withUser({}, false)
    const login = { username: 'dev@example.test', password: 'hunter22' }
    expect((await mint(simulator, login, undefined, 'application/json')).status).toBe(415)
    expect((await mint(simulator, { ...login, scope: 'global admin' })).status).toBe(400)
    expect((await mint(simulator, { ...login, expires_at: 'next week' })).status).toBe(400)
    expect(
      (await mint(simulator, { ...login, expires_at: isoSeconds(new Date(clock.now.getTime() - HOUR)) })).status,
    ).toBe(400)
    const offset = await mint(simulator, { ...login, expires_at: '2025-06-02T12:00:00+02:00' })
    expect(offset.json.expires_at).toBe('2025-06-02T10:00:00Z')
  })

  it('spends the user’s hourly budget and 429s once it is gone', async () => {
    const { simulator } = await withUser({ writeLimit: 1 }, false)
    const login = { username: 'dev@example.test', password: 'hunter22' }
    expect((await mint(simulator, login)).status).toBe(200)
    const spent = await mint(simulator, login)
    expect(spent.status).toBe(429)
    expect(spent.headers.get('retry-after')).toBeNull()
    expect(simulator.creationCount).toBe(1)
  })
})

describe('TOTP (RFC 6238, SHA-1)', () => {
  const key = Buffer.from('12345678901234567890', 'ascii')
  const vectors: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ]

  it.each(vectors)('at %i s gives %s (8 digits) and its last 6 digits', (seconds, code) => {
    expect(totp(key, seconds * 1000, 8)).toBe(code)
    expect(totp(key, seconds * 1000)).toBe(code.slice(2))
  })

  it('agrees with RFC 4226 HOTP and reads base32 seeds', () => {
    expect(hotp(key, 0)).toBe('755224')
    expect(hotp(key, 9)).toBe('520489')
    expect(base32Encode(key)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq====')).toEqual(key)
  })
})

describe('standard seeds', () => {
  it('hold a read-only, a purge-only, an expired token, automation tokens of several roles, and a mint user', async () => {
    const { simulator, clock } = await start()
    const tokens = seedStandardTokens(simulator, clock.now)
    expect((await call(simulator, 'DELETE', '/tokens/self', { key: tokens.readOnly.secret })).json).toEqual(READ_ONLY)
    expect((await call(simulator, 'GET', '/tokens', { key: tokens.purgeOneService.secret })).status).toBe(403)
    expect((await call(simulator, 'GET', '/tokens/self', { key: tokens.expired.secret })).json.msg).toMatch(
      /^Token \w+ expired at /,
    )

    const robots = [
      tokens.automationSuperuser,
      tokens.automationEngineer,
      tokens.automationStale,
      tokens.automationBilling,
    ]
    expect(new Set(robots.map((robot) => robot.record.role))).toEqual(
      new Set(['superuser', 'engineer', 'user', 'billing']),
    )
    expect(robots.filter((robot) => robot.record.expires_at === null).length).toBeGreaterThanOrEqual(2)
    const listed = await call(simulator, 'GET', '/automation-tokens?per_page=100', {
      key: tokens.automationSuperuser.secret,
    })
    expect(listed.json.meta).toMatchObject({ record_count: 4 })

    const minted = await call(simulator, 'POST', '/tokens', {
      body: new URLSearchParams({
        username: DEMO_MINT_USER.login,
        password: DEMO_MINT_USER.password,
        name: 'from-seed',
      }).toString(),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Fastly-OTP': simulator.currentOtp(DEMO_MINT_USER.login),
      },
    })
    expect(minted.status).toBe(200)
    expect(minted.json.customer_id).toBe(DEMO_CUSTOMER)
  })
})
