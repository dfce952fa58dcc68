/**
 * A scheduled audit as a user meets it: the bundled action under Node 24
 * against the simulator seeded with a realistic account, and the audit issue
 * against a stand-in for GitHub's REST API.
 */
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { GitHubStandin } from '../../tools/github-standin.js'
import { runAction, type RunResult, tokenLeaks } from '../../tools/runner.js'
import { AUDIT_CUSTOMER, AUDIT_USER, seedAuditAccount, seedManyTokens } from '../../tools/seeds.js'
import { summaryToText as summaryText } from '../../tools/summary-text.js'
import { FastlySimulator, type SimulatedToken, isoSeconds } from '../../tools/simulator.js'

let simulator: FastlySimulator
let auditor: SimulatedToken
let admin: SimulatedToken
let byName: Map<string, SimulatedToken>
const id = (name: string) => byName.get(name)!.record.id

beforeAll(async () => {
  simulator = await FastlySimulator.start()
  ;({ auditor, admin, byName } = seedAuditAccount(simulator))
})
afterAll(async () => simulator.close())
beforeEach(() => {
  simulator.clearFaults()
  simulator.requests.length = 0
})

interface AuditedToken {
  id: string
  name: string
  category: string
  flags: string[]
  current: boolean
  'user-id': string
  'expires-at': string
}

async function audit(
  token: SimulatedToken,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<RunResult & { tokens: AuditedToken[] }> {
  const result = await runAction({
    inputs: { 'api-token': token.secret, 'api-url': simulator.url, audit: 'user', ...inputs },
    env,
  })
  expect(tokenLeaks(result, token.secret)).toEqual([])
  expect(result.stderr).not.toMatch(/\n\s+at /)
  return { ...result, tokens: result.outputs.tokens ? (JSON.parse(result.outputs.tokens) as AuditedToken[]) : [] }
}

describe('a daily audit of the tokens of one user', () => {
  it('classifies every token, most urgent first, with independent flags', async () => {
    const result = await audit(auditor)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['token-count']).toBe('10')
    expect(result.tokens.map((t) => t.name)).toEqual([
      'expired-last-week',
      'expires-tomorrow',
      'expires-in-3-days',
      'stale-200-days',
      'never-used-old',
      'forever-and-stale',
      'forever-active',
      'healthy',
      'never-used-new',
      'audit-bot',
    ])
    const byTokenName = new Map(result.tokens.map((t) => [t.name, t]))
    expect(byTokenName.get('forever-and-stale')).toMatchObject({
      category: 'stale',
      flags: ['stale', 'no-expiry'],
      'expires-at': '',
    })
    expect(byTokenName.get('audit-bot')).toMatchObject({ category: 'ok', flags: [], current: true })
    expect(byTokenName.get('expired-last-week')).toMatchObject({
      category: 'expired',
      flags: ['expired'],
      'user-id': AUDIT_USER,
    })
    expect(simulator.apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /tokens/self', 'GET /tokens'])
  })

  it('hands the ID lists to later steps, never with the current token', async () => {
    const result = await audit(auditor)
    expect(JSON.parse(result.outputs['expired-token-ids']!)).toEqual([id('expired-last-week')])
    expect(JSON.parse(result.outputs['expiring-token-ids']!)).toEqual([id('expires-tomorrow'), id('expires-in-3-days')])
    expect(JSON.parse(result.outputs['stale-token-ids']!)).toEqual([
      id('stale-200-days'),
      id('never-used-old'),
      id('forever-and-stale'),
    ])
    expect(JSON.parse(result.outputs['no-expiry-token-ids']!)).toEqual([id('forever-and-stale'), id('forever-active')])
    for (const name of ['expired-token-ids', 'expiring-token-ids', 'stale-token-ids', 'no-expiry-token-ids']) {
      expect(result.outputs[name]).not.toContain(auditor.record.id)
    }
  })

  it('always writes the complete audit file under RUNNER_TEMP', async () => {
    const result = await audit(auditor)
    const file = result.outputs['audit-file']!
    expect(file).toMatch(new RegExp(`fastly-token-audit-user-${AUDIT_USER}\\.json$`))
    // The harness removes RUNNER_TEMP after the run, so the file's content is checked through a run that keeps it.
    const keep = mkdtempSync(join(tmpdir(), 'ftg-keep-'))
    const kept = await audit(auditor, {}, { RUNNER_TEMP: keep })
    const content = JSON.parse(readFileSync(kept.outputs['audit-file']!, 'utf8')) as {
      tokenCount: number
      tokens: unknown[]
      sessionTokensLeftOut: number
      userId: string
    }
    expect(content).toMatchObject({ tokenCount: 10, sessionTokensLeftOut: 2, userId: AUDIT_USER })
    expect(content.tokens).toHaveLength(10)
    rmSync(keep, { recursive: true, force: true })
  })

  it('leaves out browser sessions, and says how many, unless asked', async () => {
    const result = await audit(auditor)
    expect(result.tokens.some((t) => t.name.toLowerCase() === 'manage.fastly.com browser session')).toBe(false)
    expect(result.stdout).toContain('Left out 2 browser-session tokens')
    expect(result.summary).toContain('2 browser-session tokens were left out')
    const withSessions = await audit(auditor, { 'include-session-tokens': 'true' })
    expect(withSessions.outputs['token-count']).toBe('12')
  })

  it('writes a summary with counts and a table sorted by urgency', async () => {
    const result = await audit(auditor)
    expect(result.summary).toContain(`Token audit: 10 tokens of user ${AUDIT_USER}`)
    // Report-only, but 7 tokens need a person: the headline says so.
    expect(result.summary).toContain('⚠️ Fastly token audit: passed with warnings')
    expect(result.summary).toMatch(/<td>⛔ expired<\/td><td>1<\/td>/)
    expect(result.summary).toMatch(/<td>💤 stale<\/td><td>3<\/td>/)
    expect(result.summary).toMatch(/last used 7 months ago/)
    expect(result.summary.indexOf('expired-last-week')).toBeLessThan(result.summary.indexOf('forever-active'))
    expect(result.summary).toContain('audit-bot (this job&#39;s token)')
  })

  it('fails on the flags in audit-fail-on, after setting every output', async () => {
    const result = await audit(auditor, { 'audit-fail-on': 'expired, stale' })
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toMatch(
      /^The token audit found 4 tokens flagged in audit-fail-on \(expired: 1, stale: 3\): expired-last-week/,
    )
    expect(result.outputs['token-count']).toBe('10')
    expect(result.summary).toContain('❌ Fastly token audit: failed')
    expect(result.summary).toContain('❌ The token audit found 4 tokens')
    expect((await audit(auditor, { 'audit-fail-on': '' })).exitCode).toBe(0)
  })

  it('refuses an unknown audit flag', async () => {
    const result = await audit(auditor, { 'audit-fail-on': 'expired,old' })
    expect(result.annotations[0]!.message).toBe(
      'Input \'audit-fail-on\' has "old", which is not an audit flag. Use any of: expired, unreadable-expiry, expiring, stale, no-expiry.',
    )
  })

  it("uses the gate's warn window and the stale-after input", async () => {
    const result = await audit(auditor, { 'warn-if-expires-within': '2d', 'stale-after': '400d' })
    const categories = Object.fromEntries(result.tokens.map((t) => [t.name, t.category]))
    expect(categories['expires-in-3-days']).toBe('ok')
    expect(categories['expires-tomorrow']).toBe('expiring')
    expect(categories['stale-200-days']).toBe('ok')
    expect(categories['forever-and-stale']).toBe('no-expiry')
  })
})

describe('an audit of a whole customer', () => {
  it("lists every user's tokens for a superuser", async () => {
    const result = await audit(admin, { audit: 'customer' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['token-count']).toBe('12')
    expect(result.tokens.find((t) => t.name === 'other-users-token')).toMatchObject({ category: 'expiring' })
    // The customer's automation tokens too (none here): every token of the customer.
    expect(simulator.apiRequests().map((r) => r.path)).toEqual([
      '/tokens/self',
      `/customer/${AUDIT_CUSTOMER}/tokens`,
      '/automation-tokens',
    ])
  })

  it("explains a 403 for a token that is not a superuser's", async () => {
    const result = await audit(auditor, { audit: 'customer' })
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
    expect(errors).toEqual([
      `Fastly refused to list the tokens of customer ${AUDIT_CUSTOMER}: You are not authorized to perform this action (GET /customer/${AUDIT_CUSTOMER}/tokens answered HTTP 403). Listing a customer's tokens needs a superuser's token; 'audit: user' lists the tokens of the token's own user.`,
    ])
    expect(result.outputs['audit-file']).toMatch(/\.json$/)
  })

  it('says why when the token has no customer to audit, and still writes the audit file', async () => {
    const orphan = simulator.addToken({ name: 'no-customer', customer_id: null })
    const result = await audit(orphan, { audit: 'customer' })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      "The token audit cannot run: Fastly's answer for the token has no customer_id; set the input 'customer-id'.",
    ])
    expect(result.outputs['audit-file']).toMatch(/fastly-token-audit-customer\.json$/)
    expect(simulator.apiRequests().map((r) => r.path)).toEqual(['/tokens/self'])
  })

  it('refuses a malformed customer-id before any request', async () => {
    const result = await audit(admin, { audit: 'customer', 'customer-id': '../tokens' })
    expect(result.exitCode).toBe(1)
    expect(result.annotations[0]!.message).toMatch(/^Input 'customer-id' has "..\/tokens"/)
    expect(simulator.requests).toHaveLength(0)
  })
})

describe('an audit at scale', () => {
  it('cuts outputs and the summary, saying so, while the audit file keeps everything', async () => {
    const owner = { user_id: 'BigUser000000000000001', customer_id: 'BigCustomer00000000001' }
    const runner = simulator.addToken({ ...owner, name: 'big-audit' })
    seedManyTokens(simulator, 3000, owner)
    const keep = mkdtempSync(join(tmpdir(), 'ftg-keep-'))
    const result = await audit(runner, {}, { RUNNER_TEMP: keep })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['token-count']).toBe('3001')
    for (const [name, value] of Object.entries(result.outputs))
      expect(Buffer.byteLength(value), name).toBeLessThanOrEqual(100 * 1024)
    const cut = result.annotations.filter((a) => a.level === 'warning' && a.title === 'Fastly token audit')
    expect(cut.map((a) => a.message)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^The tokens output holds the first \\d+ of 3001 entries .* the audit file ${result.outputs['audit-file']} has all of them\\.$`,
        ),
      ),
    )
    expect(result.summary).toContain('Most urgent 100 tokens')
    expect(result.summary).toContain('2901 less urgent tokens are not shown here')
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024)
    const file = JSON.parse(readFileSync(result.outputs['audit-file']!, 'utf8')) as { tokens: unknown[] }
    expect(file.tokens).toHaveLength(3001)
    rmSync(keep, { recursive: true, force: true })
  })
})

describe('a cleanup after the audit', () => {
  it('revokes the stale tokens listed in a file, after a dry run', async () => {
    const scratch = simulator.addToken({
      name: 'scratch-runner',
      user_id: 'ScratchUser00000000001',
      customer_id: AUDIT_CUSTOMER,
    })
    const stale = [1, 2, 3].map((n) =>
      simulator.addToken({
        name: `old-${n}`,
        user_id: 'ScratchUser00000000001',
        customer_id: AUDIT_CUSTOMER,
        created_at: isoSeconds(new Date(Date.now() - 400 * 86400_000)),
        last_used_at: null,
      }),
    )
    const dir = mkdtempSync(join(tmpdir(), 'ftg-ids-'))
    const found = await audit(scratch, {}, { RUNNER_TEMP: dir })
    const staleIds = JSON.parse(found.outputs['stale-token-ids']!) as string[]
    expect(staleIds.sort()).toEqual(stale.map((t) => t.record.id).sort())

    // As the README's recipe does with jq: the audit file's staleTokenIds, one a line.
    const auditFile = JSON.parse(readFileSync(found.outputs['audit-file']!, 'utf8')) as { staleTokenIds: string[] }
    expect([...auditFile.staleTokenIds].sort()).toEqual([...staleIds].sort())
    const file = join(dir, 'ids.txt')
    writeFileSync(file, `${auditFile.staleTokenIds.join('\n')}\n`)
    const dry = await runAction({
      inputs: {
        'api-token': scratch.secret,
        'api-url': simulator.url,
        'revoke-token-ids-file': file,
        'dry-run': 'true',
      },
    })
    expect(dry.outputs['revoked-token-ids']).toBe('[]')
    expect(stale.every((t) => !simulator.isRevoked(t.record.id))).toBe(true)
    // A reviewer of the dry run sees each token's name, owner and category, not only IDs.
    expect(summaryText(dry.summary)).toMatch(/Token\s+Name\s+Owner \(automation: creator\)\s+Category\s+Result/)
    for (const token of stale)
      expect(summaryText(dry.summary)).toMatch(
        new RegExp(
          `${token.record.id}\\s+${token.record.name}\\s+ScratchUser00000000001\\s+💤 stale\\s+🔎 would revoke`,
        ),
      )
    const real = await runAction({
      inputs: { 'api-token': scratch.secret, 'api-url': simulator.url, 'revoke-token-ids-file': file },
    })
    expect(JSON.parse(real.outputs['revoked-token-ids']!)).toHaveLength(3)
    expect(stale.every((t) => simulator.isRevoked(t.record.id))).toBe(true)
    rmSync(dir, { recursive: true, force: true })
  })

  it('says so when the file holds no IDs: the scheduled cleanup looked and found nothing to revoke', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftg-ids-'))
    const file = join(dir, 'ids.txt')
    writeFileSync(file, '')
    const result = await runAction({
      inputs: {
        'api-token': auditor.secret,
        'api-url': simulator.url,
        'revoke-token-ids-file': file,
        'dry-run': 'true',
      },
    })
    expect(result.exitCode).toBe(0)
    expect(simulator.apiRequests().filter((r) => r.method === 'DELETE')).toEqual([])
    expect(result.stdout).toContain("No token IDs to revoke: 'revoke-token-ids-file' held none. Nothing was sent.")
    expect(result.summary).toContain('Fastly token revocation')
    expect(summaryText(result.summary)).toContain("No token IDs to revoke: 'revoke-token-ids-file' held none.")
    rmSync(dir, { recursive: true, force: true })
  })

  it('names the unreadable file in one clear error', async () => {
    const result = await runAction({
      inputs: {
        'api-token': auditor.secret,
        'api-url': simulator.url,
        'revoke-token-ids-file': '/nonexistent/ids.json',
      },
    })
    expect(result.exitCode).toBe(1)
    expect(result.annotations[0]!.message).toMatch(
      /^Input 'revoke-token-ids-file' names "\/nonexistent\/ids.json", which cannot be read \(ENOENT\)/,
    )
  })
})

describe('the audit issue', () => {
  let github: GitHubStandin
  const GITHUB_TOKEN = 'ghs_standinTokenK7q2Vx9Lm4Tz8R'

  beforeAll(async () => {
    github = await GitHubStandin.start('example-org/example-app', GITHUB_TOKEN)
  })
  afterAll(async () => github.close())

  const issueRun = (token: SimulatedToken, inputs: Record<string, string> = {}) =>
    audit(token, { 'github-issue': 'true', 'github-token': GITHUB_TOKEN, ...inputs }, { GITHUB_API_URL: github.url })

  it('opens one issue, updates it on later runs, and closes it when all is clear', async () => {
    const first = await issueRun(auditor)
    expect(first.exitCode).toBe(0)
    expect(github.issues).toHaveLength(1)
    const [issue] = github.issues
    expect(issue!.labels).toEqual(['fastly-token-audit'])
    expect(issue!.title).toBe("Fastly token audit of the token's user: 7 tokens need attention")
    expect(issue!.body.split('\n')[0]).toMatch(/^<!-- fastly-token-guard audit-issue key-sha256=[0-9a-f]{64} -->$/)
    expect(`${issue!.title}\n${issue!.body}`).not.toContain(AUDIT_USER)
    expect(issue!.author).toBe('github-actions[bot]')
    expect(issue!.body).toContain(`- \`expired-last-week\` \`${id('expired-last-week')}\``)
    expect(issue!.body).toContain('https://github.com/example-org/example-app/actions/runs/1234567890')
    expect(issue!.body).not.toContain(auditor.secret)
    expect(first.stdout).toContain('The audit issue #1 was opened')
    expect(tokenLeaks(first, GITHUB_TOKEN)).toEqual([])

    const second = await issueRun(auditor)
    expect(second.stdout).toContain('The audit issue #1 was updated')
    expect(github.issues).toHaveLength(1)

    // Only stale tokens need attention now, and none is stale under a long window: all clear.
    const clear = await issueRun(auditor, { 'audit-fail-on': 'stale', 'stale-after': '1000d' })
    expect(clear.stdout).toContain('The audit issue #1 was closed')
    expect(github.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(github.issues[0]!.comments[0]).toMatch(/^No token needs attention any more/)

    const reopen = await issueRun(auditor)
    expect(reopen.stdout).toContain('The audit issue #2 was opened')
    const quiet = await issueRun(auditor, {
      'issue-key': 'account-b',
      'audit-fail-on': 'stale',
      'stale-after': '1000d',
    })
    expect(quiet.stdout).toContain('No token needs attention and no audit issue is open.')
    expect(github.issues).toHaveLength(2)
    expect(github.requests.every((r) => r.authorization === `token ${GITHUB_TOKEN}`)).toBe(true)
  })

  it('keeps the issues of several accounts apart by issue-key', async () => {
    const before = github.issues.length
    await issueRun(auditor, { 'issue-key': 'matrix-a' })
    await issueRun(auditor, { 'issue-key': 'matrix-b' })
    await issueRun(auditor, { 'issue-key': 'matrix-a' })
    expect(github.issues.length - before).toBe(2)
  })

  it('fails clearly when GitHub refuses, with the status and a pointer to permissions', async () => {
    github.failWith = 403
    const result = await issueRun(auditor, { 'issue-key': 'forbidden' })
    github.failWith = undefined
    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.level === 'error')[0]!.message).toMatch(
      /^Could not look for the audit issue: HTTP 403: Resource not accessible by integration.*permissions: issues: write/,
    )
  })
})
