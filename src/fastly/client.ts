import { formatUtc } from '../shared/time.js'
import { MalformedTokenError, normalizeToken, type TokenFacts } from './token.js'
import { describeErrorBody, FastlyApiError, type FastlyErrorKind, RefusedTokenIdError } from './errors.js'
import { type AttemptFailure, decideRetry, isRetryableStatus, type RetryPolicy } from './retry-policy.js'
import { JsonArraySplitter } from './json-array-stream.js'
import { type BodySink, type HttpResponse, SinkError, type Transport, TransportError } from './exchange.js'
import { fastlyRequest, MAX_LIST_BYTES, USER_AGENT } from './requests.js'
import { createHttpTransport } from './transport.js'
import { SecretRedactor } from '../shared/redact.js'
import { tokenIdProblem } from './token-id.js'

const BULK_MEDIA_TYPE = 'application/vnd.api+json; ext=bulk'

interface TokenList {
  tokens: TokenFacts[]
  /** Entries that were not token objects Fastly documents. */
  unreadable: number
  bytes: number
  /** performance.now() when the list's response headers arrived. */
  headersAt: number
}

/** What a revocation request achieved. */
type RevokeOutcome = 'revoked' | 'already-gone'

interface ClientLog {
  debug(message: string): void
  info(message: string): void
}

interface FastlyClientOptions {
  apiUrl: string
  token: string
  timeoutMs: number
  retry: RetryPolicy
  log: ClientLog
  /** Replaceable in tests; defaults to the real HTTP transport. */
  transport?: Transport
  sleep?: (ms: number) => Promise<void>
  now?: () => Date
  random?: () => number
}

interface RequestOptions {
  sink?: () => BodySink
  body?: string
  contentType?: string
  accept?: string
  maxBodyBytes?: number
}

/** Throws before any request when one of `ids` is not a token ID. */
function refuseNonIds(ids: readonly string[]): void {
  for (const id of ids) {
    const problem = tokenIdProblem(id)
    if (problem !== undefined) throw new RefusedTokenIdError(id, problem)
  }
}

/**
 * The one place that talks to Fastly: authentication, retries with backoff,
 * bounded reads, and errors that say what happened without the token.
 */
export class FastlyClient {
  private readonly options: FastlyClientOptions
  private readonly transport: Transport
  private readonly sleep: (ms: number) => Promise<void>
  private readonly now: () => Date
  private readonly random: () => number
  /** Error bodies are cut for messages: the token (and any piece of it) goes before the cut can split it. */
  private readonly secrets = new SecretRedactor()

  constructor(options: FastlyClientOptions) {
    this.options = options
    this.secrets.add(options.token)
    this.transport = options.transport ?? createHttpTransport(USER_AGENT, options.timeoutMs)
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.now = options.now ?? (() => new Date())
    this.random = options.random ?? Math.random
  }

  /** `GET /tokens/self`: the token this client authenticates with. */
  async getSelf(): Promise<TokenFacts> {
    const path = '/tokens/self'
    const response = await this.request('GET', path)
    return this.parseToken('GET', path, response)
  }

  /** `GET /tokens`: the tokens of the token's user. */
  async listUserTokens(): Promise<TokenList> {
    return this.list('/tokens')
  }

  /** `GET /customer/{id}/tokens`: every token of the customer; Fastly allows it only to superusers. */
  async listCustomerTokens(customerId: string): Promise<TokenList> {
    return this.list(`/customer/${encodeURIComponent(customerId)}/tokens`)
  }

  private async list(path: string): Promise<TokenList> {
    let tokens: TokenFacts[] = []
    let unreadable = 0
    // Parsed element by element while it arrives: a 100,000-token list never exists as one string or array.
    const sink = (): BodySink => {
      tokens = []
      unreadable = 0
      const splitter = new JsonArraySplitter((text) => {
        let item: unknown
        try {
          item = JSON.parse(text)
        } catch {
          throw new MalformedTokenError('the answer is not valid JSON')
        }
        try {
          tokens.push(normalizeToken(item))
        } catch (error) {
          // One odd entry must not hide the rest of the account: count it and go on.
          if (!(error instanceof MalformedTokenError)) throw error
          unreadable += 1
        }
      })
      return { push: (chunk) => splitter.push(chunk), end: () => splitter.end() }
    }
    const response = await this.request('GET', path, { maxBodyBytes: MAX_LIST_BYTES, sink })
    return { tokens, unreadable, bytes: response.size, headersAt: response.headersAt }
  }

  /**
   * `DELETE /tokens/self`. A 401 or 404 means the token is already gone (as
   * Fastly's CLI reads them), which is what the caller wanted.
   */
  async revokeSelf(): Promise<RevokeOutcome> {
    return this.revoke('/tokens/self', [401, 404])
  }

  /**
   * `DELETE /tokens/{id}`. A 404 means it is already gone; a 401 or 403 means the caller may not revoke it.
   * Only a token ID is sent: `self` (which is `revokeSelf`) or anything else is refused before any request.
   */
  async revokeToken(id: string): Promise<RevokeOutcome> {
    refuseNonIds([id])
    return this.revoke(`/tokens/${encodeURIComponent(id)}`, [404])
  }

  /** Bulk `DELETE /tokens`, with the JSON:API bulk extension Fastly's Go client sends; token IDs only, as above. */
  async revokeTokens(ids: readonly string[]): Promise<void> {
    refuseNonIds(ids)
    await this.request('DELETE', '/tokens', {
      body: JSON.stringify({ data: ids.map((id) => ({ type: 'token', id })) }),
      contentType: BULK_MEDIA_TYPE,
      accept: BULK_MEDIA_TYPE,
    })
  }

  private async revoke(path: string, alreadyGone: number[]): Promise<RevokeOutcome> {
    try {
      await this.request('DELETE', path)
      return 'revoked'
    } catch (error) {
      if (
        error instanceof FastlyApiError &&
        error.kind === 'http' &&
        error.status !== undefined &&
        alreadyGone.includes(error.status)
      ) {
        return 'already-gone'
      }
      throw error
    }
  }

  private parseToken(method: string, path: string, response: HttpResponse): TokenFacts {
    const json = this.parseJson(method, path, response)
    let token: TokenFacts
    try {
      token = normalizeToken(json)
    } catch (error) {
      if (error instanceof MalformedTokenError) throw this.malformed(method, path, response, error.message)
      throw error
    }
    // Fail closed: a token whose expiry cannot be read must not pass as one that never expires.
    if (token.unreadableExpiry !== null)
      throw this.malformed(
        method,
        path,
        response,
        `Fastly's answer has an expires_at this action cannot read (${token.unreadableExpiry}), so it cannot tell when the token expires`,
      )
    return token
  }

  private parseJson(method: string, path: string, response: HttpResponse): unknown {
    const text = response.body.toString('utf8')
    if (text.trim() === '')
      throw this.malformed(method, path, response, 'the answer has an empty body where a JSON object was expected')
    try {
      return JSON.parse(text)
    } catch {
      const type = response.headers['content-type'] ?? 'no content type'
      throw this.malformed(method, path, response, `the answer is not JSON (${type}, ${response.body.length} bytes)`)
    }
  }

  private malformed(method: string, path: string, response: HttpResponse, detail: string): FastlyApiError {
    return new FastlyApiError({ kind: 'malformed', method, path, status: response.status, detail })
  }

  private async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const request = fastlyRequest(this.options.apiUrl, this.options.token, { method, path, ...options })

    for (let retriesDone = 0; ; retriesDone++) {
      const started = Date.now()
      let failure: AttemptFailure
      let error: FastlyApiError
      try {
        const response = await this.transport(request)
        this.options.log.debug(
          `${method} ${path} answered ${response.status} in ${Date.now() - started} ms (${response.size} bytes)`,
        )
        if (response.status >= 200 && response.status < 300) return response
        error = this.errorFromResponse(method, path, response)
        failure = { status: response.status, headers: response.headers, retryable: error.retryable }
      } catch (thrown) {
        if (thrown instanceof SinkError) {
          throw new FastlyApiError({
            kind: 'malformed',
            method,
            path,
            status: 200,
            detail: `the token list is not a JSON array of tokens: ${thrown.message}`,
          })
        }
        if (!(thrown instanceof TransportError)) throw thrown
        const kind: FastlyErrorKind = thrown.kind
        const retryable = kind === 'network' || kind === 'timeout'
        this.options.log.debug(`${method} ${path} failed after ${Date.now() - started} ms: ${thrown.message}`)
        error = new FastlyApiError({ kind, method, path, detail: thrown.message, retryable })
        failure = { retryable }
      }

      const decision = decideRetry(failure, retriesDone, this.options.retry, this.now(), this.random)
      if (decision.retry) {
        const reason = error.status !== undefined ? `HTTP ${error.status}` : error.detail
        this.options.log.info(
          `${method} ${path}: ${reason}; retry ${retriesDone + 1} of ${this.options.retry.maxRetries} in ${(decision.delayMs / 1000).toFixed(1)} s`,
        )
        await this.sleep(decision.delayMs)
        continue
      }
      if (decision.why === 'wait-too-long') {
        throw new FastlyApiError({
          kind: error.kind,
          method,
          path,
          status: error.status,
          detail:
            decision.retryAt !== undefined
              ? `${error.detail}; Fastly asks to wait until ${formatUtc(decision.retryAt)}, longer than this action waits (${this.options.retry.maxServerWaitMs / 1000} s). Run again after that time`
              : `${error.detail}; Fastly asks to wait more than a day, far longer than this action waits (${this.options.retry.maxServerWaitMs / 1000} s). Run again later`,
        })
      }
      if (decision.why === 'exhausted' && retriesDone > 0) {
        throw new FastlyApiError({
          kind: error.kind,
          method,
          path,
          status: error.status,
          detail: `${error.detail} (gave up after ${retriesDone + 1} attempts)`,
        })
      }
      throw error
    }
  }

  private errorFromResponse(method: string, path: string, response: HttpResponse): FastlyApiError {
    const { status } = response
    if (status >= 300 && status < 400) {
      const location = response.headers.location
      let host = 'no Location header'
      if (location !== undefined) {
        try {
          host = `to ${new URL(location, this.options.apiUrl).host}`
        } catch {
          host = 'to an unreadable Location'
        }
      }
      return new FastlyApiError({
        kind: 'redirect',
        method,
        path,
        status,
        detail: `a redirect (${host}), which this action never follows because it would send the token there; check api-url`,
      })
    }
    const contentType = response.headers['content-type']
    return new FastlyApiError({
      kind: 'http',
      method,
      path,
      status,
      detail: describeErrorBody(status, contentType, this.secrets.redact(response.body.toString('utf8'))),
      retryable: isRetryableStatus(status),
    })
  }
}
