/**
 * Making the job's token, as a user meets it: the bundled main and post steps
 * under Node 24, with the runner's masking commands, outputs and state
 * hand-off, against the simulator's users with passwords and two-factor
 * seeds. Every test counts the creates, because each one is a token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAction, runJob, type RunResult, tokenLeaks } from '../../tools/runner.js'
import { base32Decode, FastlySimulator, totp } from '../../tools/simulator.js'

let simulator: FastlySimulator
const HOUR = 3600 * 1000
const LOGIN = 'deployer@example.test'
const PASSWORD = 'Deploy-pa55word-of-the-CI-user'
// As an authenticator app shows it: lower case, in groups. The action keeps it as JBSWY3DP...
const SEED = 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp'
const SEED_KEPT = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const SERVICES = ['SvcA1b2C3d4E5f6G7h8I9j', 'SvcB1b2C3d4E5f6G7h8I9j']
const DEFAULT_NAME = 'example-org/example-app run 1234567890 attempt 1 job deploy'

beforeAll(async () => {
  simulator = await FastlySimulator.start()
  simulator.addUser({ login: LOGIN, password: PASSWORD, otpSecret: SEED_KEPT, userId: 'MintUser00000000000001' })
})
afterAll(async () => simulator.close())
beforeEach(() => {
  simulator.clearFaults()
  simulator.requests.length = 0
})

const creates = () => simulator.apiRequests().filter((request) => request.method === 'POST')
const deletes = () => simulator.apiRequests().filter((request) => request.method === 'DELETE')
const errors = (result: RunResult) => result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
const mintInputs = (extra: Record<string, string> = {}) => ({
  'api-url': simulator.url,
  username: LOGIN,
  password: PASSWORD,
  'otp-secret': SEED,
  ...extra,
})

let users = 0
/**
 * A login of its own, with the same password and seed: the simulator, like an
 * authenticator's server, takes each one-time code once per user, and these
 * tests run within one 30-second step.
 */
function freshLogin(): string {
  const login = `deployer-${++users}@example.test`
  simulator.addUser({ login, password: PASSWORD, otpSecret: SEED_KEPT })
  return login
}

/** The password and the seed, in every form the action has them, appear nowhere but in their mask commands. */
function credentialsNeverLeak(...results: RunResult[]): void {
  for (const result of results) {
    for (const secret of [PASSWORD, SEED, SEED_KEPT]) expect(tokenLeaks(result, secret)).toEqual([])
    expect(result.stderr).not.toMatch(/\n\s+at /)
  }
}

describe('a deploy job that makes its own token: mint, deploy, revoke', () => {
  it('mints a two-hour purge_all token for two services with a one-time code, hands it on, and revokes it at the end', async () => {
    const inputs = mintInputs({
      'new-token-scope': 'purge_all',
      'new-token-services': SERVICES.join(' '),
      'new-token-expires-in': '2h',
      'required-scopes': 'purge_all',
      'required-services': SERVICES[0]!,
    })
    const main = await runAction({ inputs })
    expect(main.exitCode).toBe(0)

    // One create: form-encoded, the user's credentials, a valid code, an expiry two hours after the request.
    expect(creates()).toHaveLength(1)
    const [create] = creates()
    expect(create).toMatchObject({ path: '/tokens', status: 200 })
    expect(create!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(create!.headers['fastly-key']).toBeUndefined()
    const codes = [-30_000, 0, 30_000].map((shift) => totp(base32Decode(SEED_KEPT), create!.at + shift))
    expect(codes).toContain(create!.headers['fastly-otp'])
    const form = new URLSearchParams(create!.body)
    expect(Object.fromEntries(form)).toMatchObject({
      username: LOGIN,
      password: PASSWORD,
      name: DEFAULT_NAME,
      scope: 'purge_all',
    })
    expect(form.getAll('services[]')).toEqual(SERVICES)
    expect(Math.abs(Date.parse(form.get('expires_at')!) - (create!.at + 2 * HOUR))).toBeLessThan(60_000)

    // Masked the moment it is read: the mask command is the first thing the step prints after the create.
    const made = simulator.createdToken(DEFAULT_NAME)!
    const lines = main.stdout.split('\n')
    const afterCreate = lines.slice(lines.findIndex((line) => line.startsWith('Making a token for this job')) + 1)
    expect(afterCreate.find((line) => !line.startsWith('::debug::'))).toBe(`::add-mask::${made.secret}`)
    expect(tokenLeaks(main, made.secret, ['token-output', 'post-record'])).toEqual([])
    credentialsNeverLeak(main)

    // Verified like any token, every gate applied, and handed to later steps as the token output.
    // Valid, not "expiring": a token made for the job lives an hour by design, so the warn window is not applied.
    expect(main.outputs).toMatchObject({
      status: 'valid',
      passed: 'true',
      token: made.secret,
      'token-id': made.record.id,
      scope: 'purge_all',
      services: JSON.stringify(SERVICES),
      'user-id': 'MintUser00000000000001',
    })
    // The create is a write: its answer's budget is the step's, although verify made none.
    expect(Number(main.outputs['rate-limit-remaining'])).toBeLessThan(1000)
    expect(main.outputs['rate-limit-remaining']).toMatch(/^\d+$/)
    expect(simulator.apiRequests().map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'POST /tokens 200',
      'GET /tokens/self 200',
    ])
    expect(simulator.apiRequests()[1]!.headers['fastly-key']).toBe(made.secret)
    expect(main.annotations).toEqual([])
    expect(main.summary).toContain('Made for this job')
    expect(main.summary).toContain('revoked by the post step when the job ends')
    expect(JSON.parse(main.state['post-revoke']!)).toMatchObject({
      madeToken: made.secret,
      tokenId: made.record.id,
      verified: true,
    })

    // A later step (here the action itself, as `env: FASTLY_API_TOKEN: steps.mint.outputs.token` would) uses it.
    const deploy = await runAction({
      inputs: { 'api-url': simulator.url, 'required-scopes': 'purge_all' },
      env: { FASTLY_API_TOKEN: main.outputs.token! },
    })
    expect(deploy.outputs).toMatchObject({ passed: 'true', 'token-id': made.record.id })
    expect(tokenLeaks(deploy, made.secret)).toEqual([])

    // The post step revokes it with its own secret, from the record alone.
    simulator.requests.length = 0
    const post = await runAction({ step: 'post', inputs, state: main.state })
    expect(post.exitCode).toBe(0)
    expect(deletes().map((request) => [request.path, request.headers['fastly-key'], request.status])).toEqual([
      ['/tokens/self', made.secret, 204],
    ])
    for (const request of simulator.apiRequests()) expect(request.headers['fastly-key']).toBe(made.secret)
    expect(simulator.isRevoked(made.record.id)).toBe(true)
    expect(post.summary).toContain('The Fastly token made for this job was revoked at the end of the job.')
    expect(tokenLeaks(post, made.secret)).toEqual([])
    credentialsNeverLeak(post)

    const after = await runAction({ inputs: { 'api-url': simulator.url, 'api-token': made.secret } })
    expect(after.outputs.status).toBe('invalid')
  })

  it('fails with one clear error and one request on a wrong password, and leaves nothing for the post step', async () => {
    const job = await runJob({
      inputs: mintInputs({ username: freshLogin(), password: 'Not-the-pa55word-of-the-CI-user' }),
    })
    expect(job.main.exitCode).toBe(1)
    expect(errors(job.main)).toEqual([
      expect.stringMatching(
        /^Fastly refused to make a token for this job: POST \/tokens answered HTTP 401: .*No token was made\. Check the secrets behind 'username' and 'password'.*Not retried/,
      ),
    ])
    expect(simulator.apiRequests()).toHaveLength(1)
    expect(job.main.outputs).toMatchObject({ status: 'error', passed: 'false', token: '' })
    // A refused create still spends the budget, and Fastly says what is left.
    expect(job.main.outputs['rate-limit-remaining']).toMatch(/^\d+$/)
    expect(job.main.state['post-revoke']).toBe('')
    expect(job.post.exitCode).toBe(0)
    expect(job.post.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('::'))).toEqual([])
    expect(job.main.summary).toContain('Fastly token for this job: failed')
    for (const secret of ['Not-the-pa55word-of-the-CI-user', SEED, SEED_KEPT])
      expect(tokenLeaks(job.main, secret)).toEqual([])
  })

  it('fails with one clear error and one request on a wrong one-time code', async () => {
    const job = await runJob({
      inputs: mintInputs({ username: freshLogin(), 'otp-secret': 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }),
    })
    expect(job.main.exitCode).toBe(1)
    expect(errors(job.main)).toEqual([
      expect.stringMatching(
        /^Fastly refused to make a token for this job: POST \/tokens answered HTTP 401: Invalid one-time password\. No token was made\. .*'otp-secret' is the seed/,
      ),
    ])
    expect(simulator.apiRequests()).toHaveLength(1)
    expect(job.main.state['post-revoke']).toBe('')
    expect(deletes()).toEqual([])
    credentialsNeverLeak(job.main, job.post)
  })

  it('leaves the token alone with revoke: never, and keeps its secret out of state', async () => {
    const job = await runJob({
      inputs: mintInputs({ username: freshLogin(), revoke: 'never', 'new-token-name': 'kept until it expires' }),
    })
    const made = simulator.createdToken('kept until it expires')!
    expect(job.main.exitCode).toBe(0)
    expect(job.main.outputs.token).toBe(made.secret)
    expect(job.main.state['post-revoke']).toBe('')
    expect(job.main.summary).toContain('not revoked by this action (revoke: never); it expires at')
    expect(job.post.exitCode).toBe(0)
    expect(deletes()).toEqual([])
    expect(simulator.isRevoked(made.record.id)).toBe(false)
    expect(tokenLeaks(job.main, made.secret, ['token-output'])).toEqual([])
    credentialsNeverLeak(job.main, job.post)
  })

  it('fails the step when Fastly makes the token wider than asked, and still revokes it at the end of the job', async () => {
    // A Fastly that ignores the requested limits: never seen, but the one thing least privilege must not trust.
    const careless = await FastlySimulator.start({ createIgnoresLimits: true })
    try {
      careless.addUser({ login: LOGIN, password: PASSWORD })
      const inputs = {
        'api-url': careless.url,
        username: LOGIN,
        password: PASSWORD,
        'new-token-scope': 'purge_select',
        'new-token-services': SERVICES[0]!,
        'new-token-name': 'asked narrow',
      }
      const job = await runJob({ inputs })
      const made = careless.createdToken('asked narrow')!
      expect(made.record.scope).toBe('global')
      expect(job.main.exitCode).toBe(1)
      expect(errors(job.main)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Fastly made the token for this job wider than asked: scope global \\(asked: purge_select\\); all services \\(asked: ${SERVICES[0]}\\); no expiry \\(asked: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\)\\. `,
          ),
        ),
      ])
      expect(job.main.annotations.find((a) => a.level === 'error')?.title).toBe('Fastly token made wider than asked')
      // The token's verdict stays valid; the step failed, and the wider token is not handed on.
      expect(job.main.outputs).toMatchObject({ status: 'valid', passed: 'false', scope: 'global', token: '' })
      expect(job.main.summary).toContain('Made as asked (no wider)')
      // Told as Fastly has it, not as it was asked for.
      expect(job.main.stdout).toContain("Fastly's answer gives it no expiry")
      expect(job.main.summary).not.toMatch(/Expires<\/t[dh]>\s*<td>\d{4}-/)
      expect(job.main.summary).toContain('do not get it: the token output is empty')
      // revoke: auto is post for a made token, and a failed gate does not keep it alive.
      expect(job.post.exitCode).toBe(0)
      expect(careless.isRevoked(made.record.id)).toBe(true)
      expect(tokenLeaks(job.main, made.secret, ['post-record'])).toEqual([])
      expect(tokenLeaks(job.post, made.secret)).toEqual([])
      credentialsNeverLeak(job.main, job.post)
    } finally {
      await careless.close()
    }
  })

  it('sends the create once when its answer is lost, and says what may be left behind and until when', async () => {
    simulator.injectFault({ kind: 'drop', method: 'POST', path: '/tokens', times: 5 })
    const job = await runJob({
      inputs: mintInputs({ username: freshLogin(), 'max-retries': '3', 'new-token-expires-in': '30m' }),
    })
    expect(job.main.exitCode).toBe(1)
    expect(creates()).toHaveLength(1)
    expect(errors(job.main)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not tell whether Fastly made a token for this job: POST /tokens failed: .*Not tried again: a second request could make a second token\\. If Fastly made one, no one holds its secret; it is named "${DEFAULT_NAME}" and expires at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`,
        ),
      ),
    ])
    expect(job.main.state['post-revoke']).toBe('')
    expect(deletes()).toEqual([])
    credentialsNeverLeak(job.main, job.post)
  })

  it('refuses a second token for one two-factor user within the same 30 seconds, once, and says why', async () => {
    const username = freshLogin()
    // Both runs within one 30-second step, so the second makes the same code as the first.
    const intoStep = Date.now() % 30_000
    if (intoStep > 24_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 200))
    const first = await runAction({ inputs: mintInputs({ username, 'new-token-name': 'first of two' }) })
    const second = await runAction({ inputs: mintInputs({ username, 'new-token-name': 'second of two' }) })
    expect(first.exitCode).toBe(0)
    expect(second.exitCode).toBe(1)
    expect(creates()).toHaveLength(2)
    expect(errors(second)).toEqual([
      expect.stringMatching(/HTTP 401: One-time password already used\. No token was made\. .*each code once/),
    ])
  })

  it.each(['auto', 'now', 'never'])(
    'says in the post step what may be left behind when the job is cancelled while the create is in flight (revoke: %s)',
    async (revoke) => {
      simulator.injectFault({ kind: 'hang', method: 'POST', path: '/tokens' })
      const inputs = mintInputs({ username: freshLogin(), 'new-token-name': 'cancelled while made', revoke })
      const main = await runAction({ inputs, signal: { name: 'SIGTERM', afterMs: 1_500 } })
      expect(main.exitCode).not.toBe(0)
      expect(creates()).toHaveLength(1)
      // No secret in the state: only the name and the expiry asked for.
      const saved = JSON.parse(main.state['post-revoke']!)
      expect(Object.keys(saved.pendingMint).sort()).toEqual(['expiresAt', 'name'])
      const post = await runAction({ step: 'post', inputs, state: main.state })
      expect(post.exitCode).toBe(0)
      expect(deletes()).toEqual([])
      expect(post.annotations).toEqual([
        expect.objectContaining({
          level: 'warning',
          title: 'Fastly token may have been made',
          message: expect.stringMatching(
            /^The job ended while the main step was making a token for it \(POST \/tokens\), before Fastly answered: if Fastly made the token "cancelled while made", nobody holds its secret .* It expires at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC;/,
          ),
        }),
      ])
      credentialsNeverLeak(main, post)
    },
  )

  it('is revoked by the post step even when the job is cancelled while the new token is verified', async () => {
    simulator.injectFault({ kind: 'hang', method: 'GET', path: '/tokens/self' })
    const inputs = mintInputs({ username: freshLogin(), 'new-token-name': 'cancelled while verifying' })
    const main = await runAction({ inputs, signal: { name: 'SIGTERM', afterMs: 1_500 } })
    const made = simulator.createdToken('cancelled while verifying')!
    expect(main.exitCode).not.toBe(0)
    expect(JSON.parse(main.state['post-revoke']!)).toMatchObject({ madeToken: made.secret, verified: false })
    const post = await runAction({ step: 'post', inputs, state: main.state })
    expect(post.exitCode).toBe(0)
    expect(simulator.isRevoked(made.record.id)).toBe(true)
    expect(tokenLeaks(main, made.secret, ['post-record'])).toEqual([])
    credentialsNeverLeak(main, post)
  })
})

// Fastly's status for a wrong code is not recorded: whichever it is, one request and one clear error.
describe.each([400, 403] as const)('a wrong one-time code answered with HTTP %i', (otpErrorStatus) => {
  it('fails once, says no token was made, and names otp-secret', async () => {
    const strict = await FastlySimulator.start({ otpErrorStatus })
    try {
      strict.addUser({ login: LOGIN, password: PASSWORD, otpSecret: SEED_KEPT })
      const result = await runAction({
        inputs: { ...mintInputs({ 'otp-secret': 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }), 'api-url': strict.url },
      })
      expect(result.exitCode).toBe(1)
      expect(errors(result)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Fastly refused to make a token for this job: POST /tokens answered HTTP ${otpErrorStatus}: Invalid one-time password\\. No token was made\\. .*otp-secret`,
          ),
        ),
      ])
      expect(strict.apiRequests()).toHaveLength(1)
      expect(strict.creationCount).toBe(0)
      credentialsNeverLeak(result)
    } finally {
      await strict.close()
    }
  })
})

describe('a workflow that passes its own token, as before', () => {
  it('keeps revoke: auto meaning never: no record, no DELETE', async () => {
    const token = simulator.addToken({ name: 'shared', expires_at: null })
    const job = await runJob({ inputs: { 'api-token': token.secret, 'api-url': simulator.url } })
    expect(job.main.exitCode).toBe(0)
    expect(job.main.outputs.token).toBe('')
    expect(job.main.state['post-revoke']).toBe('')
    expect(deletes()).toEqual([])
    expect(creates()).toEqual([])
  })

  it('is refused when it also gives a username: one token per step', async () => {
    const token = simulator.addToken({ name: 'shared' })
    const result = await runAction({ inputs: mintInputs({ 'api-token': token.secret }) })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([expect.stringMatching(/^Inputs 'username' and 'api-token' are both set/)])
    expect(simulator.apiRequests()).toEqual([])
    expect(tokenLeaks(result, token.secret)).toEqual([])
    credentialsNeverLeak(result)
  })
})
