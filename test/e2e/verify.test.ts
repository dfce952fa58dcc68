/**
 * The gate as a user meets it: the bundled main step (dist/main/index.js, rebuilt when stale) under Node 24,
 * with the runner's environment, against the Fastly simulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_SERVICE, seedStandardTokens, type StandardTokens } from '../../tools/seeds.js'
import { FastlySimulator, type SimulatedToken } from '../../tools/simulator.js'
import { runAction, type RunResult, tokenLeaks } from '../../tools/runner.js'

let simulator: FastlySimulator
let tokens: StandardTokens

beforeAll(async () => {
  simulator = await FastlySimulator.start()
  tokens = seedStandardTokens(simulator)
})
afterAll(async () => simulator.close())
beforeEach(() => {
  simulator.clearFaults()
  simulator.requests.length = 0
})

async function gate(
  token: SimulatedToken | string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<RunResult> {
  const secret = typeof token === 'string' ? token : token.secret
  const result = await runAction({ inputs: { 'api-token': secret, 'api-url': simulator.url, ...inputs }, env })
  // Whatever happened, the secret appears only in the ::add-mask:: command.
  if (secret !== '') expect(tokenLeaks(result, secret)).toEqual([])
  expect(result.stderr).not.toMatch(/\n\s+at /)
  return result
}

const failures = (result: RunResult) =>
  result.annotations.filter((annotation) => annotation.level === 'error').map((annotation) => annotation.message)
const warnings = (result: RunResult) =>
  result.annotations.filter((annotation) => annotation.level === 'warning').map((annotation) => annotation.message)

describe('a deploy job checks its Fastly token first', () => {
  it('passes a healthy token and hands its facts to later steps', async () => {
    const result = await gate(tokens.healthy)
    expect(result.exitCode).toBe(0)
    expect(result.masks).toEqual([tokens.healthy.secret])
    expect(result.stdout.indexOf('::add-mask::')).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'valid',
      passed: 'true',
      'token-id': tokens.healthy.record.id,
      'token-name': 'deploy-ci',
      'user-id': tokens.healthy.record.user_id,
      'customer-id': tokens.healthy.record.customer_id,
      scope: 'global',
      services: '[]',
      'created-at': tokens.healthy.record.created_at,
      'last-used-at': tokens.healthy.record.last_used_at,
      'expires-at': tokens.healthy.record.expires_at,
    })
    const left = Number(result.outputs['expires-in-seconds'])
    expect(left).toBeGreaterThan(60 * 86400 - 120)
    expect(left).toBeLessThanOrEqual(60 * 86400)
    expect(result.annotations).toEqual([])
    expect(result.summary).toContain('✅ Fastly token check: passed')
    expect(result.summary).toContain('https://github.com/example-org/example-app/actions/runs/1234567890')
    expect(result.stdout).toContain('::group::Fastly token check')
    expect(simulator.apiRequests()).toHaveLength(1)
  })

  it('reads the token from FASTLY_API_TOKEN when the input is empty', async () => {
    const result = await runAction({
      inputs: { 'api-url': simulator.url },
      env: { FASTLY_API_TOKEN: tokens.healthy.secret },
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['token-id']).toBe(tokens.healthy.record.id)
    expect(tokenLeaks(result, tokens.healthy.secret)).toEqual([])
  })

  it('accepts a token that never expires, with empty expiry outputs', async () => {
    const result = await gate(tokens.neverExpires)
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'valid',
      passed: 'true',
      'expires-at': '',
      'expires-in-seconds': '',
      'last-used-at': '',
      services: '[]',
    })
    expect(result.summary).toContain('<tr><th align="left">Expires</th><td>never</td></tr>')
  })

  it('fails a token that never expires when every CI token must expire', async () => {
    const result = await gate(tokens.neverExpires, { 'require-expiry': 'TRUE' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'valid', passed: 'false' })
    expect(failures(result)).toEqual([expect.stringMatching(/never expires, and require-expiry is true/)])
  })

  it('warns, and still passes, when the token expires tomorrow', async () => {
    const result = await gate(tokens.expiringTomorrow)
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'expiring', passed: 'true' })
    expect(result.annotations).toHaveLength(1)
    expect(result.annotations[0]!.title).toBe('Fastly token expires soon')
    expect(warnings(result)[0]).toMatch(
      /expires at \d{4}-\d\d-\d\d \d\d:\d\d UTC, in 24 hours, which is within warn-if-expires-within \(7d\)/,
    )
    expect(result.summary).toContain('⚠️ Fastly token check: passed with warnings')
  })

  it('fails before deploying when the token expires within the fail window', async () => {
    const result = await gate(tokens.expiringTomorrow, { 'fail-if-expires-within': '2d' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      status: 'expiring',
      passed: 'false',
      'token-id': tokens.expiringTomorrow.record.id,
    })
    expect(failures(result)).toEqual([
      expect.stringMatching(
        /expires at .* UTC, in 24 hours, which is within fail-if-expires-within \(2d\)\. Create a new token/,
      ),
    ])
    expect(warnings(result)).toEqual([])
  })

  it('gives no warning when warn-if-expires-within is 0', async () => {
    const result = await gate(tokens.expiringTomorrow, { 'warn-if-expires-within': '0' })
    expect(result.outputs.status).toBe('valid')
    expect(result.annotations).toEqual([])
  })

  it('fails a revoked or unknown token as invalid, saying what Fastly said', async () => {
    const result = await gate('Wr0ngT0kenWr0ngT0kenWr0ngT0ken12')
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'invalid', passed: 'false', 'token-id': '' })
    // Fastly has answered both ways for an unknown token; the suite runs against each (vitest.config.ts).
    expect(failures(result)).toEqual([
      process.env.FASTLY_SIMULATOR_INVALID_STATUS === '403'
        ? 'Fastly rejected the token or does not permit it here: Invalid access token (GET /tokens/self answered HTTP 403). Check that the secret holds a current token of the right account.'
        : 'Fastly rejected the token: it is missing, expired or revoked (GET /tokens/self answered HTTP 401: Provided credentials are missing or invalid). Create a new token and update the secret.',
    ])
    expect(result.summary).toContain('Fastly rejected the token')
  })

  it('fails a token Fastly refuses with 403, quoting its message', async () => {
    simulator.injectFault({ kind: 'status', status: 403, body: '{"msg":"Token is not allowed from this IP"}' })
    const result = await gate(tokens.healthy)
    expect(result.outputs.status).toBe('invalid')
    expect(failures(result)[0]).toMatch(
      /^Fastly rejected the token or does not permit it here: Token is not allowed from this IP \(GET \/tokens\/self answered HTTP 403\)/,
    )
  })

  it('fails a token without a required scope, naming it and what the token has', async () => {
    const result = await gate(tokens.readOnly, { 'required-scopes': 'purge_all' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'valid', passed: 'false', scope: 'global:read' })
    expect(failures(result)).toEqual([expect.stringContaining('lacks the scope purge_all (it has global:read)')])
    expect(result.summary).toContain('checked on the token, not on its user&#39;s role')
  })

  it('passes a global token for any scope and a limited token for its own service', async () => {
    expect((await gate(tokens.healthy, { 'required-scopes': 'purge_all, purge_select' })).outputs.passed).toBe('true')
    const limited = await gate(tokens.purgeOneService, {
      'required-scopes': 'purge_all',
      'required-services': DEMO_SERVICE,
    })
    expect(limited.outputs).toMatchObject({ passed: 'true', services: JSON.stringify([DEMO_SERVICE]) })
  })

  it('fails a token limited to other services', async () => {
    const result = await gate(tokens.purgeOneService, {
      'required-services': `${DEMO_SERVICE}\nOtherService0000000001`,
    })
    expect(result.exitCode).toBe(1)
    expect(failures(result)[0]).toContain('cannot act on the service OtherService0000000001')
  })

  it('reports several failed checks in one message', async () => {
    const result = await gate(tokens.readOnly, {
      'required-scopes': 'purge_all',
      'require-expiry': 'true',
      'fail-if-expires-within': '60d',
    })
    expect(failures(result)).toHaveLength(1)
    expect(failures(result)[0]).toMatch(/^2 problems: \(1\) .* \(2\) /)
  })

  it('rides out a 429 and answers', async () => {
    simulator.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '0' } })
    const result = await gate(tokens.healthy)
    expect(result.exitCode).toBe(0)
    expect(simulator.apiRequests().map((request) => request.status)).toEqual([429, 200])
    expect(result.stdout).toMatch(/GET \/tokens\/self: HTTP 429; retry 1 of 3 in \d\.\d s/)
  })

  it('rides out two 503s and answers', async () => {
    simulator.injectFault({ kind: 'status', status: 503, times: 2 })
    const result = await gate(tokens.healthy)
    expect(result.exitCode).toBe(0)
    expect(simulator.apiRequests().map((request) => request.status)).toEqual([503, 503, 200])
  })

  it('gives up on a hung server at the timeout, with status error', async () => {
    simulator.injectFault({ kind: 'hang', times: 5 })
    const result = await gate(tokens.healthy, { timeout: '1s', 'max-retries': '1' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'error', passed: 'false' })
    expect(failures(result)[0]).toMatch(
      /^Could not verify the token: GET \/tokens\/self failed: no complete answer from 127\.0\.0\.1:\d+ within 1 s \(the timeout input\) \(gave up after 2 attempts\)\.$/,
    )
    expect(result.durationMs).toBeLessThan(10_000)
    expect(simulator.apiRequests()).toHaveLength(2)
  })

  it('reports a malformed answer as error, not as a verdict on the token', async () => {
    simulator.injectFault({ kind: 'malformed' })
    const result = await gate(tokens.healthy)
    expect(result.outputs.status).toBe('error')
    expect(failures(result)[0]).toMatch(/GET \/tokens\/self answered HTTP 200: the answer is not JSON/)
  })

  it('refuses plain http to another host before sending the token anywhere', async () => {
    const result = await gate(tokens.healthy, { 'api-url': 'http://api.fastly.com' })
    expect(result.exitCode).toBe(1)
    expect(failures(result)[0]).toMatch(
      /^Input 'api-url' has "http:\/\/api\.fastly\.com", which uses plain http:\/\/ to a host other than this machine/,
    )
    expect(result.outputs.status).toBe('error')
    expect(simulator.requests).toHaveLength(0)
  })

  it('turns off the summary when asked', async () => {
    const result = await gate(tokens.healthy, { 'job-summary': 'false' })
    expect(result.summary).toBe('')
  })
})

describe('bad input gets one clear error naming the input', () => {
  it.each([
    ['fail-if-expires-within', '7', /Input 'fail-if-expires-within' has "7", which has no unit/],
    ['warn-if-expires-within', 'P1M', /Input 'warn-if-expires-within' has "P1M", which uses years or months/],
    ['require-expiry', 'yes', /Input 'require-expiry' has "yes", which is not a boolean/],
    ['job-summary', 'nope', /Input 'job-summary' has "nope"/],
    ['required-scopes', 'purge', /Input 'required-scopes' has the scope "purge", which Fastly does not have/],
    ['required-services', 'a/b', /Input 'required-services' has "a\/b"/],
    ['timeout', '500ms', /Input 'timeout' has "500ms", which has an unknown unit 'ms'/],
    ['timeout', '0', /Input 'timeout' has "0", which is outside 1s to 1h/],
    ['max-retries', '-1', /Input 'max-retries' has "-1", which is not a whole number from 0 to 10/],
  ])('%s: %j', async (input, value, message) => {
    const result = await gate(tokens.healthy, { [input]: value })
    expect(result.exitCode).toBe(1)
    expect(failures(result)).toHaveLength(1)
    expect(failures(result)[0]).toMatch(message)
    expect(simulator.requests).toHaveLength(0)
  })

  it('explains a missing token, with the with: line and the fork caveat', async () => {
    const result = await gate('')
    expect(result.exitCode).toBe(1)
    expect(failures(result)[0]).toContain('api-token: ${{ secrets.FASTLY_API_TOKEN }}')
    expect(failures(result)[0]).toContain('forks or by Dependabot')
    expect(result.outputs.status).toBe('error')
  })

  it('refuses a token with whitespace inside without echoing it', async () => {
    const broken = `${tokens.healthy.secret.slice(0, 10)} ${tokens.healthy.secret.slice(10)}`
    const result = await gate(broken)
    expect(result.exitCode).toBe(1)
    expect(failures(result)[0]).toMatch(/contains characters no Fastly token has \(white space, control characters/)
    const printed = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    expect(printed.join('\n')).not.toContain(tokens.healthy.secret.slice(10))
    expect(simulator.requests).toHaveLength(0)
  })
})
