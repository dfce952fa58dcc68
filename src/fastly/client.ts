import { formatUtc } from '../shared/time.js'
import { MalformedTokenError, normalizeToken, type TokenFacts } from './token.js'
import {
  describeErrorBody,
  FastlyApiError,
  type FastlyErrorKind,
  type FastlyErrorSymptom,
  RefusedTokenIdError,
} from './errors.js'
import { type AttemptFailure, decideRetry, isRetryableStatus, type RetryPolicy } from './retry-policy.js'
import { type BodySink, type HttpResponse, SinkError, type Transport, TransportError } from './exchange.js'
import { fastlyRequest, MAX_LIST_BYTES, USER_AGENT } from './requests.js'
import { createHttpTransport } from './transport.js'
import { SecretRedactor, secretForms } from '../shared/redact.js'
import { isCarriableSecret, MAX_SECRET_LENGTH, MIN_SECRET_LENGTH } from '../shared/secret-shape.js'
import { tokenIdProblem } from './token-id.js'

const BULK_MEDIA_TYPE = 'application/vnd.api+json; ext=bulk'
const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded'

/** What `POST /tokens` needs: the user's credentials and the token to make. */
export interface TokenCreation {
  username: string
  password: string
  /** The current one-time code, for a user with two-factor authentication. */
  otp: string | undefined
  name: string
  /** Space-separated. */
  scope: string
  /** Empty: all services. */
  services: readonly string[]
  /** RFC 3339. */
  expiresAt: string
}

/** A token `POST /tokens` made. */
interface CreatedToken {
  /** `access_token`: the secret, which Fastly shows only in this answer. */
  secret: string
  /** The rest of the answer; undefined when it is not a token object Fastly documents (the secret still works). */
  token: TokenFacts | undefined
}

/** Tokens per page of `GET /automation-tokens`: what Fastly's own clients ask for (go-fastly's recorded traffic). */
export const AUTOMATION_PER_PAGE = 100
/**
 * Pages of `GET /automation-tokens` one audit reads: 100,000 tokens, the size
 * the audit is built for. A longer list is refused with an error, never cut.
 */
export const MAX_AUTOMATION_PAGES = 1000

export interface TokenList {
  tokens: TokenFacts[]
  /** Entries that were not token objects Fastly documents. */
  unreadable: number
  /** The IDs of those entries, where they had one: a token is listed even when its other fields are odd. */
  unreadableIds: string[]
  bytes: number
  /** Answers read (pages, for a paged list). */
  responses: number
  /**
   * The action's own time on the list: from each answer's headers to the end
   * of reading and parsing it, summed. Waits for Fastly are left out.
   */
  busyMs: number
  /** performance.now() when the last answer was parsed. */
  finishedAt: number
}

/** What a revocation request achieved. */
/**
 * What Fastly last said of the hourly write budget, from the rate-limit
 * headers of a write's answer (GETs do not carry them).
 */
export interface WriteBudget {
  remaining: number
  /** When the window resets; undefined when Fastly did not say, or said something unreadable. */
  resetAt: Date | undefined
}

/** Fastly's reset is the top of the next hour; a value further out than a day is not one. */
const MAX_RESET_AHEAD_MS = 24 * 3600 * 1000

/** Where the client says what it does (retries, waits): the step's log, or one that holds lines until it exists. */
export interface ClientLog {
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
  /** False: send no Fastly-Key (the request authenticates with a password instead). */
  authenticate?: boolean
  headers?: Record<string, string>
  /**
   * The request must not take effect twice: it is sent again only when it
   * surely never reached the server (no connection was made), never after an
   * answer of any status, a timeout or a broken connection.
   */
  atMostOnce?: boolean
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
  /** The write budget as Fastly last reported it; undefined until a write has been answered. */
  writeBudget: WriteBudget | undefined
  /** Set once a 429 asked for a longer wait than this action waits: every later request fails with it, unsent. */
  private budgetSpent: FastlyApiError | undefined
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

  /**
   * `POST /tokens`: makes a token from a user's name and password, as a form.
   * Sent at most once: a retried password can lock the account, and a lost
   * answer retried could make a second token. `reveal` receives the new
   * secret the moment it is read, before anything else happens, so the caller
   * can mask it.
   */
  async createToken(creation: TokenCreation, reveal: (secret: string) => void): Promise<CreatedToken> {
    const path = '/tokens'
    const form = new URLSearchParams()
    form.set('username', creation.username)
    form.set('password', creation.password)
    form.set('name', creation.name)
    form.set('scope', creation.scope)
    for (const service of creation.services) form.append('services[]', service)
    form.set('expires_at', creation.expiresAt)
    // Fastly's words are cut to 300 characters: a password they echo must go before the cut could halve it.
    this.secrets.addWhole(...secretForms(creation.password))
    const response = await this.request('POST', path, {
      authenticate: false,
      headers: creation.otp !== undefined ? { 'Fastly-OTP': creation.otp } : {},
      body: form.toString(),
      contentType: FORM_MEDIA_TYPE,
      atMostOnce: true,
    })
    const json = this.parseJson('POST', path, response)
    const secret =
      json !== null && typeof json === 'object' ? (json as Record<string, unknown>).access_token : undefined
    if (typeof secret !== 'string' || secret.trim() === '')
      throw this.malformed('POST', path, response, "the answer has no access_token (the new token's secret)")
    reveal(secret)
    // A secret that cannot travel in a header, or that the post step could not take back from its record, is no
    // use to anyone; said without showing it.
    if (!isCarriableSecret(secret))
      throw this.malformed(
        'POST',
        path,
        response,
        `the new token's secret has whitespace or control characters, or is shorter than ${MIN_SECRET_LENGTH} or longer than ${MAX_SECRET_LENGTH} characters`,
      )
    let token: TokenFacts | undefined
    try {
      token = normalizeToken(json)
    } catch (error) {
      if (!(error instanceof MalformedTokenError)) throw error
    }
    return { secret, token }
  }

  /** `GET /tokens`: the tokens of the token's user. */
  async listUserTokens(): Promise<TokenList> {
    return this.list('/tokens')
  }

  /** `GET /customer/{id}/tokens`: every token of the customer; Fastly allows it only to superusers. */
  async listCustomerTokens(customerId: string): Promise<TokenList> {
    return this.list(`/customer/${encodeURIComponent(customerId)}/tokens`)
  }

  /**
   * `GET /automation-tokens`, page by page (100 a page) as `meta.total_pages`
   * says, within the list's byte cap over all pages. Refuses a list longer
   * than MAX_AUTOMATION_PAGES pages rather than audit part of it. A token that
   * moves between pages while they are read is kept once.
   */
  async listAutomationTokens(): Promise<TokenList> {
    // Loaded only for a list: a check or a post step never reads one (cold start).
    const { readAutomationPage } = await import('./automation-page.js')
    const seen = new Set<string>()
    const tokens: TokenFacts[] = []
    let unreadable = 0
    let bytes = 0
    let busyMs = 0
    let finishedAt = performance.now()
    let totalPages = 1
    let page = 1
    for (; page <= totalPages; page++) {
      const path = `/automation-tokens?page=${page}&per_page=${AUTOMATION_PER_PAGE}`
      // The pages share the cap of one unpaged list.
      const response = await this.request('GET', path, { maxBodyBytes: MAX_LIST_BYTES - bytes })
      bytes += response.size
      let read
      try {
        read = readAutomationPage(this.parseJson('GET', path, response), page, AUTOMATION_PER_PAGE)
      } catch (error) {
        if (error instanceof MalformedTokenError) throw this.malformed('GET', path, response, error.message)
        throw error
      }
      for (const token of read.tokens) {
        if (seen.has(token.id)) continue
        seen.add(token.id)
        tokens.push(token)
      }
      unreadable += read.unreadable
      totalPages = read.totalPages
      if (totalPages > MAX_AUTOMATION_PAGES) {
        throw new FastlyApiError({
          kind: 'too-large',
          method: 'GET',
          path: '/automation-tokens',
          detail: `Fastly's list of automation tokens has ${totalPages} pages of ${AUTOMATION_PER_PAGE}, more than the ${MAX_AUTOMATION_PAGES} pages this action reads`,
        })
      }
      finishedAt = performance.now()
      busyMs += finishedAt - response.headersAt
    }
    return { tokens, unreadable, unreadableIds: [], bytes, responses: page - 1, busyMs, finishedAt }
  }

  private async list(path: string): Promise<TokenList> {
    // Loaded only for a list: a check or a post step never reads one (cold start).
    const { JsonArraySplitter } = await import('./json-array-stream.js')
    let tokens: TokenFacts[] = []
    let unreadable = 0
    let unreadableIds: string[] = []
    // Parsed element by element while it arrives: a 100,000-token list never exists as one string or array.
    const sink = (): BodySink => {
      tokens = []
      unreadable = 0
      unreadableIds = []
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
          const id = (item as { id?: unknown } | null)?.id
          if (typeof id === 'string' && id !== '') unreadableIds.push(id)
        }
      })
      return { push: (chunk) => splitter.push(chunk), end: () => splitter.end() }
    }
    const response = await this.request('GET', path, { maxBodyBytes: MAX_LIST_BYTES, sink })
    const finishedAt = performance.now()
    return {
      tokens,
      unreadable,
      unreadableIds,
      bytes: response.size,
      responses: 1,
      busyMs: finishedAt - response.headersAt,
      finishedAt,
    }
  }

  /**
   * `DELETE /tokens/self`. Resolves when Fastly accepted it (2xx); any other
   * answer throws. Neither proves the token is gone: `isSelfRejected` does.
   */
  async revokeSelf(): Promise<void> {
    await this.request('DELETE', '/tokens/self')
  }

  /**
   * `GET /tokens/self`, asked only to learn whether Fastly still accepts the
   * token: true for 401 or 403 (Fastly rejects it), false for 200.
   */
  async isSelfRejected(): Promise<boolean> {
    try {
      await this.request('GET', '/tokens/self')
      return false
    } catch (error) {
      if (error instanceof FastlyApiError && error.kind === 'http' && (error.status === 401 || error.status === 403))
        return true
      throw error
    }
  }

  /**
   * `DELETE /tokens/{id}`. 'accepted' for a 2xx; 'not-found' for a 404, unless
   * an earlier attempt may have reached Fastly and revoked it (its answer lost),
   * in which case the 404 is that revocation's doing: 'accepted'. Only a token
   * ID is sent: `self` (which is `revokeSelf`) or anything else is refused first.
   */
  async revokeToken(id: string): Promise<'accepted' | 'not-found'> {
    refuseNonIds([id])
    try {
      await this.request('DELETE', `/tokens/${encodeURIComponent(id)}`)
      return 'accepted'
    } catch (error) {
      if (error instanceof FastlyApiError && error.kind === 'http' && error.status === 404) {
        return error.afterPossibleDelivery ? 'accepted' : 'not-found'
      }
      throw error
    }
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
      throw this.malformed(
        method,
        path,
        response,
        `the answer is not JSON (${type}, ${response.body.length} bytes)`,
        'not-json',
      )
    }
  }

  private malformed(
    method: string,
    path: string,
    response: HttpResponse,
    detail: string,
    symptom?: FastlyErrorSymptom,
  ): FastlyApiError {
    return new FastlyApiError({ kind: 'malformed', method, path, status: response.status, detail, symptom })
  }

  private async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    // Fastly's hourly budget is for writes: reads (a confirmation among them) still go out.
    if (this.budgetSpent !== undefined && method !== 'GET') throw this.budgetSpent
    const { atMostOnce = false, ...spec } = options
    const request = fastlyRequest(this.options.apiUrl, this.options.token, { method, path, ...spec })
    // A write whose attempt failed after it may have been sent (a lost answer, a gateway error) may
    // have taken effect: the caller reads a later 401 or 404 in that light.
    let possiblyDelivered = false

    for (let retriesDone = 0; ; retriesDone++) {
      const started = Date.now()
      let failure: AttemptFailure
      let error: FastlyApiError
      try {
        const response = await this.transport(request)
        this.options.log.debug(
          `${method} ${path} answered ${response.status} in ${Date.now() - started} ms (${response.size} bytes)`,
        )
        if (method !== 'GET') this.noteWriteBudget(response.headers)
        if (response.status >= 200 && response.status < 300) return response
        error = this.errorFromResponse(method, path, response, possiblyDelivered)
        if (method !== 'GET' && response.status >= 500) possiblyDelivered = true
        failure = { status: response.status, headers: response.headers, retryable: error.retryable && !atMostOnce }
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
        const retryable = (kind === 'network' || kind === 'timeout') && (!atMostOnce || !thrown.requestSent)
        this.options.log.debug(`${method} ${path} failed after ${Date.now() - started} ms: ${thrown.message}`)
        error = new FastlyApiError({
          kind,
          method,
          path,
          detail: thrown.message,
          retryable,
          afterPossibleDelivery: possiblyDelivered,
          requestSent: thrown.requestSent,
          symptom: thrown.code === 'ECONNRESET' ? 'connection-reset' : undefined,
        })
        if (method !== 'GET' && retryable) possiblyDelivered = true
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
        const spent = new FastlyApiError({
          kind: error.kind,
          method,
          path,
          status: error.status,
          // What to do is wait: that outranks what the refusal looked like.
          symptom: 'wait-too-long',
          detail:
            decision.retryAt !== undefined
              ? `${error.detail}; Fastly asks to wait until ${formatUtc(decision.retryAt)}, longer than this action waits (${this.options.retry.maxServerWaitMs / 1000} s). Run again after that time`
              : `${error.detail}; Fastly asks to wait more than a day, far longer than this action waits (${this.options.retry.maxServerWaitMs / 1000} s). Run again later`,
        })
        if (error.status === 429 && method !== 'GET') {
          // The budget is spent for longer than this step may wait: nothing more is sent.
          this.budgetSpent = spent
          this.writeBudget = { remaining: 0, resetAt: decision.retryAt }
        }
        throw spent
      }
      if (decision.why === 'exhausted' && retriesDone > 0) {
        throw new FastlyApiError({
          kind: error.kind,
          method,
          path,
          status: error.status,
          detail: `${error.detail} (gave up after ${retriesDone + 1} attempts)`,
          afterPossibleDelivery: error.afterPossibleDelivery,
          requestSent: error.requestSent,
          symptom: error.symptom,
        })
      }
      throw error
    }
  }

  /** Reads Fastly-RateLimit-Remaining and -Reset (any spelling: Node lowercases header names). */
  private noteWriteBudget(headers: HttpResponse['headers']): void {
    const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim()
    const remaining = first(headers['fastly-ratelimit-remaining'])
    if (remaining === undefined || !/^\d{1,9}$/.test(remaining)) return
    const reset = first(headers['fastly-ratelimit-reset'])
    const resetMs = reset !== undefined && /^\d{1,12}$/.test(reset) ? Number(reset) * 1000 : undefined
    const now = this.now().getTime()
    const resetAt =
      resetMs !== undefined && resetMs > now - 60_000 && resetMs < now + MAX_RESET_AHEAD_MS
        ? new Date(resetMs)
        : undefined
    this.writeBudget = { remaining: Number(remaining), resetAt }
  }

  private errorFromResponse(
    method: string,
    path: string,
    response: HttpResponse,
    afterPossibleDelivery = false,
  ): FastlyApiError {
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
        detail: `a redirect (${host}), which this action never follows because it would send the token or the credentials there; check api-url`,
      })
    }
    const contentType = response.headers['content-type']
    const body = describeErrorBody(status, contentType, this.secrets.redact(response.body.toString('utf8')))
    return new FastlyApiError({
      kind: 'http',
      method,
      path,
      status,
      detail: body.detail,
      retryable: isRetryableStatus(status),
      afterPossibleDelivery,
      symptom: body.htmlPage ? 'html-page' : undefined,
    })
  }
}
