/**
 * The action against the people and servers SECURITY.md names: a hostile or
 * compromised API, another user of the same Fastly customer who names their
 * tokens to attack, and hostile strings in inputs. Each runs the bundled
 * action as the runner does, against the simulator, and reads stdout by the
 * runner's own rules (tools/runner.ts parseWorkflowCommandLines).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { PROJECT_ROOT, runAction, type RunResult, secretPieceLeaks, tokenLeaks } from '../../tools/runner.js'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../../tools/simulator.js'

let simulator: FastlySimulator
const DAY = 24 * 3600 * 1000
const USER = 'HostileUser00000000001'
const CUSTOMER = 'HostileCust00000000001'

beforeAll(async () => {
  simulator = await FastlySimulator.start()
})
afterAll(async () => simulator.close())
beforeEach(() => {
  simulator.clearFaults()
  simulator.requests.length = 0
})

function addToken(fields: Record<string, unknown> = {}): SimulatedToken {
  return simulator.addToken({
    user_id: USER,
    customer_id: CUSTOMER,
    expires_at: isoSeconds(new Date(Date.now() + 3 * DAY)),
    ...fields,
  })
}

/** Runs the main step, keeping RUNNER_TEMP so the audit file can be read; checks what every run must hold. */
async function run(token: SimulatedToken, inputs: Record<string, string>): Promise<RunResult & { auditFile: string }> {
  const keep = mkdtempSync(join(tmpdir(), 'ftg-hostile-'))
  const result = await runAction({
    inputs: { 'api-token': token.secret, 'api-url': simulator.url, ...inputs },
    env: { RUNNER_TEMP: keep },
  })
  const file = result.outputs['audit-file']
  const auditFile = file ? readFileSync(file, 'utf8') : ''
  rmSync(keep, { recursive: true, force: true })
  expect(tokenLeaks(result, token.secret)).toEqual([])
  expect(secretPieceLeaks(result, token.secret, { 'audit file': auditFile })).toEqual([])
  expect(result.stderr).not.toMatch(/\n\s+at /)
  return { ...result, auditFile }
}

/** What a neighbour in the same Fastly customer can name a token: each line break the runner or the viewer honours. */
const FORGERIES = [
  'deploy\n::error file=.github/workflows/deploy.yml,line=1,title=Fastly::Forged annotation',
  'deploy\r::add-mask::Fastly',
  'deploy\r\n::stop-commands::resume-token',
  'deploy\u2028::warning::Forged by U+2028',
  'deploy\u2029::notice::Forged by U+2029',
  'deploy\u0085::error::Forged by NEL',
  '::error::A name that starts with a command',
  '   ::warning::after spaces',
  'older form ##[error]anywhere in the line',
  'older form ##[add-mask]Token',
]

describe('another user of the same customer names tokens to forge workflow commands', () => {
  it('every name, ID, scope and service reaches the log as text: the runner obeys only what the action issued', async () => {
    const runner = addToken({
      name: FORGERIES[0],
      scope: `global\n::error::scope`,
      services: ['Svc1\n::error::service', 'Svc2\u2028::add-mask::x'],
    })
    const neighbours = FORGERIES.map((name) =>
      addToken({ name, created_at: isoSeconds(new Date(Date.now() - 400 * DAY)), last_used_at: null }),
    )
    const result = await run(runner, {
      audit: 'user',
      'warn-if-expires-within': '7d',
      'required-services': 'Svc3',
      'revoke-token-ids': neighbours.map((t) => t.record.id).join(' '),
      'dry-run': 'true',
    })
    expect(result.exitCode).toBe(1)
    expect(result.commands.every((command) => command.form === 'v2')).toBe(true)
    expect(result.commands.map((command) => command.command).filter((c) => c !== 'debug')).toEqual([
      'add-mask',
      'group',
      'endgroup',
      'group',
      'endgroup',
      'group',
      'endgroup',
      'warning',
      'error',
    ])
    expect(result.masks).toEqual([runner.secret])
    expect(result.annotations.map((a) => [a.level, a.title])).toEqual([
      ['warning', 'Fastly token expires soon'],
      ['error', undefined],
    ])
    expect(result.annotations.every((a) => !a.message.includes('\n'))).toBe(true)
    // Every forged name still shows in the log, flattened to one line.
    for (const token of neighbours) expect(result.stdout).toContain(token.record.id)
    expect(result.stdout).toContain('Dry run: would revoke token')
    // The outputs are single lines too; the JSON outputs stay JSON.
    expect(result.outputs['token-name']).toBe(
      'deploy ::error file=.github/workflows/deploy.yml,line=1,title=Fastly::Forged annotation',
    )
    expect(JSON.parse(result.outputs.tokens!)).toHaveLength(11)
  })
})

describe('a hostile or compromised API echoes the secret', () => {
  it('leaves no piece of it in an error cut at 300 characters, in the log, the annotation or the summary', async () => {
    const token = addToken({ name: 'echoed' })
    // The secret straddles the 300-character cut of Fastly's message.
    simulator.injectFault({
      kind: 'status',
      status: 400,
      path: '/tokens/self',
      body: JSON.stringify({ msg: `${'x'.repeat(280)}${token.secret}${'y'.repeat(50)}` }),
    })
    const result = await run(token, {})
    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.level === 'error')[0]!.message).toMatch(
      /^Could not verify the token: GET \/tokens\/self answered HTTP 400: x+\*\*\*/,
    )
  })

  it('leaves no piece of it in the audit file, which no runner masks', async () => {
    const token = addToken({ name: 'auditor' })
    simulator.injectFault({
      kind: 'status',
      status: 404,
      path: '/tokens',
      body: JSON.stringify({ msg: `No tokens for ${token.secret.slice(0, 20)} (${token.secret})` }),
    })
    const result = await run(token, { audit: 'user' })
    expect(result.exitCode).toBe(1)
    expect(JSON.parse(result.auditFile)).toMatchObject({ error: expect.stringContaining('No tokens for ***') })
  })

  it('leaves no piece of it when a token name carries it, in the log, outputs, summary or audit file', async () => {
    const token = addToken({ name: 'auditor' })
    addToken({ name: `copy of ${token.secret.slice(3)}` })
    const result = await run(token, { audit: 'user' })
    expect(result.exitCode).toBe(0)
    expect(result.auditFile).toContain('"name":"copy of ***"')
  })
})

describe('a hostile or compromised API sends an expiry that is no time', () => {
  const ODD_EXPIRIES: Array<[string, unknown]> = [
    ['{}', {}],
    ['true', true],
    ['false', false],
    ['["2030-01-01T00:00:00Z"]', ['2030-01-01T00:00:00Z']],
    ['1767225600', 1767225600],
  ]

  it.each(ODD_EXPIRIES)(
    'fails closed on expires_at %s: status error, a clear message, nothing revoked',
    async (shown, expiresAt) => {
      const token = addToken({ name: 'odd-expiry', expires_at: expiresAt })
      const result = await run(token, {
        'fail-if-expires-within': '1d',
        revoke: 'now',
        'allow-revoke-non-expiring': 'true',
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs).toMatchObject({ status: 'error', passed: 'false', revoked: 'false', 'expires-at': '' })
      const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(
        `Fastly's answer has an expires_at this action cannot read (${shown}), so it cannot tell when the token expires`,
      )
      expect(simulator.apiRequests().filter((r) => r.method === 'DELETE')).toEqual([])
      expect(simulator.isRevoked(token.record.id)).toBe(false)
    },
  )

  it('flags such tokens in an audit in a category of their own, which audit-fail-on can fail on', async () => {
    const auditor = simulator.addToken({
      user_id: 'OddExpiryUser000000001',
      name: 'auditor',
      expires_at: isoSeconds(new Date(Date.now() + 300 * DAY)),
      last_used_at: isoSeconds(new Date()),
    })
    const odd = ODD_EXPIRIES.map(([, expiresAt], i) =>
      simulator.addToken({ user_id: 'OddExpiryUser000000001', name: `odd-${i}`, expires_at: expiresAt as string }),
    )
    const report = await run(auditor, { audit: 'user' })
    expect(report.exitCode).toBe(0)
    const tokens = JSON.parse(report.outputs.tokens!) as Array<{ name: string; category: string; flags: string[] }>
    expect(tokens).toHaveLength(1 + odd.length)
    for (const { name, category, flags } of tokens.filter((t) => t.name.startsWith('odd-'))) {
      expect({ name, category, flags }).toEqual({ name, category: 'unreadable-expiry', flags: ['unreadable-expiry'] })
    }
    expect(JSON.parse(report.outputs['unreadable-expiry-token-ids']!)).toEqual(odd.map((t) => t.record.id))
    expect(JSON.parse(report.outputs['no-expiry-token-ids']!)).toEqual([])
    expect(report.annotations.filter((a) => a.level === 'warning')).toEqual([])
    expect(report.summary).toContain('unreadable: {}')
    expect(JSON.parse(report.auditFile)).toMatchObject({
      counts: { 'unreadable-expiry': odd.length },
      unreadableExpiryTokenIds: odd.map((t) => t.record.id),
    })

    const failing = await run(auditor, { audit: 'user', 'audit-fail-on': 'unreadable-expiry' })
    expect(failing.exitCode).toBe(1)
    expect(failing.annotations.filter((a) => a.level === 'error')[0]!.message).toMatch(
      /^The token audit found 5 tokens flagged in audit-fail-on \(unreadable-expiry: 5\)/,
    )
  })
})

describe('a hostile or compromised API asks for absurd waits', () => {
  const ABSURD: Array<[string, Record<string, string>]> = [
    ['Retry-After', { 'Retry-After': '99999999999999999999' }],
    ['Fastly-RateLimit-Reset', { 'Fastly-RateLimit-Reset': '99999999999999999999' }],
  ]
  const OUTPUTS = Object.keys(
    (parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { outputs: object }).outputs,
  ).sort()

  it.each(ABSURD)('a 20-digit %s fails the step at once, clearly, with every output written', async (_, headers) => {
    const token = addToken({ name: 'absurd-wait' })
    simulator.injectFault({ kind: 'status', status: 429, path: '/tokens/self', headers, times: 5 })
    const result = await run(token, {})
    expect(result.exitCode).toBe(1)
    expect(result.annotations.map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^Could not verify the token: GET \/tokens\/self answered HTTP 429: .*; Fastly asks to wait more than a day, far longer than this action waits \(60 s\)\. Run again later\.$/,
      ),
    ])
    expect(Object.keys(result.outputs).sort()).toEqual(OUTPUTS)
    expect(result.outputs).toMatchObject({ status: 'error', passed: 'false' })
    expect(simulator.apiRequests()).toHaveLength(1)
  })

  it.each(ABSURD)('a 20-digit %s on the list still leaves the audit file and every output', async (_, headers) => {
    const token = addToken({ name: 'absurd-list' })
    simulator.injectFault({ kind: 'status', status: 429, path: '/tokens', headers, times: 5 })
    const result = await run(token, { audit: 'user' })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(/^The token audit failed: GET \/tokens answered HTTP 429: .*more than a day/),
    ])
    expect(Object.keys(result.outputs).sort()).toEqual(OUTPUTS)
    expect(result.outputs.status).toBe('expiring')
    expect(JSON.parse(result.auditFile)).toMatchObject({ error: expect.stringContaining('more than a day') })
  })

  it.each(ABSURD)('a 20-digit %s on a revocation is a clear warning', async (_, headers) => {
    const token = addToken({ name: 'absurd-revoke' })
    simulator.injectFault({ kind: 'status', status: 429, method: 'DELETE', path: '/tokens/self', headers, times: 5 })
    const result = await run(token, { revoke: 'now' })
    expect(result.exitCode).toBe(0)
    expect(result.annotations.map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^Could not revoke the current token: DELETE \/tokens\/self answered HTTP 429: .*more than a day/,
      ),
    ])
    expect(result.outputs).toMatchObject({ revoked: 'false', 'revoked-token-ids': '[]' })
  })
})
