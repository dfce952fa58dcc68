import { describe, expect, it } from 'vitest'
import { decideRetry, parseRetryAfter, type RetryPolicy, serverRequestedWait } from '../../src/fastly/retry-policy.js'

const policy: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxBackoffMs: 8000,
  maxServerWaitMs: 60_000,
  serverWaitJitterMs: 1000,
}
const now = new Date('2026-01-01T00:00:00Z')
const nowSeconds = now.getTime() / 1000

describe('decideRetry', () => {
  it('never retries what cannot succeed on another try', () => {
    expect(decideRetry({ status: 401, retryable: false }, 0, policy, now, () => 0.5)).toEqual({
      retry: false,
      why: 'not-retryable',
    })
  })

  it('backs off exponentially with full jitter, capped', () => {
    const max = () => 0.999999
    expect(decideRetry({ status: 503, retryable: true }, 0, policy, now, max)).toEqual({ retry: true, delayMs: 500 })
    expect(decideRetry({ status: 503, retryable: true }, 1, policy, now, max)).toEqual({ retry: true, delayMs: 1000 })
    expect(decideRetry({ status: 503, retryable: true }, 2, policy, now, max)).toEqual({ retry: true, delayMs: 2000 })
    expect(decideRetry({ retryable: true }, 2, { ...policy, maxRetries: 10 }, now, () => 0)).toEqual({
      retry: true,
      delayMs: 0,
    })
    expect(decideRetry({ retryable: true }, 9, { ...policy, maxRetries: 10 }, now, max)).toEqual({
      retry: true,
      delayMs: 8000,
    })
  })

  it('stops after max-retries', () => {
    expect(decideRetry({ status: 503, retryable: true }, 3, policy, now, () => 0.5)).toEqual({
      retry: false,
      why: 'exhausted',
    })
    expect(decideRetry({ status: 503, retryable: true }, 0, { ...policy, maxRetries: 0 }, now, () => 0.5)).toEqual({
      retry: false,
      why: 'exhausted',
    })
  })

  it("honours Fastly's reset time on a 429 over Retry-After, with jitter on top", () => {
    const headers = { 'fastly-ratelimit-reset': String(nowSeconds + 5), 'retry-after': '30' }
    expect(decideRetry({ status: 429, headers, retryable: true }, 0, policy, now, () => 0.5)).toEqual({
      retry: true,
      delayMs: 5500,
    })
    expect(
      decideRetry({ status: 429, headers: { 'retry-after': '2' }, retryable: true }, 0, policy, now, () => 0),
    ).toEqual({ retry: true, delayMs: 2000 })
  })

  it('fails at once, saying when, if the server asks for longer than the cap', () => {
    const headers = { 'fastly-ratelimit-reset': String(nowSeconds + 1800) }
    expect(decideRetry({ status: 429, headers, retryable: true }, 0, policy, now, () => 0.5)).toEqual({
      retry: false,
      why: 'wait-too-long',
      retryAt: new Date(now.getTime() + 1_800_000),
    })
  })

  it.each([
    [{ 'retry-after': '99999999999999999999' }],
    [{ 'fastly-ratelimit-reset': '99999999999999999999' }],
    [{ 'retry-after': '9'.repeat(400) }],
    [{ 'retry-after': 'Fri, 31 Dec 275759 00:00:00 GMT' }],
    [{ 'fastly-ratelimit-reset': String(nowSeconds + 2 * 86400) }],
  ])('reads an absurd wait (%j) as "more than a day", never as a date that does not exist', (headers) => {
    expect(decideRetry({ status: 429, headers, retryable: true }, 0, policy, now, () => 0.5)).toEqual({
      retry: false,
      why: 'wait-too-long',
      retryAt: undefined,
    })
  })

  it('ignores the rate-limit reset on other statuses, where it is only informational', () => {
    expect(
      serverRequestedWait(
        { status: 503, headers: { 'fastly-ratelimit-reset': String(nowSeconds + 1800) }, retryable: true },
        now,
      ),
    ).toBeUndefined()
    expect(serverRequestedWait({ status: 503, headers: { 'retry-after': '3' }, retryable: true }, now)).toBe(3000)
  })

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})
