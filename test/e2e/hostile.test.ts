/**
 * The action against the people and servers SECURITY.md names: a hostile or
 * compromised API, another user of the same Fastly customer who names their
 * tokens to attack, and hostile strings in inputs. Each runs the bundled
 * action as the runner does, against the simulator, and reads stdout by the
 * runner's own rules (tools/runner.ts parseWorkflowCommandLines).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { GitHubStandin } from '../../tools/github-standin.js'
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
    // Only the commands the action issues itself: the mask, its groups, its warnings (the expiry, and one per
    // finding category of the report-only audit) and the one error; nothing a name could have added.
    const issued = result.commands.map((command) => command.command).filter((c) => c !== 'debug')
    expect(issued[0]).toBe('add-mask')
    expect(new Set(issued)).toEqual(new Set(['add-mask', 'group', 'endgroup', 'warning', 'error']))
    expect(issued.filter((c) => c === 'error')).toHaveLength(1)
    expect(issued.filter((c) => c === 'group')).toHaveLength(3)
    expect(result.masks).toEqual([runner.secret])
    // Titled from the catalogue of messages: the expiry, the report-only audit's finding, the failed check.
    expect(result.annotations.map((a) => [a.level, a.title])).toEqual([
      ['warning', 'Fastly token expires soon'],
      ['warning', 'Fastly token audit'],
      ['error', 'Fastly token cannot act on the service'],
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
    // A report-only audit: one warning for the category, nothing else.
    expect(report.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
      expect.stringMatching(/^The token audit found \d+ tokens whose most urgent flag is unreadable-expiry: /),
    ])
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

describe('the audit issue, among hostile names and other people’s issues', () => {
  let github: GitHubStandin
  const GITHUB_TOKEN = 'ghs_hostileStandinTokenP3w8Nc5Jd1'
  const keyDigest = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex')
  const markers = (key: string) => [
    `<!-- fastly-token-guard audit-issue key=${encodeURIComponent(key)} -->`,
    `<!-- fastly-token-guard audit-issue key-sha256=${keyDigest(key)} -->`,
  ]

  beforeAll(async () => {
    github = await GitHubStandin.start('example-org/example-app', GITHUB_TOKEN)
  })
  afterAll(async () => github.close())
  beforeEach(() => {
    github.hang = false
    github.failWith = undefined
  })

  /** An account whose only other token needs attention (or not), audited into the issue of `key`. */
  function account(user: string, names: string[], stale: boolean) {
    const runner = simulator.addToken({
      user_id: user,
      name: 'auditor',
      expires_at: isoSeconds(new Date(Date.now() + 300 * DAY)),
      last_used_at: isoSeconds(new Date()),
    })
    for (const name of names)
      simulator.addToken({
        user_id: user,
        name,
        expires_at: isoSeconds(new Date(Date.now() + 300 * DAY)),
        created_at: isoSeconds(new Date(Date.now() - 30 * DAY)),
        last_used_at: isoSeconds(new Date(Date.now() - (stale ? 200 : 1) * DAY)),
      })
    return runner
  }
  const issueRun = (token: SimulatedToken, inputs: Record<string, string>, timeout = '30s') =>
    runAction({
      inputs: {
        'api-token': token.secret,
        'api-url': simulator.url,
        audit: 'user',
        'github-issue': 'true',
        'github-token': GITHUB_TOKEN,
        timeout,
        ...inputs,
      },
      env: { GITHUB_API_URL: github.url },
      killAfterMs: 60_000,
    })

  it.each([0, 1])(
    "a token named with another account's marker (format %i) never hijacks that account's issue",
    async (format) => {
      const before = github.issues.length
      const keyA = `acct-a-${format}`
      const keyB = `acct-b-${format}`
      const accountA = account(`IssueUserA00000000000${format}`, [markers(keyB)[format]!], true)
      const accountB = account(`IssueUserB00000000000${format}`, ['quiet'], false)

      const a = await issueRun(accountA, { 'issue-key': keyA })
      expect(a.exitCode).toBe(0)
      const issueA = github.issues[before]!
      expect(issueA.state).toBe('open')
      expect(issueA.body).toContain('fastly-token-guard audit-issue') // the hostile name is listed, as text

      // Account B is all clear: nothing of B's to close, and A's issue stays open and untouched.
      const bodyA = issueA.body
      const clear = await issueRun(accountB, { 'issue-key': keyB })
      expect(clear.stdout).toContain('No token needs attention and no audit issue is open.')
      expect(issueA).toMatchObject({ state: 'open', body: bodyA, comments: [] })

      // Account B needs attention: its own issue, never A's.
      const attention = await issueRun(accountB, { 'issue-key': keyB, 'stale-after': '1h' })
      expect(attention.stdout).toMatch(/The audit issue #\d+ was opened/)
      expect(github.issues).toHaveLength(before + 2)
      expect(issueA.body).toBe(bodyA)
    },
  )

  it('adopts only an issue this identity opened, with the marker on its first line', async () => {
    const key = 'acct-c'
    const runner = account('IssueUserC000000000001', ['stale-one'], true)
    const [legacy, current] = markers(key)
    const planted = [
      github.addIssue({ author: 'mallory', labels: ['fastly-token-audit'], body: `${current}\nplanted by a person` }),
      github.addIssue({ author: 'other-app[bot]', labels: ['fastly-token-audit'], body: `${legacy}\nanother app` }),
      github.addIssue({
        author: 'github-actions[bot]',
        labels: ['fastly-token-audit'],
        body: `Not first:\n${current}`,
      }),
    ]
    const first = await issueRun(runner, { 'issue-key': key })
    expect(first.stdout).toMatch(/The audit issue #\d+ was opened/)
    for (const issue of planted) expect(issue).toMatchObject({ state: 'open', comments: [] })
    expect(planted.map((issue) => issue.body)).toEqual([
      `${current}\nplanted by a person`,
      `${legacy}\nanother app`,
      `Not first:\n${current}`,
    ])
    const own = github.issues.at(-1)!
    expect(own.author).toBe('github-actions[bot]')
    expect(own.body.split('\n')[0]).toBe(current)

    const again = await issueRun(runner, { 'issue-key': key })
    expect(again.stdout).toContain(`The audit issue #${own.number} was updated`)
  })

  it('still finds an issue that version 1.0.0 opened (the key in clear), and rewrites its marker', async () => {
    const key = 'acct-legacy'
    const [legacy, current] = markers(key)
    const old = github.addIssue({
      author: 'github-actions[bot]',
      labels: ['fastly-token-audit'],
      body: `${legacy}\nFastly Token Guard's audit of user X found **1** token that needs attention.`,
    })
    const runner = account('IssueUserL000000000001', ['stale-one'], true)
    const result = await issueRun(runner, { 'issue-key': key })
    expect(result.stdout).toContain(`The audit issue #${old.number} was updated`)
    expect(old.body.split('\n')[0]).toBe(current)
  })

  it('shows every server string as code: no mentions, references, links or user IDs', async () => {
    const user = 'IssueUserM000000000001'
    const names = [
      '@octocat please look',
      'fixes #1',
      'closes example-org/example-app#2',
      '[click](https://evil.example/)',
      'https://evil.example/path',
      '<img src=x onerror=alert(1)>',
      '`code` and ``more``',
      '<!-- hidden -->',
      `owner ${user}`,
    ]
    const runner = account(user, names, true)
    const result = await issueRun(runner, { 'issue-key': 'acct-m' })
    expect(result.exitCode).toBe(0)
    const issue = github.issues.at(-1)!
    expect(issue.title).toBe('Fastly token audit `acct-m`: 9 tokens need attention')
    const body = issue.body.replaceAll(`owner ${user}`, 'owner (the name)')
    expect(`${issue.title}\n${body}`).not.toContain(user)
    const lines = issue.body.split('\n')
    expect(lines.slice(1).join('\n')).not.toContain('<!--')
    const listed = lines.filter((line) => line.startsWith('- '))
    expect(listed).toHaveLength(9)
    for (const line of listed)
      expect(line).toMatch(
        /^- (`+) .*? \1 (`+)[A-Za-z0-9]+\2(, user token)?$|^- (`+)[^`].*?[^`]\4 (`+)[A-Za-z0-9]+\5(, user token)?$/,
      )
    for (const name of names.filter((n) => !n.includes('`') && !n.includes('<!--')))
      expect(listed.some((line) => line.startsWith(`- \`${name}\` `))).toBe(true)
    // Outside code spans the body is the action's own text only.
    const outside = issue.body.replace(/(`+).*?\1/g, '')
    expect(outside).not.toMatch(/@octocat|#1|#2|evil\.example|<img/)
  })

  it(
    'gives up on a GitHub that accepts and never answers within the timeout input, like a Fastly request',
    {
      timeout: 90_000,
    },
    async () => {
      github.hang = true
      const runner = account('IssueUserH000000000001', ['stale-one'], true)
      const started = Date.now()
      const result = await issueRun(runner, { 'issue-key': 'acct-h', 'max-retries': '1' }, '2s')
      expect(Date.now() - started).toBeLessThan(30_000)
      expect(result.exitCode).toBe(1)
      expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        expect.stringMatching(
          /^Could not look for the audit issue: no complete answer from 127\.0\.0\.1:\d+ within 2 s \(the timeout input\)/,
        ),
      ])
      // Two attempts of the first request (max-retries: 1), then nothing more.
      expect(github.requests.filter((r) => r.authorization === `token ${GITHUB_TOKEN}`).length).toBeGreaterThan(0)
      expect(result.outputs['audit-file']).toMatch(/\.json$/)
    },
  )

  it('rides out a GitHub 503 with the same retries as a Fastly request', async () => {
    const runner = account('IssueUserR000000000001', ['stale-one'], true)
    github.failNext(503, 1)
    const result = await issueRun(runner, { 'issue-key': 'acct-r', 'max-retries': '2' })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/The audit issue #\d+ was opened/)
  })
})

describe('revoke-token-ids-file names something other than a file of IDs', () => {
  it('a named pipe ends the step at once with one clear error, before any request', async () => {
    const token = addToken({ name: 'fifo' })
    const dir = mkdtempSync(join(tmpdir(), 'ftg-fifo-'))
    const fifo = join(dir, 'ids')
    execFileSync('mkfifo', [fifo])
    const result = await runAction({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, 'revoke-token-ids-file': fifo },
      killAfterMs: 20_000,
    })
    rmSync(dir, { recursive: true, force: true })
    expect(result.exitCode).toBe(1)
    expect(result.durationMs).toBeLessThan(10_000)
    expect(result.annotations.map((a) => a.message)).toEqual([
      `Input 'revoke-token-ids-file' names ${JSON.stringify(fifo)}, which is a named pipe (FIFO), not a regular file. Give the path of a file of token IDs (a JSON array or one a line, at most 1 MiB) written by an earlier step. Nothing was revoked.`,
    ])
    expect(simulator.requests).toHaveLength(0)
  })

  it('a file that is not a list of IDs is named by line, its content never echoed', async () => {
    const token = addToken({ name: 'passwd' })
    const dir = mkdtempSync(join(tmpdir(), 'ftg-cred-'))
    const file = join(dir, 'ids.txt')
    writeFileSync(file, 'TkOld1\nhttps://deploy:hunter2@git.example.com/org/repo.git\n')
    const result = await run(token, { 'revoke-token-ids-file': file })
    rmSync(dir, { recursive: true, force: true })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.map((a) => a.message)).toEqual([
      "Input 'revoke-token-ids-file': in the file, line 2 is not a Fastly token ID (letters and digits only). Nothing was revoked.",
    ])
    expect(`${result.stdout}${result.summary}`).not.toMatch(/hunter2|git\.example\.com/)
    expect(simulator.requests).toHaveLength(0)
  })

  it.each(['/dev/zero', '/etc/passwd'])('%s is refused without reading it into the log or memory', async (path) => {
    const token = addToken({ name: 'device' })
    const result = await run(token, { 'revoke-token-ids-file': path })
    expect(result.exitCode).toBe(1)
    expect(result.annotations).toHaveLength(1)
    expect(result.annotations[0]!.message).toMatch(/^Input 'revoke-token-ids-file'.*Nothing was revoked\.$/)
    expect(result.annotations[0]!.message).not.toMatch(/root|nologin|\\u0000/)
  })
})

describe('a customer whose tokens carry enormous names', () => {
  it('keeps the summary under 1 MiB: names cut, the most urgent rows first, the rest counted', async () => {
    const user = 'HugeNamesUser000000001'
    const auditor = simulator.addToken({
      user_id: user,
      name: 'auditor',
      expires_at: isoSeconds(new Date(Date.now() + 300 * DAY)),
      last_used_at: isoSeconds(new Date()),
    })
    for (let i = 0; i < 120; i++)
      simulator.addToken({
        user_id: user,
        name: `${String(i).padStart(3, '0')}-${'n'.repeat(12 * 1024)}`,
        expires_at: isoSeconds(new Date(Date.now() - (i + 1) * DAY)),
      })
    const result = await run(auditor, { audit: 'user' })
    expect(result.exitCode).toBe(0)
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024)
    expect(result.summary).toContain('Most urgent 100 tokens')
    expect(result.summary).toContain('21 less urgent tokens are not shown here; the audit-file output has all 121.')
    expect(result.summary).toMatch(/<td>119-n{95}…<\/td>/)
    expect(JSON.parse(result.auditFile)).toMatchObject({ tokenCount: 121 })
  })
})

describe('a token with characters no Fastly token has', () => {
  const SECRET_BODY = 'Xq7Lm2Vz9Rt4Wp8Kd1Bn6'
  it.each([
    ['a double quote', `${SECRET_BODY}"tail`],
    ['a single quote', `${SECRET_BODY}'tail`],
    ['a backslash', `${SECRET_BODY}\\tail`],
    ['a backtick', `${SECRET_BODY}\`tail`],
    ['a letter outside ASCII', `${SECRET_BODY}étail`],
    ['a no-break space', `${SECRET_BODY}\u00a0tail`],
  ])('is refused, never sent, with %s, even with NODE_DEBUG printing requests', async (_, secret) => {
    const result = await runAction({
      inputs: { 'api-token': secret, 'api-url': simulator.url },
      env: { NODE_DEBUG: 'http,net,tls', RUNNER_DEBUG: '1' },
    })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.map((a) => a.message)).toEqual([
      "The Fastly API token in input 'api-token' contains characters no Fastly token has (white space, control characters, quotes, backslashes or anything outside printable ASCII). Copy the token again into the secret, without line breaks or spaces.",
    ])
    expect(simulator.requests).toHaveLength(0)
    const printed = `${result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')}${result.stderr}`
    expect(printed).not.toContain(SECRET_BODY.slice(0, 8))
    expect(tokenLeaks(result, secret)).toEqual([])
  })
})
