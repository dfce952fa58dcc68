/**
 * One HTTP exchange, with only Node's own http and https: a deadline for the
 * whole request, bounded (or streamed) body reads, and no redirects. The
 * transport (transport.ts) hands it the agent that honours proxies.
 */
import * as http from 'node:http'
import * as https from 'node:https'

/** Consumes a successful answer's body as it arrives, instead of buffering it. */
export interface BodySink {
  push(chunk: Buffer): void
  end(): void
}

export interface HttpRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: string
  /** Bodies longer than this are refused mid-read rather than buffered. */
  maxBodyBytes: number
  /** For large 2xx answers: a fresh sink per attempt; the response's `body` is then empty. */
  sink?: () => BodySink
}

/** The sink refused the body (it is not what Fastly documents); carries the sink's own error. */
export class SinkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'SinkError'
  }
}

export interface HttpResponse {
  status: number
  headers: http.IncomingHttpHeaders
  /** Empty when a sink consumed it. */
  body: Buffer
  /** Bytes received, whether buffered or consumed by a sink. */
  size: number
  /** performance.now() when the response headers arrived: the start of the action's own work on an answer. */
  headersAt: number
}

/** Sends one request and reads its whole body; no retries, no redirects. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>

type TransportErrorKind = 'network' | 'timeout' | 'too-large' | 'tls' | 'proxy'

/** A request that got no usable answer. The message never holds the token. */
export class TransportError extends Error {
  readonly kind: TransportErrorKind
  /**
   * Whether the server may have received the whole request. False only when
   * it surely did not (no connection was made, or the request was not yet
   * handed to the operating system): only then is a request that must not
   * run twice, such as creating a token, safe to send again.
   */
  readonly requestSent: boolean
  /** Node's error code (ECONNRESET, ...) for a network error that has one: what the message says, as data. */
  readonly code: string | undefined
  constructor(kind: TransportErrorKind, message: string, requestSent = true, code?: string) {
    super(message)
    this.name = 'TransportError'
    this.kind = kind
    this.requestSent = requestSent
    this.code = code
  }
}

/** Failures that happen before a connection exists: whatever was written never left this machine. */
const NO_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

const TLS_ERROR_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
])

function describeNetworkError(error: NodeJS.ErrnoException, url: URL, sent: boolean): TransportError {
  const code = error.code ?? ''
  const requestSent = sent || !NO_CONNECTION_CODES.has(code)
  const where = url.host
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    // No CA helps here: the certificate is for another name (a proxy or a DNS entry pointing elsewhere).
    return new TransportError(
      'tls',
      `the TLS certificate of ${where} is for another host name (${code}); check that api-url names the API's own host`,
      requestSent,
    )
  }
  if (TLS_ERROR_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return new TransportError(
      'tls',
      `the TLS certificate of ${where} is not trusted (${code}); if your network inspects TLS, give its CA certificate to Node with NODE_EXTRA_CA_CERTS`,
      requestSent,
    )
  }
  const known: Record<string, string> = {
    ECONNREFUSED: `connection refused by ${where}`,
    ECONNRESET: `the connection to ${where} was reset`,
    ENOTFOUND: `the host ${url.hostname} was not found (DNS)`,
    EAI_AGAIN: `the host ${url.hostname} could not be looked up (DNS)`,
    ETIMEDOUT: `connecting to ${where} timed out`,
    EHOSTUNREACH: `the host ${url.hostname} is unreachable`,
    ENETUNREACH: `the network to ${url.hostname} is unreachable`,
    EPIPE: `the connection to ${where} closed while sending`,
  }
  const text = known[code] ?? `network error talking to ${where}: ${error.message || code || 'unknown'}`
  return new TransportError('network', text, requestSent, code === '' ? undefined : code)
}

function readBody(
  message: http.IncomingMessage,
  maxBytes: number,
  sink: BodySink | undefined,
): Promise<{ body: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const declared = Number(message.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBytes) {
      message.destroy()
      reject(
        new TransportError(
          'too-large',
          `the answer declares ${declared} bytes, more than the ${maxBytes} this request reads`,
        ),
      )
      return
    }
    // Collect chunks and join once (re-concatenating per chunk is quadratic on large lists), or hand them to the sink.
    const chunks: Buffer[] = []
    let size = 0
    let finished = false
    const fail = (error: unknown) => {
      if (finished) return
      finished = true
      message.destroy()
      reject(error)
    }
    message.on('data', (chunk: Buffer) => {
      if (finished) return
      size += chunk.length
      if (size > maxBytes) {
        fail(new TransportError('too-large', `the answer is larger than the ${maxBytes} bytes this request reads`))
        return
      }
      if (sink === undefined) {
        chunks.push(chunk)
        return
      }
      try {
        sink.push(chunk)
      } catch (error) {
        fail(new SinkError(error))
      }
    })
    message.on('end', () => {
      if (finished) return
      try {
        sink?.end()
      } catch (error) {
        fail(new SinkError(error))
        return
      }
      finished = true
      resolve({ body: sink === undefined ? Buffer.concat(chunks, size) : Buffer.alloc(0), size })
    })
    message.on('error', (error) => fail(error))
    message.on('close', () => {
      if (!finished) fail(new TransportError('network', 'the connection closed before the whole answer arrived'))
    })
  })
}

/**
 * Sends one request through `agent` and reads its whole answer. `timeoutMs` is
 * a deadline from connect to the last byte: an idle timer alone never trips
 * on a body that drips one byte a second. Redirects are answers like any
 * other; nothing here follows them.
 */
export async function exchange(
  request: HttpRequest,
  agent: http.Agent | undefined,
  timeoutMs: number,
  /** Called once the whole request has been handed to the operating system. */
  onSent?: () => void,
): Promise<HttpResponse> {
  const controller = new AbortController()
  let timedOut = false
  // The whole request handed to the operating system, or an answer begun: the server may have acted on it.
  let sent = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  const timeoutError = () =>
    new TransportError(
      'timeout',
      `no complete answer from ${request.url.host} within ${timeoutMs / 1000} s (the timeout input)`,
      sent,
    )
  try {
    const headers: Record<string, string> = { ...request.headers }
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body, 'utf8'))
    const options: http.RequestOptions = {
      protocol: request.url.protocol,
      hostname: request.url.hostname.replace(/^\[|\]$/g, ''),
      port: request.url.port === '' ? undefined : Number(request.url.port),
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers,
      agent,
      signal: controller.signal,
      // Whatever NODE_TLS_REJECT_UNAUTHORIZED says: Fastly-Key goes only to a host that proves who it is.
      ...(request.url.protocol === 'https:' ? { rejectUnauthorized: true } : {}),
    }
    const message = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = (request.url.protocol === 'https:' ? https : http).request(options, resolve)
      req.on('error', reject)
      // A request still waiting for its socket (a proxy that never answers CONNECT) emits no error when it is
      // aborted: the deadline settles it all the same.
      controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
      // A 101 (an upgrade to another protocol) is never Fastly's answer, and Node would leave the request hanging.
      req.on('upgrade', (_answer, socket) => {
        socket.destroy()
        reject(
          new TransportError(
            'network',
            `${request.url.host} answered 101 Switching Protocols, which is no answer of Fastly's API`,
          ),
        )
      })
      req.on('finish', () => {
        sent = true
        onSent?.()
      })
      if (request.body !== undefined) req.write(request.body, 'utf8')
      req.end()
    })
    sent = true
    const headersAt = performance.now()
    const status = message.statusCode ?? 0
    // Only a successful answer goes to the sink; an error's body is small and read for its message.
    const sink = status >= 200 && status < 300 ? request.sink?.() : undefined
    const { body, size } = await readBody(message, request.maxBodyBytes, sink)
    return { status, headers: message.headers, body, size, headersAt }
  } catch (error) {
    if (timedOut) throw timeoutError()
    if (error instanceof TransportError || error instanceof SinkError) throw error
    throw describeNetworkError(error as NodeJS.ErrnoException, request.url, sent)
  } finally {
    clearTimeout(timer)
  }
}
