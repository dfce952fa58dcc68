import { describe, expect, it } from 'vitest'
import { defaultDependencies, type StepDependencies } from '../../src/steps/dependencies.js'
import { runMain } from '../../src/steps/main-step.js'
import { readSettings } from '../../src/inputs/settings.js'
import { FastlyClient } from '../../src/fastly/client.js'
import { DEFAULT_RETRY_POLICY } from '../../src/fastly/retry-policy.js'
import type { Transport } from '../../src/fastly/exchange.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'
import { fakeFastly, type FakeAnswer } from '../support/fake-fastly.js'
import { createFakeToolkit } from '../support/fake-toolkit.js'

const SECRET = 'sEcReTtOkEnValue0123456789abcdef'
const now = new Date('2026-01-01T00:00:00Z')

function deps(transport: Transport): StepDependencies {
  return {
    now: () => now,
    createClient: (settings, toolkit) =>
      new FastlyClient({
        apiUrl: settings.apiUrl,
        token: settings.token,
        timeoutMs: settings.timeoutMs,
        retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
        log: { debug: (m) => toolkit.debug(m), info: (m) => toolkit.info(m) },
        transport,
      }),
  }
}

const answer =
  (status: number, body: unknown): Transport =>
  async () => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
    size: JSON.stringify(body).length,
    headersAt: 0,
  })

describe('runMain', () => {
  it('masks the token before any other call', async () => {
    const toolkit = createFakeToolkit({ 'api-token': ` ${SECRET} `, 'warn-if-expires-within': '7d', revoke: 'post' })
    await runMain(
      toolkit,
      deps(answer(200, { id: 'T1', name: 'ci', scope: 'global', expires_at: '2026-01-03T00:00:00Z' })),
    )
    expect(toolkit.calls[0]).toEqual(['setSecret', SECRET])
    expect(toolkit.calls[1]).toEqual(['saveState', 'post-revoke', ''])
    expect(JSON.parse(toolkit.state['post-revoke']!)).toMatchObject({
      tokenId: 'T1',
      verified: true,
      expiresAt: '2026-01-03T00:00:00Z',
    })
    expect(toolkit.outputs.status).toBe('expiring')
    expect(JSON.stringify(toolkit.calls.slice(1))).not.toContain(SECRET)
  })

  it('logs an automation token with its role, and a role that is not a plain word quoted on one line', async () => {
    for (const [role, shown] of [
      ['engineer', 'with role engineer'],
      ['x\n::error::forged', 'with role "x\\n::error::forged"'],
    ]) {
      const toolkit = createFakeToolkit({ 'api-token': SECRET })
      await runMain(toolkit, deps(answer(200, { id: 'R1', name: 'ci', role, creator_id: 'U1', customer_id: 'C1' })))
      const line = toolkit.calls.find(([method, text]) => method === 'info' && text!.startsWith('Token: '))
      expect(line).toEqual(['info', `Token: ci (R1), an automation token ${shown}, customer C1`])
      expect(toolkit.outputs['user-id']).toBe('')
    }
  })

  it('sets every output before failing the step', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET, 'required-scopes': 'purge_all' })
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global:read' })))
    const failedAt = toolkit.calls.findIndex(([method]) => method === 'setFailed')
    const lastOutput = toolkit.calls.findLastIndex(([method]) => method === 'setOutput')
    expect(failedAt).toBeGreaterThan(lastOutput)
    expect(Object.keys(toolkit.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    expect(toolkit.outputs.passed).toBe('false')
    expect(toolkit.calls.filter(([method]) => method === 'setFailed')).toEqual([
      ['setFailed', expect.stringMatching(/lacks the scope purge_all/), 'token-lacks-scope'],
    ])
  })

  it('fails with several problems as one failure under the entry for several', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET, 'required-scopes': 'purge_all', revoke: 'now' })
    // Lacks the scope, and never expires: revoke: now is refused too.
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global:read' })))
    expect(toolkit.calls.filter(([method]) => method === 'setFailed')).toEqual([
      [
        'setFailed',
        expect.stringMatching(/^2 problems: \(1\) The token T1 lacks the scope .* \(2\) Refusing 'revoke: now'/),
        'several-problems',
      ],
    ])
  })

  it('warns with the key of each warning where it was found: an input with no effect, an expiry', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET, 'warn-if-expires-within': '7d', 'dry-run': 'true' })
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global', expires_at: '2026-01-03T00:00:00Z' })))
    expect(toolkit.calls.filter(([method]) => method === 'warning')).toEqual([
      ['warning', expect.stringMatching(/^Input 'dry-run' has no effect here/), 'input-has-no-effect'],
      ['warning', expect.stringMatching(/within warn-if-expires-within/), 'expires-within-warn-window'],
    ])
  })

  it('fails an input error with the key it was made with, before any request', async () => {
    for (const [inputs, key] of [
      [{}, 'no-token'],
      [{ 'api-token': 'short' }, 'token-too-short'],
      [{ 'api-token': SECRET, timeout: 'soon' }, 'input-not-valid'],
      [
        { 'api-token': SECRET, audit: 'user', 'github-issue': 'true', 'github-token': ' ' },
        'github-issue-without-token',
      ],
    ] as const) {
      const toolkit = createFakeToolkit(inputs)
      await runMain(
        toolkit,
        deps(async () => {
          throw new Error('no request was to be sent')
        }),
      )
      expect(toolkit.calls.filter(([method]) => method === 'setFailed')).toEqual([
        ['setFailed', expect.any(String), key],
      ])
    }
  })

  it('fails with the message of an unexpected error, never "undefined"', async () => {
    for (const thrown of [new Error('socket exploded'), 'a thrown string', { code: 42 }, undefined]) {
      const toolkit = createFakeToolkit({ 'api-token': SECRET })
      await runMain(
        toolkit,
        deps(async () => {
          throw thrown
        }),
      )
      const [, message, key] = toolkit.calls.find(([method]) => method === 'setFailed')!
      expect(key).toBe('unexpected-failure')
      expect(message).toMatch(/^Fastly Token Guard failed unexpectedly: \S/)
      expect(message).not.toMatch(/undefined$/)
    }
  })

  it('warns, without failing, when the summary cannot be written', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET })
    toolkit.failSummaryWith = new Error('disk full')
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global' })))
    expect(toolkit.calls).toContainEqual([
      'warning',
      'Could not write the job summary: disk full',
      'summary-not-written',
    ])
    expect(toolkit.calls.some(([method]) => method === 'setFailed')).toBe(false)
  })

  it('uses the real client by default', async () => {
    const toolkit = createFakeToolkit({})
    const client = defaultDependencies.createClient(
      await readSettings((name) => (name === 'api-token' ? SECRET : ''), {}),
      toolkit,
    )
    expect(client).toBeInstanceOf(FastlyClient)
  })
})

describe('runMain and the post step record', () => {
  it('never reads state: which step runs is not the environment’s to say', async () => {
    const toolkit = createFakeToolkit(
      { 'api-token': SECRET, revoke: 'post' },
      {},
      { isPost: 'true', 'post-revoke': '{"forged":true}' },
    )
    toolkit.getState = (name) => {
      throw new Error(`the main step read state ${name}`)
    }
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global', expires_at: '2026-01-03T00:00:00Z' })))
    expect(toolkit.calls.some(([method]) => method === 'setFailed')).toBe(false)
  })

  it('withdraws any record first, then saves a small verified one with revoke: post', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET, revoke: 'post', timeout: '12s' })
    await runMain(
      toolkit,
      deps(answer(200, { id: 'T1', name: 'x'.repeat(300_000), scope: 'global', expires_at: '2026-01-03T00:00:00Z' })),
    )
    const saves = toolkit.calls.filter(([method]) => method === 'saveState')
    expect(saves[0]).toEqual(['saveState', 'post-revoke', ''])
    const record = JSON.parse(toolkit.state['post-revoke']!) as Record<string, unknown>
    expect(record).toMatchObject({ tokenId: 'T1', verified: true, timeoutMs: 12_000, apiUrl: 'https://api.fastly.com' })
    expect(toolkit.state['post-revoke']!.length).toBeLessThan(1024)
  })

  it('says passed=false whenever the step fails, whatever failed', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET, revoke: 'now' })
    // A token that never expires: revoke: now is refused, the step fails, the token itself is fine.
    await runMain(toolkit, deps(answer(200, { id: 'T1', scope: 'global' })))
    expect(toolkit.outputs.status).toBe('valid')
    expect(toolkit.outputs.passed).toBe('false')
    expect(toolkit.calls.filter(([method]) => method === 'setFailed')).toEqual([
      ['setFailed', expect.stringMatching(/^Refusing 'revoke: now'/), 'revoke-non-expiring-refused'],
    ])
  })
})

describe('runMain making a token for the job', () => {
  const PASSWORD = 'pa55-w0rd-for-the-deploy-user'
  const SEED_AS_GIVEN = 'jbsw y3dp ehpk 3pxp'
  const NEW_SECRET = 'nEwSeCrEt0123456789abcdefghijklm'
  const inputs = (extra: Record<string, string> = {}) => ({
    username: 'deployer@example.test',
    password: PASSWORD,
    'otp-secret': SEED_AS_GIVEN,
    'new-token-scope': 'purge_all',
    ...extra,
  })
  const self = { id: 'Made1', name: 'acme run 1', scope: 'purge_all', expires_at: '2026-01-01T01:00:00Z' }

  /** Fastly answering by request; the create answer carries the new secret. */
  function byRequest(answers: Record<string, { status: number; body?: unknown }>): Transport {
    return async (request) => {
      const answer = answers[`${request.method} ${request.url.pathname}`] ?? { status: 404, body: { msg: 'nope' } }
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body)
      return {
        status: answer.status,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(text),
        size: text.length,
        headersAt: 0,
      }
    }
  }
  const fastly = byRequest({
    'POST /tokens': { status: 200, body: { ...self, access_token: NEW_SECRET } },
    'GET /tokens/self': { status: 200, body: self },
  })

  it('masks the password and the seed first, and the new secret before any output or state holds it', async () => {
    const toolkit = createFakeToolkit(inputs())
    await runMain(toolkit, deps(fastly))
    expect(toolkit.calls.slice(0, 3)).toEqual([
      ['setSecret', PASSWORD],
      ['setSecret', SEED_AS_GIVEN],
      ['setSecret', 'JBSWY3DPEHPK3PXP'],
    ])
    const maskedAt = toolkit.calls.findIndex((call) => call[0] === 'setSecret' && call[1] === NEW_SECRET)
    const firstUse = toolkit.calls.findIndex((call) => call[0] !== 'setSecret' && call.join(' ').includes(NEW_SECRET))
    expect(maskedAt).toBeGreaterThan(0)
    expect(firstUse).toBeGreaterThan(maskedAt)
    expect(toolkit.calls.filter((call) => call[0] === 'setSecret' && call[1] === NEW_SECRET)).toHaveLength(1)
    expect(toolkit.outputs).toMatchObject({ token: NEW_SECRET, 'token-id': 'Made1', passed: 'true' })
    expect(JSON.parse(toolkit.state['post-revoke']!)).toMatchObject({
      madeToken: NEW_SECRET,
      tokenId: 'Made1',
      verified: true,
    })
    const written = JSON.stringify([toolkit.calls.filter((call) => call[0] !== 'setSecret'), toolkit.summary])
    for (const secret of [PASSWORD, SEED_AS_GIVEN, 'JBSWY3DPEHPK3PXP']) expect(written).not.toContain(secret)
    expect(toolkit.summary).toContain('Made for this job')
    expect(toolkit.summary).toContain('revoked by the post step when the job ends')
  })

  it('with revoke: never, keeps the secret out of state: nothing will use it there', async () => {
    const toolkit = createFakeToolkit(inputs({ revoke: 'never' }))
    await runMain(toolkit, deps(fastly))
    expect(toolkit.outputs.token).toBe(NEW_SECRET)
    // Only the name and expiry while the create is out, then nothing: the secret is never saved.
    expect(toolkit.calls.filter((call) => call[0] === 'saveState')).toEqual([
      ['saveState', 'post-revoke', ''],
      ['saveState', 'post-revoke', expect.stringMatching(/^\{"pendingMint":/)],
      ['saveState', 'post-revoke', ''],
    ])
    expect(toolkit.state['post-revoke']).toBe('')
    expect(toolkit.summary).toContain('not revoked by this action (revoke: never); it expires at 2026-01-01 01:00 UTC')
  })

  it('fails with one message and no token when Fastly refuses the password, and records nothing for the post step', async () => {
    const toolkit = createFakeToolkit(inputs())
    await runMain(
      toolkit,
      deps(
        byRequest({ 'POST /tokens': { status: 401, body: { msg: 'Provided credentials are missing or invalid' } } }),
      ),
    )
    expect(toolkit.calls.filter((call) => call[0] === 'setFailed')).toEqual([
      [
        'setFailed',
        expect.stringMatching(/^Fastly refused to make a token for this job: POST \/tokens answered HTTP 401/),
        'mint-refused',
      ],
    ])
    expect(toolkit.outputs).toMatchObject({ status: 'error', passed: 'false', token: '' })
    expect(Object.keys(toolkit.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    // Withdrawn, then the pending create (no secret) while the request is out, then withdrawn again: nothing is left.
    expect(toolkit.calls.filter((call) => call[0] === 'saveState')).toEqual([
      ['saveState', 'post-revoke', ''],
      ['saveState', 'post-revoke', expect.stringMatching(/^\{"pendingMint":\{"name":"[^"]+","expiresAt":"[^"]+"\}\}$/)],
      ['saveState', 'post-revoke', ''],
    ])
    expect(toolkit.summary).toContain('Fastly token for this job: failed')
  })

  it('takes whatever Fastly echoes of the secrets out of every output but token, and out of the summary', async () => {
    const echoing = { ...self, name: `deploy ${PASSWORD} ${NEW_SECRET}` }
    const toolkit = createFakeToolkit(inputs())
    await runMain(
      toolkit,
      deps(
        byRequest({
          'POST /tokens': { status: 200, body: { ...echoing, access_token: NEW_SECRET } },
          'GET /tokens/self': { status: 200, body: echoing },
        }),
      ),
    )
    expect(toolkit.outputs['token-name']).toBe('deploy *** ***')
    const { token, ...others } = toolkit.outputs
    expect(token).toBe(NEW_SECRET)
    expect(JSON.stringify(others)).not.toContain(NEW_SECRET)
    expect(toolkit.summary).not.toContain(PASSWORD)
    expect(toolkit.summary).not.toContain(NEW_SECRET)
  })
})

describe('runMain revoking by ID', () => {
  /** Fastly answering by method and path; what it was asked, in order. */
  const routes = (answers: Record<string, FakeAnswer>) => {
    const fake = fakeFastly(
      (request) => answers[`${request.method} ${request.url.pathname}`] ?? { status: 404, body: { msg: 'nope' } },
    )
    return {
      seen: () => fake.seen.map((request) => `${request.method} ${request.url.pathname}`),
      transport: fake.transport,
    }
  }
  // An automation token's answer has been seen without customer_id.
  const self = { id: 'Robot1', name: 'ci', scope: 'global', role: 'superuser', expires_at: '2026-06-01T00:00:00Z' }
  const warnings = (toolkit: ReturnType<typeof createFakeToolkit>) =>
    toolkit.calls.filter(([method]) => method === 'warning').map(([, message, key]) => `${key}: ${message}`)

  it("asks for the customer's list with customer-id when Fastly's answer names no customer, and warns without it", async () => {
    const fastly = routes({
      'GET /tokens/self': { status: 200, body: self },
      'GET /customer/Cust1/tokens': { status: 200, body: [{ id: 'Theirs1', user_id: 'U2', scope: 'global' }] },
      'GET /tokens': { status: 403, body: { msg: 'no user' } },
      'GET /automation-tokens': { status: 200, body: { data: [{ id: 'Robot1', scopes: 'global' }], meta: {} } },
      'DELETE /tokens/Theirs1': { status: 204 },
    })
    const withCustomer = createFakeToolkit({
      'api-token': SECRET,
      'revoke-token-ids': 'Theirs1',
      'customer-id': 'Cust1',
      'dry-run': 'true',
    })
    await runMain(withCustomer, deps(fastly.transport))
    expect(fastly.seen()).toContain('GET /customer/Cust1/tokens')
    expect(withCustomer.summary).toContain('would revoke')
    expect(warnings(withCustomer)).toEqual([])

    const without = createFakeToolkit({ 'api-token': SECRET, 'revoke-token-ids': 'Theirs1', 'dry-run': 'true' })
    await runMain(
      without,
      deps(
        routes({
          'GET /tokens/self': { status: 200, body: self },
          'GET /tokens': { status: 200, body: [] },
          'GET /automation-tokens': { status: 200, body: { data: [], meta: {} } },
        }).transport,
      ),
    )
    expect(warnings(without)).toEqual([
      expect.stringMatching(
        /^revoke-ids-not-listable: Not revoked: 1 token ID\(s\) are not among the tokens this token may list.* names no customer.* Set customer-id/,
      ),
    ])
  })

  it('confirms nothing from a list that no longer shows the token the step runs on', async () => {
    let listed = 0
    const { transport } = fakeFastly((request) => {
      const route = `${request.method} ${request.url.pathname}`
      if (route === 'GET /tokens/self') return { status: 200, body: { ...self, customer_id: 'Cust1' } }
      if (route === 'DELETE /tokens/Theirs1') return { status: 204 }
      // Before: the step's own token and the one to revoke. After: an empty answer, as a bad cache might give.
      if (route === 'GET /customer/Cust1/tokens')
        return {
          status: 200,
          body:
            (listed += 1) === 1
              ? [
                  { id: 'Robot1', scope: 'global' },
                  { id: 'Theirs1', user_id: 'U2', scope: 'global' },
                ]
              : [],
        }
      return { status: 404, body: { msg: 'nope' } }
    })
    const toolkit = createFakeToolkit({ 'api-token': SECRET, 'revoke-token-ids': 'Theirs1' })
    await runMain(toolkit, deps(transport))
    expect(toolkit.outputs['revoked-token-ids']).toBe('[]')
    expect(warnings(toolkit)).toEqual([
      expect.stringMatching(
        /^revoke-failed: Could not revoke token Theirs1: .*the list no longer shows Robot1, the token this step runs on, which still works: it cannot be trusted to confirm anything/,
      ),
    ])
  })

  it('says an empty IDs file held nothing also when the step revokes its own token', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const file = join(mkdtempSync(join(tmpdir(), 'ftg-empty-')), 'ids.txt')
    writeFileSync(file, '')
    const toolkit = createFakeToolkit({ 'api-token': SECRET, 'revoke-token-ids-file': file, revoke: 'post' })
    await runMain(
      toolkit,
      deps(routes({ 'GET /tokens/self': { status: 200, body: { ...self, customer_id: 'Cust1' } } }).transport),
    )
    expect(toolkit.calls).toContainEqual([
      'info',
      "No token IDs to revoke: 'revoke-token-ids-file' held none. Nothing was sent.",
    ])
  })
})
