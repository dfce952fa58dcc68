import { describe, expect, it } from 'vitest'
import { FastlyClient } from '../../src/fastly/client.js'
import { FastlyApiError, type FastlyErrorSymptom } from '../../src/fastly/errors.js'
import { TransportError } from '../../src/fastly/exchange.js'
import { DEFAULT_RETRY_POLICY } from '../../src/fastly/retry-policy.js'
import type { VerifyReport } from '../../src/verify/verify-report.js'
import { verifyToken } from '../../src/verify/verify-token.js'
import { fakeFastly } from '../support/fake-fastly.js'

const now = new Date('2026-01-01T00:00:00Z')
const policy = {
  failWithin: undefined,
  warnWithin: undefined,
  requireExpiry: false,
  requiredScopes: [],
  requiredServices: [],
}

/** A client whose GET /tokens/self fails with this error. */
function failingWith(error: FastlyApiError): FastlyClient {
  return {
    getSelf: () => Promise.reject(error),
  } as unknown as FastlyClient
}

const failure = (report: VerifyReport) =>
  report.status === 'invalid' || report.status === 'error' ? report.failure : undefined

/** Words that each named another entry, when the entry was found by the message. */
const MISLEADING =
  'Could not verify the token: the answer is an HTML page; the answer is not JSON; Fastly asks to wait until 13:00 UTC; the connection to x was reset'

describe('verifyToken without a verdict', () => {
  it.each([
    ['wait-too-long', 'verify-wait-too-long'],
    ['html-page', 'verify-html-page'],
    ['not-json', 'verify-not-json'],
    ['connection-reset', 'verify-connection-reset'],
  ] satisfies Array<[FastlyErrorSymptom, string]>)(
    'keys a %s failure by what the error showed',
    async (symptom, key) => {
      const error = new FastlyApiError({ kind: 'network', method: 'GET', path: '/tokens/self', detail: 'x', symptom })
      const report = await verifyToken(failingWith(error), policy, () => now)
      expect(report.status).toBe('error')
      expect(failure(report)).toEqual({ key, message: 'Could not verify the token: GET /tokens/self failed: x.' })
    },
  )

  it("takes no cause from Fastly's words: a message that names them all is the general entry", async () => {
    const error = new FastlyApiError({
      kind: 'http',
      method: 'GET',
      path: '/tokens/self',
      status: 500,
      detail: MISLEADING,
    })
    expect(failure(await verifyToken(failingWith(error), policy, () => now))?.key).toBe('verify-failed')
  })

  it('keys a rejection by its status, whatever Fastly said with it', async () => {
    for (const status of [401, 403] as const) {
      const error = new FastlyApiError({
        kind: 'http',
        method: 'GET',
        path: '/tokens/self',
        status,
        detail: MISLEADING,
      })
      const report = await verifyToken(failingWith(error), policy, () => now)
      expect(report.status).toBe('invalid')
      expect(failure(report)?.key).toBe(`token-rejected-${status}`)
    }
  })

  it('keys what the client saw on the wire: an HTML page, a body not JSON, a reset connection', async () => {
    const html = fakeFastly(() => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><title>Bad gateway</title></html>',
    }))
    expect(failure(await verifyToken(html.client, policy, () => now))?.key).toBe('verify-html-page')
    const text = fakeFastly(() => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' }))
    expect(failure(await verifyToken(text.client, policy, () => now))?.key).toBe('verify-not-json')
    const reset = new FastlyClient({
      apiUrl: 'https://api.fastly.test',
      token: 'unit-test-token-0000000000000000',
      timeoutMs: 5_000,
      retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
      log: { debug: () => undefined, info: () => undefined },
      transport: () =>
        Promise.reject(
          new TransportError('network', 'the connection to api.fastly.test was reset', true, 'ECONNRESET'),
        ),
    })
    expect(failure(await verifyToken(reset, policy, () => now))).toEqual({
      key: 'verify-connection-reset',
      message: 'Could not verify the token: GET /tokens/self failed: the connection to api.fastly.test was reset.',
    })
  })
})
