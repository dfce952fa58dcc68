import { STATUS_CODES } from 'node:http'

export type FastlyErrorKind =
  /** Fastly (or something in between) answered with an error status. */
  | 'http'
  /** The connection failed or broke. */
  | 'network'
  /** No complete answer within the `timeout` deadline. */
  | 'timeout'
  /** A 3xx: never followed, it would carry Fastly-Key to another host. */
  | 'redirect'
  /** An answer larger than this request's cap. */
  | 'too-large'
  /** A 2xx whose body is not what Fastly documents. */
  | 'malformed'
  /** TLS certificate not trusted: never retried, never ignored. */
  | 'tls'
  /** The proxy variable names no URL: nothing was sent, and a retry would read the same. */
  | 'proxy'

/**
 * What a failure showed beyond its kind, where the advice for it differs. The verify failure's catalogue entry
 * is chosen by it, never by the message: that holds Fastly's words, or a page title from whatever answered.
 */
export type FastlyErrorSymptom =
  /** Fastly asked to wait (a 429's reset, a Retry-After) longer than this action waits: nothing more was sent. */
  | 'wait-too-long'
  /** An error status whose body is an HTML page: a proxy, a captive portal or a load balancer answered. */
  | 'html-page'
  /** A success status whose body is not JSON. */
  | 'not-json'
  /** The connection was reset (ECONNRESET), on the last attempt. */
  | 'connection-reset'

/**
 * Every failure of a Fastly request. The message always says the request
 * (method and path, never the token), the HTTP status when there is one, and
 * Fastly's own words or a description of what came back instead.
 */
export class FastlyApiError extends Error {
  readonly kind: FastlyErrorKind
  readonly method: string
  readonly path: string
  readonly status: number | undefined
  /** Fastly's `msg`/`detail`, or what we could tell about the answer. Never empty. */
  readonly detail: string
  readonly retryable: boolean
  /** A write that failed after an earlier attempt may have reached Fastly (its answer lost): it may have taken effect. */
  readonly afterPossibleDelivery: boolean
  /** False only when the request surely never reached the server (no connection was made). */
  readonly requestSent: boolean
  readonly symptom: FastlyErrorSymptom | undefined

  constructor(options: {
    kind: FastlyErrorKind
    method: string
    path: string
    status?: number | undefined
    detail: string
    retryable?: boolean
    afterPossibleDelivery?: boolean
    requestSent?: boolean
    symptom?: FastlyErrorSymptom | undefined
  }) {
    const detail = options.detail.trim() === '' ? 'no further detail' : options.detail.trim()
    const status = options.status !== undefined ? ` answered HTTP ${options.status}` : ' failed'
    super(`${options.method} ${options.path}${status}: ${detail}`)
    this.name = 'FastlyApiError'
    this.kind = options.kind
    this.method = options.method
    this.path = options.path
    this.status = options.status
    this.detail = detail
    this.retryable = options.retryable ?? false
    this.afterPossibleDelivery = options.afterPossibleDelivery ?? false
    this.requestSent = options.requestSent ?? true
    this.symptom = options.symptom
  }
}

/**
 * A request the client refuses to send: an "ID" that is not one (`self`, a
 * path). Inputs are checked long before; this is the last line of defence,
 * because revocation cannot be undone.
 */
export class RefusedTokenIdError extends Error {
  constructor(id: string, problem: string) {
    super(`Refused to revoke ${JSON.stringify(id.slice(0, 64))}: it ${problem}. Nothing was sent.`)
    this.name = 'RefusedTokenIdError'
  }
}

const MAX_DETAIL = 300

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 3)}...` : flat
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  return undefined
}

/**
 * Fastly's words from an error body. Token endpoints send `{"msg": ...}`;
 * other Fastly errors use `detail`, `title`, JSON:API `errors`, or
 * problem+json. Intermediaries send HTML. Whatever came, say something useful;
 * `htmlPage` says that an HTML page came, so no reader looks for it in the words.
 */
export function describeErrorBody(
  status: number,
  contentType: string | undefined,
  body: string,
): { detail: string; htmlPage: boolean } {
  const described = (detail: string, htmlPage = false) => ({ detail, htmlPage })
  const reason = STATUS_CODES[status] ?? 'Unknown status'
  const trimmed = body.trim()
  if (trimmed === '') return described(`${reason} (empty body)`)
  try {
    const parsed: unknown = JSON.parse(trimmed)
    if (parsed !== null && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>
      const errors = Array.isArray(record.errors) ? (record.errors as unknown[]) : []
      const firstError = (errors[0] ?? {}) as Record<string, unknown>
      const main = firstText(
        record.msg,
        record.detail,
        record.message,
        firstError.detail,
        record.title,
        firstError.title,
        record.error,
      )
      if (main !== undefined) {
        const extra = firstText(record.detail)
        return described(clip(extra !== undefined && extra !== main ? `${main} (${extra})` : main))
      }
    }
  } catch {
    // Not JSON: described below.
  }
  if (/<html|<!doctype/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim()
    return described(
      `${reason}; the answer is an HTML page${title ? ` titled "${clip(title)}"` : ''}, likely from a proxy or load balancer, not from Fastly's API`,
      true,
    )
  }
  return described(`${reason}; ${contentType ? `${contentType} ` : ''}body: ${clip(trimmed)}`)
}
