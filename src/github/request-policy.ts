/**
 * The `timeout` and retry policy of the Fastly client, for GitHub's API.
 * Octokit has no deadline of its own (a GitHub that accepts the connection
 * and never answers would hold the step until the job's timeout), and
 * @actions/github adds no retries. This wraps the fetch Octokit uses (the
 * proxy-aware one of @actions/github), so every call, REST page or GraphQL
 * query, gets both.
 */
import { decideRetry, isRetryableStatus, type AttemptFailure, type RetryPolicy } from '../fastly/retry-policy.js'
import { formatUtc } from '../shared/time.js'

interface GitHubRequestPolicy {
  /** A deadline for each attempt, from sending to the last byte of the answer (the `timeout` input). */
  timeoutMs: number
  retry: RetryPolicy
  log: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  now?: () => Date
  random?: () => number
}

/** GitHub gave no complete answer (a deadline, a broken connection). Octokit keeps it as the `cause` of its error. */
export class NoAnswerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NoAnswerError'
  }
}

/** Statuses whose answer has no body (a Response with one cannot be built). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

/**
 * Whether sending the request twice does no more than sending it once. A
 * create or a comment (POST) that got no answer may have reached GitHub, so it
 * is repeated only after a 429, which GitHub sends before doing anything.
 * POST /graphql carries only the viewer query here, a read.
 */
function isRepeatable(method: string, url: URL): boolean {
  return method !== 'POST' || url.pathname.endsWith('/graphql')
}

export function fetchWithPolicy(inner: typeof fetch, policy: GitHubRequestPolicy): typeof fetch {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const now = policy.now ?? (() => new Date())
  const random = policy.random ?? Math.random
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    const repeatable = isRepeatable(method, url)
    const what = `${method} ${url.pathname}`
    for (let retriesDone = 0; ; retriesDone++) {
      const deadline = new AbortController()
      const timer = setTimeout(() => deadline.abort(), policy.timeoutMs)
      const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal
      let failure: AttemptFailure
      let answer: Response | undefined
      let error: NoAnswerError | undefined
      try {
        const response = await inner(input, { ...init, signal })
        // The whole body within the same deadline: a GitHub that drips bytes is no answer either.
        const body = await response.arrayBuffer()
        answer = new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        })
        if (response.ok) return answer
        const status = response.status
        failure = {
          status,
          headers: Object.fromEntries(response.headers),
          retryable: isRetryableStatus(status) && (repeatable || status === 429),
        }
      } catch (thrown) {
        if (init?.signal?.aborted) throw thrown
        error = deadline.signal.aborted
          ? new NoAnswerError(
              `no complete answer from ${url.host} within ${policy.timeoutMs / 1000} s (the timeout input)`,
            )
          : new NoAnswerError(
              `no answer from ${url.host}: ${thrown instanceof Error ? ((thrown.cause as Error | undefined)?.message ?? thrown.message) : String(thrown)}`,
            )
        failure = { retryable: repeatable }
      } finally {
        clearTimeout(timer)
      }

      const decision = decideRetry(failure, retriesDone, policy.retry, now(), random)
      if (decision.retry) {
        const reason = failure.status !== undefined ? `HTTP ${failure.status}` : error!.message
        policy.log(
          `GitHub ${what}: ${reason}; retry ${retriesDone + 1} of ${policy.retry.maxRetries} in ${(decision.delayMs / 1000).toFixed(1)} s`,
        )
        await sleep(decision.delayMs)
        continue
      }
      if (decision.why === 'wait-too-long')
        policy.log(
          `GitHub ${what}: HTTP ${failure.status}; GitHub asks to wait ${decision.retryAt !== undefined ? `until ${formatUtc(decision.retryAt)}` : 'more than a day'}, longer than this action waits (${policy.retry.maxServerWaitMs / 1000} s)`,
        )
      // GitHub's own answer goes to Octokit, which turns it into an error with GitHub's message.
      if (answer !== undefined) return answer
      if (retriesDone > 0) error!.message = `${error!.message} (gave up after ${retriesDone + 1} attempts)`
      throw error!
    }
  }
}
