import { describe, expect, it } from 'vitest'
import { FastlyClient } from '../../src/fastly/client.js'
import type { HttpRequest, Transport } from '../../src/fastly/exchange.js'
import { DEFAULT_RETRY_POLICY } from '../../src/fastly/retry-policy.js'
import { encodePendingMint, encodePostRecord, fingerprintToken, type PostRecord } from '../../src/revoke/post-record.js'
import type { StepDependencies } from '../../src/steps/dependencies.js'
import { runPost } from '../../src/steps/post-step.js'
import { createFakeToolkit } from '../support/fake-toolkit.js'

const SECRET = 'pOsTsTePtOkEn0123456789abcdefghij'
const now = new Date('2026-01-01T00:00:00Z')

function record(overrides: Partial<PostRecord> = {}): string {
  return encodePostRecord({
    apiUrl: 'https://api.fastly.test',
    timeoutMs: 5_000,
    maxRetries: 0,
    dryRun: false,
    failOnError: false,
    jobSummary: true,
    allowNonExpiring: false,
    fingerprint: fingerprintToken(SECRET),
    madeToken: null,
    tokenId: 'T1',
    tokenName: 'deploy',
    expiresAt: '2026-01-01T02:00:00Z',
    verified: true,
    ...overrides,
  })
}

/** A Fastly stand-in that answers by method and path, and remembers what it was asked. */
function fastly(answers: Record<string, { status: number; body?: unknown }>) {
  const seen: HttpRequest[] = []
  const transport: Transport = async (request) => {
    seen.push(request)
    const answer = answers[`${request.method} ${request.url.pathname}`] ?? {
      status: 404,
      body: { msg: 'Record not found' },
    }
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body)
    return {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(text),
      size: text.length,
      headersAt: 0,
    }
  }
  const deps: StepDependencies = {
    now: () => now,
    createClient: (connection, toolkit) =>
      new FastlyClient({
        ...connection,
        retry: { ...DEFAULT_RETRY_POLICY, maxRetries: connection.maxRetries },
        log: { debug: (m) => toolkit.debug(m), info: (m) => toolkit.info(m) },
        transport,
      }),
  }
  return { seen, deps }
}

const called = (toolkit: ReturnType<typeof createFakeToolkit>, method: string) =>
  toolkit.calls.filter(([name]) => name === method)

describe('runPost', () => {
  it('masks the token first, then revokes the recorded token with the settings of the record, not the inputs', async () => {
    const { seen, deps } = fastly({ 'DELETE /tokens/self': { status: 204 }, 'GET /tokens/self': { status: 401 } })
    const toolkit = createFakeToolkit(
      { 'api-token': SECRET, 'api-url': 'ftp://bad', timeout: 'never' },
      {},
      { 'post-revoke': record() },
    )
    await runPost(toolkit, deps)
    expect(toolkit.calls[0]).toEqual(['setSecret', SECRET])
    expect(seen.map((request) => `${request.method} ${request.url.href}`)).toEqual([
      'DELETE https://api.fastly.test/tokens/self',
      // The confirmation: Fastly now rejects the token.
      'GET https://api.fastly.test/tokens/self',
    ])
    expect(called(toolkit, 'setFailed')).toEqual([])
    expect(toolkit.summary).toContain('The job&#39;s Fastly token was revoked')
  })

  it('reads no input but the token', async () => {
    const { deps } = fastly({ 'DELETE /tokens/self': { status: 204 }, 'GET /tokens/self': { status: 401 } })
    const read: string[] = []
    const toolkit = createFakeToolkit({ 'api-token': SECRET }, {}, { 'post-revoke': record() })
    const getInput = toolkit.getInput
    toolkit.getInput = (name) => {
      read.push(name)
      return getInput(name)
    }
    await runPost(toolkit, deps)
    expect([...new Set(read)]).toEqual(['api-token'])
  })

  it('stays quiet when nothing was asked for', async () => {
    const { seen, deps } = fastly({})
    const toolkit = createFakeToolkit({ 'api-token': SECRET })
    await runPost(toolkit, deps)
    expect(seen).toEqual([])
    expect(toolkit.calls.filter(([method]) => method !== 'setSecret' && method !== 'debug')).toEqual([])
  })

  it('warns when revoke: post was asked but the main step saved no record at all, and sends nothing', async () => {
    const { seen, deps } = fastly({})
    const toolkit = createFakeToolkit({ 'api-token': SECRET, revoke: 'post' })
    await runPost(toolkit, deps)
    expect(seen).toEqual([])
    expect(called(toolkit, 'warning')).toEqual([
      ['warning', expect.stringMatching(/^Not revoking: the main step saved no record/), 'post-no-record'],
    ])
    // An empty record is the main step's word that nothing is to be revoked: no warning then.
    const cleared = createFakeToolkit({ 'api-token': SECRET, revoke: 'post' }, {}, { 'post-revoke': '' })
    await runPost(cleared, deps)
    expect(called(cleared, 'warning')).toEqual([])
  })

  it('reads revoke as the main step does when there is no record: empty is auto, post for a token made', async () => {
    for (const [revoke, warned] of [
      ['', true],
      [' AUTO ', true],
      ['never', false],
      ['bogus', false],
    ] as const) {
      const { seen, deps } = fastly({})
      const toolkit = createFakeToolkit({ username: 'deployer@example.test', revoke })
      await runPost(toolkit, deps)
      expect(seen).toEqual([])
      expect(called(toolkit, 'warning')).toHaveLength(warned ? 1 : 0)
    }
  })

  it('warns and sends nothing when the saved record cannot be read, whatever the inputs say', async () => {
    for (const saved of ['{"v":1,"garbage":', 'not json at all', '{"pendingMint":']) {
      const { seen, deps } = fastly({})
      const toolkit = createFakeToolkit({ 'api-token': SECRET }, {}, { 'post-revoke': saved })
      await runPost(toolkit, deps)
      expect(seen).toEqual([])
      expect(called(toolkit, 'warning')).toEqual([
        [
          'warning',
          expect.stringMatching(/^Not revoking: the record the main step saved for the post step cannot be read/),
          'post-record-unreadable',
        ],
      ])
    }
  })

  it('warns and sends nothing when the token is absent or another one', async () => {
    for (const inputs of [{}, { 'api-token': 'AnotherTokenAltogether000000000000' }] as Array<Record<string, string>>) {
      const { seen, deps } = fastly({})
      const toolkit = createFakeToolkit(inputs, {}, { 'post-revoke': record() })
      await runPost(toolkit, deps)
      expect(seen).toEqual([])
      expect(called(toolkit, 'warning')).toEqual([
        ['warning', expect.stringMatching(/^Not revoking: /), 'post-token-changed'],
      ])
      expect(called(toolkit, 'setFailed')).toEqual([])
    }
  })

  it('reports a dry run and sends nothing', async () => {
    const { seen, deps } = fastly({})
    const toolkit = createFakeToolkit({ 'api-token': SECRET }, {}, { 'post-revoke': record({ dryRun: true }) })
    await runPost(toolkit, deps)
    expect(seen).toEqual([])
    expect(toolkit.summary).toContain('Dry run')
  })

  it('verifies first when the main step had no verdict, and refuses a token that never expires', async () => {
    const { seen, deps } = fastly({
      'GET /tokens/self': { status: 200, body: { id: 'T1', scope: 'global' } },
      'DELETE /tokens/self': { status: 204 },
    })
    const toolkit = createFakeToolkit(
      { 'api-token': SECRET },
      {},
      { 'post-revoke': record({ verified: false, tokenId: null, expiresAt: null }) },
    )
    await runPost(toolkit, deps)
    expect(seen.map((request) => request.method)).toEqual(['GET'])
    expect(called(toolkit, 'setFailed')).toEqual([
      ['setFailed', expect.stringMatching(/never expires/), 'revoke-non-expiring-refused'],
    ])
  })

  it('warns, or fails as the record says, when it cannot verify the token either', async () => {
    for (const failOnError of [false, true]) {
      const { deps } = fastly({ 'GET /tokens/self': { status: 502, body: '<html><title>Bad gateway</title></html>' } })
      const toolkit = createFakeToolkit(
        { 'api-token': SECRET },
        {},
        { 'post-revoke': record({ verified: false, tokenId: null, expiresAt: null, failOnError }) },
      )
      await runPost(toolkit, deps)
      // Its own entry, not the main step's verify failure that its words quote.
      expect(called(toolkit, failOnError ? 'setFailed' : 'warning')).toEqual([
        [
          failOnError ? 'setFailed' : 'warning',
          expect.stringMatching(
            /^The token was not revoked: the post step could not verify it either\. Could not verify/,
          ),
          'post-verify-failed',
        ],
      ])
    }
  })

  it('warns that a token may have been made when the job ended during the create', async () => {
    const { seen, deps } = fastly({})
    const pending = encodePendingMint({ name: 'acme run 1', expiresAt: '2026-01-01T01:00:00Z' })
    const toolkit = createFakeToolkit({}, {}, { 'post-revoke': pending })
    await runPost(toolkit, deps)
    expect(seen).toEqual([])
    expect(called(toolkit, 'warning')).toEqual([
      [
        'warning',
        expect.stringMatching(/^The job ended while the main step was making a token for it/),
        'mint-interrupted',
      ],
    ])
  })

  it('fails with the catch-all entry when something unexpected breaks', async () => {
    const toolkit = createFakeToolkit({ 'api-token': SECRET }, {}, { 'post-revoke': record() })
    await runPost(toolkit, {
      now: () => now,
      createClient: () => {
        throw new Error('no client today')
      },
    })
    expect(called(toolkit, 'setFailed')).toEqual([
      ['setFailed', 'Fastly Token Guard (post step) failed unexpectedly: no client today', 'unexpected-failure'],
    ])
  })

  it('warns on a failed revocation, or fails the step when the record says fail-on-revoke-error', async () => {
    for (const failOnError of [false, true]) {
      const { deps } = fastly({ 'DELETE /tokens/self': { status: 500, body: { msg: 'boom' } } })
      const toolkit = createFakeToolkit({ 'api-token': SECRET }, {}, { 'post-revoke': record({ failOnError }) })
      await runPost(toolkit, deps)
      const [level] = failOnError ? called(toolkit, 'setFailed') : called(toolkit, 'warning')
      expect(level?.[1]).toMatch(/HTTP 500: boom/)
      expect(level?.[2]).toBe('revoke-failed')
    }
  })

  it('ignores a record that is not what the main step writes', async () => {
    const { seen, deps } = fastly({})
    const toolkit = createFakeToolkit(
      { 'api-token': SECRET },
      {},
      { 'post-revoke': '{"tokenId":"T1","verified":true}' },
    )
    await runPost(toolkit, deps)
    expect(seen).toEqual([])
  })
})

describe('runPost with a token the main step made', () => {
  const MADE = 'mAdEfOrThEjOb0123456789abcdefghi'
  const madeRecord = (overrides: Partial<PostRecord> = {}) =>
    record({ fingerprint: fingerprintToken(MADE), madeToken: MADE, ...overrides })

  it('masks the secret from its record first, reads no input, and revokes with that secret', async () => {
    const { seen, deps } = fastly({ 'DELETE /tokens/self': { status: 204 }, 'GET /tokens/self': { status: 401 } })
    const toolkit = createFakeToolkit({ 'api-token': SECRET }, {}, { 'post-revoke': madeRecord() })
    const read: string[] = []
    toolkit.getInput = (name) => {
      read.push(name)
      return ''
    }
    await runPost(toolkit, deps)
    expect(toolkit.calls[0]).toEqual(['setSecret', MADE])
    expect(read).toEqual([])
    expect(seen.map((request) => `${request.method} ${request.url.pathname} ${request.headers['Fastly-Key']}`)).toEqual(
      [`DELETE /tokens/self ${MADE}`, `GET /tokens/self ${MADE}`],
    )
    expect(toolkit.summary).toContain('The Fastly token made for this job was revoked at the end of the job.')
    expect(toolkit.summary).not.toContain(MADE)
  })

  it('revokes at once even when the main step could not verify it', async () => {
    const { seen, deps } = fastly({ 'DELETE /tokens/self': { status: 204 }, 'GET /tokens/self': { status: 401 } })
    const toolkit = createFakeToolkit({}, {}, { 'post-revoke': madeRecord({ verified: false }) })
    await runPost(toolkit, deps)
    expect(seen.map((request) => request.method)).toEqual(['DELETE', 'GET'])
    expect(called(toolkit, 'setFailed')).toEqual([])
  })
})
