import { describe, expect, it } from 'vitest'
import { FastlyApiError } from '../../src/fastly/errors.js'
import { describeMintFailure } from '../../src/mint/mint-failure.js'

const order = {
  name: 'acme/site run 42 attempt 1',
  scope: 'purge_all',
  services: [],
  expiresAt: Date.parse('2026-01-01T02:00:00Z'),
}
const http = (status: number, detail = 'Provided credentials are missing or invalid') =>
  new FastlyApiError({ kind: 'http', method: 'POST', path: '/tokens', status, detail })

describe('describeMintFailure', () => {
  it('says a refused password or code made no token, what to check, and why it was not retried', () => {
    const { key, message } = describeMintFailure(http(401), order, true)
    expect(key).toBe('mint-refused')
    expect(message).toMatch(
      /^Fastly refused to make a token for this job: POST \/tokens answered HTTP 401: Provided credentials/,
    )
    expect(message).toContain('No token was made.')
    expect(message).toContain("'otp-secret' is the seed of this user's authenticator")
    expect(message).toContain('Not retried: repeated wrong passwords can lock the account.')
    expect(describeMintFailure(http(403, 'Forbidden'), order, false)).toEqual({
      key: 'mint-refused',
      message: expect.stringContaining("set 'otp-secret'"),
    })
  })

  it('sends the user to the new-token inputs for any other refusal', () => {
    expect(describeMintFailure(http(400, 'unknown scope: purge'), order, false)).toEqual({
      key: 'mint-refused',
      message: expect.stringMatching(/HTTP 400: unknown scope: purge\. No token was made\. Check new-token-scope/),
    })
  })

  it('says when the rate limit refused it', () => {
    expect(describeMintFailure(http(429, 'You have exceeded your hourly rate limit'), order, false)).toEqual({
      key: 'mint-rate-limited',
      message: expect.stringMatching(/^Fastly's rate limit refused .* No token was made, and none was tried again\./),
    })
  })

  it('says no token was made when the request never left this machine', () => {
    const error = new FastlyApiError({
      kind: 'network',
      method: 'POST',
      path: '/tokens',
      detail: 'connection refused by 127.0.0.1:9',
      requestSent: false,
    })
    expect(describeMintFailure(error, order, false)).toEqual({
      key: 'mint-unreachable',
      message: expect.stringMatching(/never reached Fastly, so no token was made\.$/),
    })
  })

  it('says a lost answer may have left a token behind, named and expiring when asked, and how to remove it', () => {
    const lost = [
      http(503, 'Service Unavailable'),
      new FastlyApiError({
        kind: 'timeout',
        method: 'POST',
        path: '/tokens',
        detail: 'no complete answer within 30 s',
      }),
      new FastlyApiError({ kind: 'network', method: 'POST', path: '/tokens', detail: 'the connection was reset' }),
      new FastlyApiError({
        kind: 'malformed',
        method: 'POST',
        path: '/tokens',
        status: 200,
        detail: 'no access_token',
      }),
    ]
    for (const error of lost) {
      const { key, message } = describeMintFailure(error, order, false)
      expect(key).toBe('mint-outcome-unknown')
      expect(message).toMatch(/^Could not tell whether Fastly made a token for this job: /)
      expect(message).toContain('Not tried again: a second request could make a second token.')
      expect(message).toContain('it is named "acme/site run 42 attempt 1" and expires at 2026-01-01 02:00 UTC')
      expect(message).toContain('revoke-token-ids')
    }
  })
})
