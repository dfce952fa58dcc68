/**
 * The fault matrix: every operation against every fault the simulator can
 * inject, on the bundled action under Node 24 with step debug logging on.
 * Each cell asserts the intended outcome, the retry budget, the time bound,
 * the absence of stack traces and of the token; the table of outcomes is
 * docs/reliability.md, which must match (UPDATE_RELIABILITY_DOC=1 rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT, runAction, type RunResult, tokenLeaks } from '../../tools/runner.js'
import { type Fault, FastlySimulator, isoSeconds } from '../../tools/simulator.js'

const TIMEOUT = '1s'
/**
 * The too-large cell tests the size cap, not the deadline: streaming 257 MiB takes about 1 s on an
 * idle machine and longer on a busy one, where a 1 s deadline would turn the cell into a timeout
 * (retried, then passed).
 */
const HUGE_TIMEOUT = '30s'
const MAX_RETRIES = 2
/** Per cell: Node start-up, plus per request timeout × 3 attempts and backoff or Retry-After (≤ 2 s) between them. */
const CELL_BOUND_MS = 15_000

type Expected = 'pass' | 'fail' | 'warn'

interface FaultCase {
  name: string
  fault: Omit<Fault, 'method' | 'path' | 'times'>
  /** May succeed on another attempt (429, 5xx, network, timeout). */
  transient: boolean
}

const FAULTS: FaultCase[] = [
  { name: '401', fault: { kind: 'status', status: 401 }, transient: false },
  { name: '403', fault: { kind: 'status', status: 403 }, transient: false },
  {
    name: '403 for an invalid token',
    fault: { kind: 'status', status: 403, body: JSON.stringify({ msg: 'Invalid access token' }) },
    transient: false,
  },
  {
    name: '403 for a read-only token',
    fault: {
      kind: 'status',
      status: 403,
      body: JSON.stringify({ msg: 'Read only tokens are not allowed to access this endpoint' }),
    },
    transient: false,
  },
  { name: '404', fault: { kind: 'status', status: 404 }, transient: false },
  {
    name: '429 with Retry-After: 1',
    fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } },
    transient: true,
  },
  { name: '429 without Retry-After', fault: { kind: 'status', status: 429 }, transient: true },
  {
    name: '429, hourly write budget spent (reset in 50 min)',
    fault: {
      kind: 'status',
      status: 429,
      body: JSON.stringify({ msg: 'You have exceeded your hourly rate limit' }),
      headers: {
        'Fastly-RateLimit-Remaining': '0',
        'Fastly-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 50 * 60),
      },
    },
    transient: false,
  },
  { name: '204 that did not revoke', fault: { kind: 'status', status: 204, body: '' }, transient: false },
  {
    name: '429 with a 20-digit Retry-After',
    fault: { kind: 'status', status: 429, headers: { 'Retry-After': '99999999999999999999' } },
    transient: false,
  },
  {
    name: '429 with a 20-digit Fastly-RateLimit-Reset',
    fault: { kind: 'status', status: 429, headers: { 'Fastly-RateLimit-Reset': '99999999999999999999' } },
    transient: false,
  },
  { name: '500', fault: { kind: 'status', status: 500 }, transient: true },
  { name: '502', fault: { kind: 'status', status: 502 }, transient: true },
  { name: '503', fault: { kind: 'status', status: 503 }, transient: true },
  { name: '504', fault: { kind: 'status', status: 504 }, transient: true },
  { name: 'dropped connection', fault: { kind: 'drop' }, transient: true },
  // Fastly acted on the request; only its answer is lost. A retry then meets the result (a token already gone).
  { name: 'answer lost after Fastly acted', fault: { kind: 'lost-answer' }, transient: true },
  { name: 'accepts, never answers', fault: { kind: 'hang' }, transient: true },
  { name: 'body cut off midway', fault: { kind: 'truncate' }, transient: true },
  { name: 'HTML error page (502)', fault: { kind: 'html', status: 502 }, transient: true },
  { name: 'wrong content type on 200', fault: { kind: 'wrong-type' }, transient: false },
  { name: 'empty body on 200', fault: { kind: 'empty' }, transient: false },
  { name: 'body far too large', fault: { kind: 'huge' }, transient: false },
  { name: 'drips one byte a second', fault: { kind: 'drip' }, transient: true },
  {
    name: '3xx redirect',
    fault: { kind: 'redirect', location: 'https://elsewhere.example/collect' },
    transient: false,
  },
]

interface Operation {
  name: string
  /** The request the fault hits. */
  method: string
  path: RegExp
  /** And its query string, for one page of a paged list. */
  search?: RegExp
  /** Requests the operation makes besides the key request. */
  otherRequests: number
  /** A list endpoint reads up to 256 MiB, so "too large" must be larger there. */
  list: boolean
  /** Outcome for non-transient faults; transient ones always recover, unless the key request is sent at most once. */
  expected: (fault: string) => Expected
  /** The key request must not take effect twice (creating a token): no fault is retried once it may have reached Fastly. */
  atMostOnce?: boolean
  run: (
    simulator: FastlySimulator,
    fault: Fault,
    env: Record<string, string>,
  ) => Promise<{ result: RunResult; secret: string; effect: boolean }>
}

const shortLived = (simulator: FastlySimulator, name: string) =>
  simulator.addToken({
    name,
    user_id: 'MatrixUser000000000001',
    expires_at: isoSeconds(new Date(Date.now() + 3_600_000)),
  })
const common = (simulator: FastlySimulator, fault: Fault) => ({
  'api-url': simulator.url,
  timeout: fault.kind === 'huge' ? HUGE_TIMEOUT : TIMEOUT,
  'max-retries': String(MAX_RETRIES),
})
// A revocation counts only once Fastly confirms it; a fault on the DELETE leaves the token alive, so the
// confirmation finds it and the step warns. Only a 404 on DELETE /tokens/{id} means "already gone" at once.
const deleteOutcome =
  (alreadyGone: string[]) =>
  (fault: string): Expected =>
    alreadyGone.includes(fault) ? 'pass' : 'warn'

const MINT_LOGIN = 'matrix-minter@example.test'
const MINT_PASSWORD = 'Matrix-pa55word-of-the-CI-user'
const MINT_SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

const OPERATIONS: Operation[] = [
  {
    name: 'mint',
    method: 'POST',
    path: /^\/tokens$/,
    otherRequests: 0,
    list: false,
    // A create that may have reached Fastly is never sent again: every fault fails the step, after one request.
    expected: () => 'fail',
    atMostOnce: true,
    run: async (simulator, fault, env) => {
      simulator.addUser({ login: MINT_LOGIN, password: MINT_PASSWORD, otpSecret: MINT_SEED })
      simulator.injectFault(fault)
      const result = await runAction({
        inputs: { username: MINT_LOGIN, password: MINT_PASSWORD, 'otp-secret': MINT_SEED, ...common(simulator, fault) },
        env,
      })
      expect(tokenLeaks(result, MINT_SEED)).toEqual([])
      return { result, secret: MINT_PASSWORD, effect: simulator.creationCount === 1 }
    },
  },
  {
    name: 'verify',
    method: 'GET',
    path: /^\/tokens\/self$/,
    otherRequests: 0,
    list: false,
    expected: () => 'fail',
    run: async (simulator, fault, env) => {
      const token = shortLived(simulator, 'matrix-verify')
      simulator.injectFault(fault)
      const result = await runAction({ inputs: { 'api-token': token.secret, ...common(simulator, fault) }, env })
      return { result, secret: token.secret, effect: result.outputs.status === 'expiring' }
    },
  },
  {
    name: 'revoke: now',
    method: 'DELETE',
    path: /^\/tokens\/self$/,
    // GET /tokens/self before, and again to confirm.
    otherRequests: 2,
    list: false,
    expected: deleteOutcome([]),
    run: async (simulator, fault, env) => {
      const token = shortLived(simulator, 'matrix-now')
      simulator.injectFault(fault)
      const result = await runAction({
        inputs: { 'api-token': token.secret, ...common(simulator, fault), revoke: 'now' },
        env,
      })
      return { result, secret: token.secret, effect: simulator.isRevoked(token.record.id) }
    },
  },
  {
    name: 'post-step revoke',
    method: 'DELETE',
    path: /^\/tokens\/self$/,
    // GET /tokens/self to confirm.
    otherRequests: 1,
    list: false,
    expected: deleteOutcome([]),
    run: async (simulator, fault, env) => {
      const token = shortLived(simulator, 'matrix-post')
      const inputs = { 'api-token': token.secret, ...common(simulator, fault), revoke: 'post' }
      const main = await runAction({ inputs, env })
      expect(main.exitCode).toBe(0)
      simulator.requests.length = 0
      simulator.injectFault(fault)
      const result = await runAction({ step: 'post', inputs, env, state: main.state })
      return { result, secret: token.secret, effect: simulator.isRevoked(token.record.id) }
    },
  },
  {
    name: 'revoke-token-ids',
    method: 'DELETE',
    path: /^\/tokens\/[A-Za-z0-9]+$/,
    // GET /tokens/self; before: the customer's list (403: not a superuser) and the user's; after: the user's.
    otherRequests: 4,
    list: false,
    // A 404 from a fault leaves the token listed: the list afterwards shows it was not revoked.
    expected: deleteOutcome([]),
    run: async (simulator, fault, env) => {
      const runner = shortLived(simulator, 'matrix-runner')
      const victim = shortLived(simulator, 'matrix-victim')
      simulator.injectFault(fault)
      const result = await runAction({
        inputs: { 'api-token': runner.secret, ...common(simulator, fault), 'revoke-token-ids': victim.record.id },
        env,
      })
      return { result, secret: runner.secret, effect: simulator.isRevoked(victim.record.id) }
    },
  },
  {
    name: 'audit',
    method: 'GET',
    path: /^\/tokens$/,
    otherRequests: 1,
    list: true,
    expected: () => 'fail',
    run: async (simulator, fault, env) => {
      const token = shortLived(simulator, 'matrix-audit')
      for (let i = 0; i < 20; i++) shortLived(simulator, `matrix-audited-${i}`)
      simulator.injectFault(fault)
      const result = await runAction({
        inputs: { 'api-token': token.secret, ...common(simulator, fault), audit: 'user' },
        env,
      })
      return { result, secret: token.secret, effect: result.outputs['token-count'] === '21' }
    },
  },
  {
    // The second of two pages: a list that breaks halfway must fail, never pass as the first page alone.
    name: 'automation audit',
    method: 'GET',
    path: /^\/automation-tokens$/,
    search: /[?&]page=2&/,
    otherRequests: 2,
    list: true,
    expected: () => 'fail',
    run: async (simulator, fault, env) => {
      const token = simulator.addAutomationToken({ name: 'matrix-robot-admin', role: 'superuser' })
      for (let i = 0; i < 149; i++) simulator.addAutomationToken({ name: `matrix-robot-${i}` })
      simulator.injectFault(fault)
      const result = await runAction({
        inputs: { 'api-token': token.secret, ...common(simulator, fault), audit: 'automation' },
        env,
      })
      return { result, secret: token.secret, effect: result.outputs['token-count'] === '150' }
    },
  },
]

/** A short, stable label for what the step said (no ports, IDs or times), for the table. */
function label(message: string): string {
  const rules: Array<[RegExp, string]> = [
    [/Could not tell whether Fastly made a token/, 'answer lost: not retried, says when any token expires'],
    [/rate limit refused to make a token/, 'HTTP 429: not retried'],
    [/Fastly refused to make a token.*answered HTTP (\d{3})/, 'refused (HTTP $1): not retried'],
    [/missing, expired or revoked/, 'token rejected (401)'],
    [/rejected the token or does not permit/, 'token rejected (403)'],
    [/hourly rate limit.*longer than this action waits/, 'budget spent: fails at once, says when'],
    [/still accepts the token|still lists the token/, 'not revoked (confirmation)'],
    [/redirect/, 'redirect refused'],
    [/larger than the|declares \d+ bytes/, 'answer too large'],
    [/not JSON|empty body|not a JSON array|not a token object|not a page/, 'malformed answer'],
    [/answered HTTP (\d{3})/, 'HTTP $1'],
  ]
  for (const [pattern, text] of rules) {
    const match = pattern.exec(message)
    if (match) return text.replace('$1', match[1] ?? '')
  }
  return message.slice(0, 40)
}

interface Cell {
  operation: string
  fault: string
  text: string
}
const cells: Cell[] = []

const KEY_ENV = { RUNNER_DEBUG: '1' }

describe.concurrent('fault matrix', () => {
  for (const operation of OPERATIONS) {
    for (const faultCase of FAULTS) {
      it(`${operation.name} × ${faultCase.name}`, async () => {
        const simulator = await FastlySimulator.start()
        try {
          const fault: Fault = {
            ...faultCase.fault,
            ...(faultCase.fault.kind === 'huge' ? { bytes: operation.list ? 257 * 1024 * 1024 : 2 * 1024 * 1024 } : {}),
            method: operation.method,
            path: operation.path,
            ...(operation.search !== undefined ? { search: operation.search } : {}),
            times: 1,
          }
          const { result, secret, effect } = await operation.run(simulator, fault, KEY_ENV)
          const recovers = faultCase.transient && operation.atMostOnce !== true
          const expected: Expected = recovers ? 'pass' : operation.expected(faultCase.name)
          const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
          const problems = result.annotations
            .filter((a) => a.level === 'warning' && /Could not|not revoked|failed/.test(a.message))
            .map((a) => a.message)
          const actual: Expected = result.exitCode !== 0 ? 'fail' : problems.length > 0 ? 'warn' : 'pass'

          expect(actual, `${errors.join(' | ')} ${problems.join(' | ')}`).toBe(expected)
          // After a transient fault the real request goes through; a non-transient "pass" (already gone, a bare 200) replaced it.
          if (recovers) expect(effect).toBe(true)
          if (expected === 'fail') expect(errors).toHaveLength(1)
          for (const message of [...errors, ...problems]) expect(message.trim()).not.toBe('')
          // Never more requests than the budget: the others once, the key request at most 1 + max-retries.
          const keyRequests = simulator
            .apiRequests()
            .filter(
              (r) =>
                r.method === operation.method &&
                operation.path.test(r.path) &&
                (operation.search === undefined || operation.search.test(r.search)),
            ).length
          expect(keyRequests).toBeLessThanOrEqual(operation.atMostOnce === true ? 1 : 1 + MAX_RETRIES)
          expect(simulator.apiRequests().length).toBeLessThanOrEqual(operation.otherRequests + 1 + MAX_RETRIES)
          expect(result.durationMs).toBeLessThan(CELL_BOUND_MS)
          // No stack trace, and the token nowhere but the mask, debug lines included.
          expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/)
          expect(tokenLeaks(result, secret)).toEqual([])

          const retries = keyRequests - 1
          const text =
            actual === 'pass'
              ? `✅ ${retries > 0 ? `recovers after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : result.stdout.includes('already revoked') ? 'done (already revoked)' : 'succeeds'}`
              : `${actual === 'fail' ? '❌ fails' : '⚠️ warns'}: ${label([...errors, ...problems][0] ?? '')}`
          cells.push({ operation: operation.name, fault: faultCase.name, text })
        } finally {
          await simulator.close()
        }
      })
    }
  }
})

function renderDocument(): string {
  const byKey = new Map(cells.map((cell) => [`${cell.operation}|${cell.fault}`, cell.text]))
  const header = `| fault (on the key request, once) | ${OPERATIONS.map((op) => op.name).join(' | ')} |`
  const rule = `|---|${OPERATIONS.map(() => '---').join('|')}|`
  const rows = FAULTS.map(
    (fault) =>
      `| ${fault.name} | ${OPERATIONS.map((op) => byKey.get(`${op.name}|${fault.name}`) ?? '(not run)').join(' | ')} |`,
  )
  return `# Reliability: what the action does when Fastly or the network misbehaves

<!-- Generated by test/e2e/fault-matrix.test.ts from the outcomes it observed; do not edit. Regenerate with npm run docs:reliability. -->

Every cell is an end-to-end run of the bundled action (\`dist/main/index.js\` and \`dist/post/index.js\` under Node 24, as the runner runs them) against the Fastly simulator, with \`timeout: ${TIMEOUT}\` (\`${HUGE_TIMEOUT}\` for the too-large body, so that a busy machine reaches the size cap before the deadline), \`max-retries: ${MAX_RETRIES}\` and step debug logging on (\`RUNNER_DEBUG=1\`). The fault hits the operation's key request once: \`POST /tokens\` for mint (\`username\`, with a two-factor user), \`GET /tokens/self\` for verify, \`DELETE /tokens/self\` for \`revoke: now\` and the post step, \`DELETE /tokens/{id}\` for \`revoke-token-ids\`, \`GET /tokens\` for the audit, the second of two pages of \`GET /automation-tokens\` for \`audit: automation\`.

For every cell the test also checks: no stack trace; the token (for mint: the password and the OTP seed) appears nowhere but the \`::add-mask::\` command (debug lines included); the key request is sent at most 1 + \`max-retries\` times (mint: once) and every other request once; the step finishes within ${CELL_BOUND_MS / 1000} s; an error or warning is never empty.

${header}
${rule}
${rows.join('\n')}

What the outcomes mean:
- **recovers**: the fault is transient (429, 5xx, a broken or stalled connection, a timeout); the client waits (Retry-After or Fastly-RateLimit-Reset when given, with up to 1 s of jitter on top; otherwise exponential backoff with full jitter, below 0.5 s, 1 s, 2 s, ... up to 8 s) and tries again.
- **fails**: one error annotation that names the request, the HTTP status and Fastly's message (or what came back instead); the step's outputs are set first.
- **mint never recovers**, by design: a token creation that may have reached Fastly is never sent again (a retried password can lock the account; a retried create whose answer was lost can make a second token). When the answer was lost, the error says that a token may have been made, its name, and when it expires. Only a request that never left the runner (no connection) is retried.
- **warns**: revocation is best effort by default: a revocation that still fails is a warning (\`fail-on-revoke-error: true\` makes it fail the step). Every revocation is confirmed: after \`DELETE /tokens/self\` the action asks \`GET /tokens/self\` with the same token and counts it revoked only when Fastly answers 401 or 403; after \`DELETE /tokens/{id}\` one list request must no longer show the token. A fault on the DELETE leaves the token alive, so the confirmation finds it. A 404 on \`DELETE /tokens/{id}\` means the token is already gone (or never existed).
- **a spent hourly write budget**: a 429 whose \`Fastly-RateLimit-Reset\` is further away than the action waits (60 s) fails at once, says when to run again, and nothing more is sent.
- A 3xx is never followed: it would carry \`Fastly-Key\` to the host it names.

Worst case for one request: \`timeout × (max-retries + 1)\` plus the waits between attempts (each at most 8 s of backoff, or a server-requested wait of at most 60 s plus 1 s of jitter; a longer requested wait fails at once and says when to retry, or that it is more than a day when the header names no real time). With the defaults (\`timeout: 30s\`, \`max-retries: 3\`) and no server-requested waits: 30 × 4 + 0.5 + 1 + 2 = 123.5 s. A list request reads at most 256 MiB and any other answer at most 1 MiB.
`
}

afterAll(() => {
  if (cells.length !== OPERATIONS.length * FAULTS.length) return // a cell failed; its own failure says why
  const path = join(PROJECT_ROOT, 'docs', 'reliability.md')
  const document = renderDocument()
  if (process.env.UPDATE_RELIABILITY_DOC === '1') {
    writeFileSync(path, document)
    return
  }
  let committed = ''
  try {
    committed = readFileSync(path, 'utf8')
  } catch {
    // Missing: reported below.
  }
  expect(committed, 'docs/reliability.md is out of date: run npm run docs:reliability and commit it').toBe(document)
})
