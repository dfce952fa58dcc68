/**
 * When to try a Fastly request again, and how long to wait first. Pure: the
 * clock and the random source are passed in, so every branch is unit-tested.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (the `max-retries` input). */
  maxRetries: number
  /** First backoff ceiling; doubles each retry ("full jitter": wait a random time below it). */
  baseDelayMs: number
  /** Largest backoff ceiling. */
  maxBackoffMs: number
  /**
   * Longest wait a server may ask for (Retry-After, Fastly-RateLimit-Reset).
   * Fastly's rate-limit window is an hour; sitting in a job for most of it
   * would waste runner time, so longer waits fail at once instead.
   */
  maxServerWaitMs: number
  /** Random time added on top of a server-requested wait, so parallel jobs do not retry in lockstep. */
  serverWaitJitterMs: number
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'maxRetries'> = {
  baseDelayMs: 500,
  maxBackoffMs: 8_000,
  maxServerWaitMs: 60_000,
  serverWaitJitterMs: 1_000,
}

export interface AttemptFailure {
  /** HTTP status, when the server answered. */
  status?: number | undefined
  headers?: Record<string, string | string[] | undefined>
  /** Whether this kind of failure may succeed on another try (429, 5xx, network, timeout). */
  retryable: boolean
}

/**
 * Waits a server asks for beyond this are not read as a time: a 20-digit
 * Retry-After or a reset in the year 3 million names no date that exists.
 * Fastly's rate-limit window is an hour.
 */
const SERVER_WAIT_CEILING_MS = 24 * 3600 * 1000

type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; why: 'not-retryable' | 'exhausted' }
  /** `retryAt` is undefined when the server asked for more than SERVER_WAIT_CEILING_MS. */
  | { retry: false; why: 'wait-too-long'; retryAt: Date | undefined }

/** Statuses worth another try: rate limiting and server-side trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

function header(headers: AttemptFailure['headers'], name: string): string | undefined {
  const value = headers?.[name]
  return Array.isArray(value) ? value[0] : value
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime())
}

/** The wait the server asked for, in milliseconds, preferring Fastly's own reset time on a 429. */
export function serverRequestedWait(failure: AttemptFailure, now: Date): number | undefined {
  if (failure.status === 429) {
    const reset = header(failure.headers, 'fastly-ratelimit-reset')
    if (reset !== undefined && /^\d+$/.test(reset.trim()))
      return Math.max(0, Number(reset.trim()) * 1000 - now.getTime())
  }
  if (failure.status === 429 || failure.status === 503)
    return parseRetryAfter(header(failure.headers, 'retry-after'), now)
  return undefined
}

/**
 * Decides whether attempt number `retriesDone + 1` fails for good or waits
 * and tries again.
 */
export function decideRetry(
  failure: AttemptFailure,
  retriesDone: number,
  policy: RetryPolicy,
  now: Date,
  random: () => number,
): RetryDecision {
  if (!failure.retryable) return { retry: false, why: 'not-retryable' }
  const serverWait = serverRequestedWait(failure, now)
  if (serverWait !== undefined && serverWait > policy.maxServerWaitMs) {
    const retryAt = serverWait <= SERVER_WAIT_CEILING_MS ? new Date(now.getTime() + serverWait) : undefined
    return { retry: false, why: 'wait-too-long', retryAt }
  }
  if (retriesDone >= policy.maxRetries) return { retry: false, why: 'exhausted' }
  if (serverWait !== undefined)
    return { retry: true, delayMs: Math.round(serverWait + random() * policy.serverWaitJitterMs) }
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseDelayMs * 2 ** retriesDone)
  return { retry: true, delayMs: Math.round(random() * ceiling) }
}
