/**
 * The tokens CI really uses: a customer with 250 automation tokens (three
 * pages of GET /automation-tokens) beside its people's tokens, audited,
 * cleaned up by ID and reported in the outputs, the audit file, the summary
 * and the GitHub issue. The bundled action under Node 24, as the runner runs
 * it, against the simulator and a stand-in for GitHub's REST API.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { GitHubStandin } from '../../tools/github-standin.js'
import { runAction, type RunResult, tokenLeaks } from '../../tools/runner.js'
import { seedManyAutomationTokens } from '../../tools/seeds.js'
import { FastlySimulator, isoSeconds, type SimulatedToken, type SimulatorOptions } from '../../tools/simulator.js'

const CUSTOMER = 'RobotCustomer000000001'
const DAY = 86_400_000
const GITHUB_TOKEN = 'ghs_standinToken0123456789'

interface Account {
  simulator: FastlySimulator
  /** A superuser's user token, which audits the whole customer. */
  admin: SimulatedToken
  /** A superuser-role automation token: CI's own credentials, which may list automation tokens. */
  robotAdmin: SimulatedToken
  /** The 250 automation tokens of every role and age. */
  robots: SimulatedToken[]
  people: SimulatedToken[]
}

const simulators: FastlySimulator[] = []
afterAll(async () => Promise.all(simulators.splice(0).map((simulator) => simulator.close())))

/** A customer with two people's tokens, an admin, CI's superuser-role automation token and 250 more automation tokens. */
async function account(options: SimulatorOptions = {}): Promise<Account> {
  const simulator = await FastlySimulator.start(options)
  simulators.push(simulator)
  const now = Date.now()
  const at = (days: number) => isoSeconds(new Date(now + days * DAY))
  const person = { user_id: 'RobotCustomerPerson001', customer_id: CUSTOMER }
  const people = [
    simulator.addToken({ ...person, name: 'laptop-expired', created_at: at(-100), expires_at: at(-2) }),
    simulator.addToken({ ...person, name: 'laptop-ok', created_at: at(-10), last_used_at: at(-1), expires_at: at(50) }),
  ]
  const admin = simulator.addToken(
    { user_id: 'RobotCustomerAdmin0001', customer_id: CUSTOMER, name: 'admin', last_used_at: at(0) },
    { superuser: true },
  )
  const robotAdmin = simulator.addAutomationToken({
    customer_id: CUSTOMER,
    name: 'ci-audit',
    role: 'superuser',
    scope: 'global',
    created_at: at(-30),
    last_used_at: at(0),
    expires_at: at(200),
  })
  const robots = seedManyAutomationTokens(simulator, 250, CUSTOMER, new Date(now))
  return { simulator, admin, robotAdmin, robots, people: [...people, admin] }
}

interface AuditedToken {
  id: string
  name: string
  kind: string
  role: string
  'user-id': string
  'creator-id': string
  'tls-access': boolean | null
  category: string
  flags: string[]
  current: boolean
}

interface AuditFile {
  mode: string
  customerId: string
  tokenCount: number
  tokenCountByKind: Record<string, number>
  expiredTokenIds: string[]
  staleTokenIds: string[]
  noExpiryTokenIds: string[]
  tokens: AuditedToken[]
}

const keep = mkdtempSync(join(tmpdir(), 'ftg-automation-'))
afterAll(() => rmSync(keep, { recursive: true, force: true }))

/** Runs the action; every run is checked for leaks of its token and for stack traces. */
async function run(
  token: SimulatedToken,
  simulator: FastlySimulator,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<RunResult & { file: AuditFile | undefined }> {
  const result = await runAction({
    inputs: { 'api-token': token.secret, 'api-url': simulator.url, ...inputs },
    env: { RUNNER_TEMP: keep, ...env },
  })
  expect(tokenLeaks(result, token.secret)).toEqual([])
  expect(result.stderr).not.toMatch(/\n\s+at /)
  const path = result.outputs['audit-file']
  const file = path ? (JSON.parse(readFileSync(path, 'utf8')) as AuditFile) : undefined
  return { ...result, file }
}

/** What the audit must find, worked out from the seeded records themselves. */
function expectedFlags(tokens: SimulatedToken[], now: number) {
  const time = (value: unknown) => (typeof value === 'string' && value !== '' ? Date.parse(value) : null)
  const ids = (keep: (record: SimulatedToken['record']) => boolean) =>
    tokens
      .filter((t) => keep(t.record))
      .map((t) => t.record.id)
      .sort()
  return {
    expired: ids((r) => time(r.expires_at) !== null && time(r.expires_at)! <= now),
    noExpiry: ids((r) => time(r.expires_at) === null),
    stale: ids((r) => {
      const last = time(r.last_used_at) ?? time(r.created_at)
      return last !== null && now - last > 90 * DAY
    }),
  }
}

describe('an audit of the automation tokens CI uses', () => {
  let shop: Account
  beforeAll(async () => {
    shop = await account()
  })
  afterEach(() => {
    shop.simulator.requests.length = 0
  })

  it('reads all three pages with a superuser-role automation token, and classifies every token', async () => {
    const result = await run(shop.robotAdmin, shop.simulator, { audit: 'automation' })
    expect(result.exitCode).toBe(0)
    expect(shop.simulator.apiRequests().map((r) => `${r.method} ${r.path}${r.search}`)).toEqual([
      'GET /tokens/self',
      'GET /automation-tokens?page=1&per_page=100',
      'GET /automation-tokens?page=2&per_page=100',
      'GET /automation-tokens?page=3&per_page=100',
    ])
    expect(result.outputs['token-count']).toBe('251')
    const file = result.file!
    expect(file).toMatchObject({ mode: 'automation', customerId: CUSTOMER, tokenCount: 251 })
    expect(file.tokenCountByKind).toEqual({ user: 0, automation: 251, 'browser-session': 0 })
    expect(new Set(file.tokens.map((t) => t.id))).toEqual(
      new Set([shop.robotAdmin, ...shop.robots].map((t) => t.record.id)),
    )

    // Categories as for user tokens, worked out from the seeded records.
    const expected = expectedFlags(shop.robots, Date.now())
    expect(expected.expired.length).toBeGreaterThan(10)
    expect([...file.expiredTokenIds].sort()).toEqual(expected.expired)
    expect([...file.noExpiryTokenIds].sort()).toEqual(expected.noExpiry)
    expect([...file.staleTokenIds].sort()).toEqual(expected.stale)
    expect(JSON.parse(result.outputs['expired-token-ids']!).sort()).toEqual(expected.expired)

    // The token the audit runs with is marked, and in no ID list.
    const current = file.tokens.filter((t) => t.current)
    expect(current.map((t) => t.id)).toEqual([shop.robotAdmin.record.id])
    expect(current[0]).toMatchObject({ kind: 'automation', role: 'superuser', 'user-id': '' })
    for (const name of ['expired-token-ids', 'expiring-token-ids', 'stale-token-ids', 'no-expiry-token-ids'])
      expect(result.outputs[name]).not.toContain(shop.robotAdmin.record.id)
  })

  it('carries kind, role, creator and TLS access in the tokens output and the audit file', async () => {
    const result = await run(shop.robotAdmin, shop.simulator, { audit: 'automation' })
    const output = JSON.parse(result.outputs.tokens!) as AuditedToken[]
    expect(output.length).toBeGreaterThan(100)
    const robot = shop.robots[3]!
    const inFile = result.file!.tokens.find((t) => t.id === robot.record.id)
    expect(inFile).toMatchObject({
      kind: 'automation',
      role: 'superuser',
      'user-id': '',
      'creator-id': 'RobotMaker000000000002',
      'tls-access': true,
    })
    expect(new Set(result.file!.tokens.map((t) => t.role))).toEqual(
      new Set(['engineer', 'user', 'billing', 'superuser']),
    )
    for (const token of output) {
      expect(token.kind).toBe('automation')
      expect(result.file!.tokens.find((t) => t.id === token.id)).toEqual(token)
    }
  })

  it('shows kinds and roles in the summary', async () => {
    const result = await run(shop.robotAdmin, shop.simulator, { audit: 'automation' })
    expect(result.summary).toContain(`Token audit: 251 automation tokens of customer ${CUSTOMER}`)
    expect(result.summary).toContain('<th align="left">Kind</th>')
    expect(result.summary).toMatch(
      /<td>automation \((engineer|user|billing|superuser)\)<\/td><td>created by RobotMaker/,
    )
    // The verified token itself: an automation token, its role and creator, no user.
    expect(result.summary).toContain('<tr><th align="left">Kind</th><td>automation token, role superuser</td></tr>')
    expect(result.stdout).toContain(
      `Token: ci-audit (${shop.robotAdmin.record.id}), an automation token with role superuser`,
    )
  })

  it('explains what an automation token without the superuser role lacks', async () => {
    const engineer = shop.robots.find((t) => t.record.role === 'engineer' && t.record.expires_at === null)!
    const result = await run(engineer, shop.simulator, { audit: 'automation' })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      `Fastly refused to list the automation tokens of customer ${CUSTOMER}: You are not authorized to perform this action (GET /automation-tokens?page=1&per_page=100 answered HTTP 403). Listing automation tokens needs a superuser: a superuser's token, or an automation token with the superuser role.`,
    ])
    expect(result.file).toMatchObject({ mode: 'automation', tokens: [] })
  })

  it("says that an automation token has no user's tokens to audit", async () => {
    const result = await run(shop.robotAdmin, shop.simulator, { audit: 'user' })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.level === 'error')[0]!.message).toMatch(
      /^The token audit cannot run: 'audit: user' lists the tokens of the token's own user, and this is an automation token/,
    )
    expect(shop.simulator.apiRequests().map((r) => r.path)).toEqual(['/tokens/self'])
  })
})

describe('an audit of every token of the customer', () => {
  it.each([false, true])(
    'audits user and automation tokens together, each once (customer list includes automation tokens: %s)',
    async (customerListIncludesAutomation) => {
      const shop = await account({ customerListIncludesAutomation })
      const result = await run(shop.admin, shop.simulator, { audit: 'customer' })
      expect(result.exitCode).toBe(0)
      expect(shop.simulator.apiRequests().map((r) => `${r.path}${r.search}`)).toEqual([
        '/tokens/self',
        `/customer/${CUSTOMER}/tokens`,
        '/automation-tokens?page=1&per_page=100',
        '/automation-tokens?page=2&per_page=100',
        '/automation-tokens?page=3&per_page=100',
      ])
      const everyone = [...shop.people, shop.robotAdmin, ...shop.robots]
      expect(result.outputs['token-count']).toBe(String(everyone.length))
      const file = result.file!
      expect(file.tokens.map((t) => t.id).sort()).toEqual(everyone.map((t) => t.record.id).sort())
      expect(file.tokenCountByKind).toEqual({ user: 3, automation: 251, 'browser-session': 0 })
      expect(file.tokens.find((t) => t.id === shop.robotAdmin.record.id)).toMatchObject({
        kind: 'automation',
        role: 'superuser',
      })
      expect(file.tokens.find((t) => t.id === shop.people[0]!.record.id)).toMatchObject({
        kind: 'user',
        role: '',
        'user-id': 'RobotCustomerPerson001',
        category: 'expired',
      })
      const expected = expectedFlags(everyone, Date.now())
      expect([...file.expiredTokenIds].sort()).toEqual(expected.expired)
      expect(result.summary).toContain(`Token audit: 254 tokens of customer ${CUSTOMER} (3 user, 251 automation)`)
      expect(result.stdout).toContain(
        customerListIncludesAutomation
          ? "251 automation tokens were in the customer's list and in the automation list; each is audited once."
          : `Listed 254 tokens of customer ${CUSTOMER}`,
      )
    },
  )

  it('keeps one GitHub issue that shows the kind of every token', async () => {
    const shop = await account()
    const github = await GitHubStandin.start('example-org/example-app', GITHUB_TOKEN)
    try {
      const result = await run(
        shop.admin,
        shop.simulator,
        { audit: 'customer', 'github-issue': 'true', 'github-token': GITHUB_TOKEN },
        { GITHUB_API_URL: github.url },
      )
      expect(result.exitCode).toBe(0)
      expect(tokenLeaks(result, GITHUB_TOKEN)).toEqual([])
      expect(github.issues).toHaveLength(1)
      const [issue] = github.issues
      // No customer ID in an issue, which may be public.
      expect(issue!.title).toMatch(/^Fastly token audit of the customer: \d+ tokens need attention$/)
      expect(`${issue!.title}${issue!.body}`).not.toContain(CUSTOMER)
      expect(issue!.body).toContain(`- \`laptop-expired\` \`${shop.people[0]!.record.id}\`, user token\n`)
      const robot = shop.robots.find(
        (t) => typeof t.record.expires_at === 'string' && Date.parse(t.record.expires_at) < Date.now(),
      )!
      expect(issue!.body).toContain(
        `- \`${robot.record.name}\` \`${robot.record.id}\`, automation token, role ${robot.record.role}\n`,
      )
      for (const secret of [shop.admin.secret, ...shop.robots.map((t) => t.secret)])
        expect(issue!.body).not.toContain(secret)
    } finally {
      await github.close()
    }
  })
})

describe('a cleanup of automation tokens by ID', () => {
  it('revokes one by ID, then the expired ones from the audit file in bulk, after a dry run', async () => {
    const shop = await account()
    const audit = await run(shop.admin, shop.simulator, { audit: 'customer' })
    const expiredRobots = audit.file!.expiredTokenIds.filter((id) => shop.robots.some((t) => t.record.id === id))
    expect(expiredRobots.length).toBeGreaterThan(10)

    // One automation token by ID: DELETE /tokens/{id}.
    const [first, ...rest] = expiredRobots
    shop.simulator.requests.length = 0
    const single = await run(shop.admin, shop.simulator, { 'revoke-token-ids': first! })
    expect(single.exitCode).toBe(0)
    expect(JSON.parse(single.outputs['revoked-token-ids']!)).toEqual([first])
    // One DELETE, between the lists that check the ID first (the automation list among them) and confirm it after.
    expect(
      shop.simulator
        .apiRequests()
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([`DELETE /tokens/${first}`])
    expect(shop.simulator.apiRequests().filter((r) => r.path === '/automation-tokens').length).toBeGreaterThan(1)
    expect(shop.simulator.isRevoked(first!)).toBe(true)

    // The rest, as the cleanup recipe does: the audit file's IDs in a file, a dry run first.
    const ids = join(keep, 'expired-automation-ids.txt')
    writeFileSync(ids, `${rest.join('\n')}\n`)
    const dry = await run(shop.admin, shop.simulator, { 'revoke-token-ids-file': ids, 'dry-run': 'true' })
    expect(dry.outputs['revoked-token-ids']).toBe('[]')
    expect(rest.some((id) => shop.simulator.isRevoked(id))).toBe(false)

    shop.simulator.requests.length = 0
    const bulk = await run(shop.admin, shop.simulator, { 'revoke-token-ids-file': ids })
    expect(bulk.exitCode).toBe(0)
    expect(JSON.parse(bulk.outputs['revoked-token-ids']!).sort()).toEqual([...rest].sort())
    const deletes = shop.simulator.apiRequests().filter((r) => r.method === 'DELETE')
    expect(deletes.map((r) => r.path)).toEqual(Array(Math.ceil(rest.length / 100)).fill('/tokens'))
    expect(rest.every((id) => shop.simulator.isRevoked(id))).toBe(true)

    // Nothing else was touched, and the next audit no longer lists them.
    const survivors = shop.robots.filter((t) => !expiredRobots.includes(t.record.id))
    expect(survivors.some((t) => shop.simulator.isRevoked(t.record.id))).toBe(false)
    const after = await run(shop.admin, shop.simulator, { audit: 'customer' })
    expect(after.file!.expiredTokenIds.filter((id) => expiredRobots.includes(id))).toEqual([])
    expect(after.outputs['token-count']).toBe(String(254 - expiredRobots.length))
  })

  it('cannot revoke an automation token without a superuser: not among the tokens it may revoke, never sent', async () => {
    const shop = await account()
    const victim = shop.robots[1]!
    const person = shop.people[1]!
    shop.simulator.requests.length = 0
    const result = await run(person, shop.simulator, { 'revoke-token-ids': victim.record.id })
    expect(shop.simulator.isRevoked(victim.record.id)).toBe(false)
    expect(result.outputs['revoked-token-ids']).toBe('[]')
    expect(shop.simulator.apiRequests().filter((r) => r.method === 'DELETE')).toEqual([])
    expect(result.stdout).toContain(`Token ${victim.record.id} is not among the tokens Fastly lists for this token`)
  })
})

describe('a deploy job that runs with an automation token', () => {
  it.each(['scopes', 'scope'] as const)(
    'verifies it whichever shape GET /tokens/self answers (%s)',
    async (automationSelfShape) => {
      const shop = await account({ automationSelfShape })
      const deployer = shop.robots.find((t) => t.record.role === 'engineer' && t.record.expires_at === null)!
      const result = await run(deployer, shop.simulator, { 'required-scopes': 'global' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs).toMatchObject({
        status: 'valid',
        'token-id': deployer.record.id,
        'user-id': '',
        'customer-id': CUSTOMER,
        scope: deployer.record.scope,
        'expires-at': '',
      })
      expect(result.summary).toContain('<tr><th align="left">Kind</th><td>automation token, role engineer</td></tr>')
    },
  )
})
