/**
 * A Fastly API simulator: a real HTTP server on loopback that answers the
 * token endpoints the way Fastly does (status codes, bodies, rate-limit
 * headers), with knobs for tests to inject faults. Used by the tests, the
 * demo and `npm run simulator`.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'

/** A token object as Fastly's API returns it (every field optional, as in real answers). */
export interface TokenRecord {
  id: string
  name?: string | null
  user_id?: string | null
  customer_id?: string | null
  scope?: string | null
  scopes?: string[] | null
  services?: string[] | null
  service_id?: string | null
  created_at?: string | null
  last_used_at?: string | null
  expires_at?: string | null
  ip?: string | null
  user_agent?: string | null
  sudo_expires_at?: string | null
  [field: string]: unknown
}

export interface SimulatedToken {
  /** The secret a client sends as Fastly-Key. */
  secret: string
  record: TokenRecord
  /** The token's user may list the customer's tokens and revoke anyone's. */
  superuser: boolean
  revoked: boolean
}

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
  /** The ID of the token the request authenticated as, if any. */
  tokenId: string | undefined
  status: number
  /** Date.now() when the request arrived. */
  at: number
}

export type FaultKind =
  'status' | 'drop' | 'hang' | 'truncate' | 'drip' | 'html' | 'malformed' | 'empty' | 'huge' | 'redirect' | 'wrong-type'

export interface Fault {
  kind: FaultKind
  /** For 'status' (and 'html'): the status to answer. */
  status?: number
  /** For 'status': the body; default `{"msg": "<reason>"}`. */
  body?: string
  headers?: Record<string, string>
  /** How many matching requests it applies to (default 1). */
  times?: number
  method?: string
  path?: string | RegExp
  /** For 'huge': bytes to send. */
  bytes?: number
  /** For 'redirect': the Location. */
  location?: string
}

export interface SimulatorOptions {
  host?: string
  port?: number
  now?: () => Date
  /** Requests left in the rate-limit window for non-read requests. */
  rateLimitRemaining?: number
  /** Serve https with this certificate and key (PEM) instead of plain http. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Answer 429 (with Retry-After: 1) to requests beyond this many per second, as a rate-limited Fastly would. */
  requestsPerSecond?: number
  /** Hold every regular answer this long, as the network and Fastly's own work would (faults answer at once). */
  answerDelayMs?: number
}

const UNAUTHORIZED = { msg: 'Provided credentials are missing or invalid' }
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Provided credentials are missing or invalid',
  403: 'Not authorized to perform this action',
  404: 'Record not found',
  429: 'Rate limit exceeded',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** Fastly's timestamps have whole seconds: 2021-04-14T10:20:53Z. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

/** A Fastly-looking ID: 22 letters and digits. */
export function fastlyId(): string {
  return randomBytes(32)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 22)
}

/** A Fastly-looking token secret: 32 URL-safe characters. */
export function tokenSecret(): string {
  return randomBytes(24).toString('base64url')
}

export class FastlySimulator {
  readonly requests: RecordedRequest[] = []
  private readonly tokens: SimulatedToken[] = []
  private readonly faults: Array<Fault & { remaining: number }> = []
  private readonly sockets = new Set<Socket>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly now: () => Date
  private rateLimitRemaining: number
  private readonly requestsPerSecond: number | undefined
  private readonly tls: SimulatorOptions['tls']
  private readonly answerDelayMs: number
  /** Start times of the requests of the last second, for `requestsPerSecond`. */
  private recentRequests: number[] = []
  private server: Server | undefined
  url = ''

  constructor(options: SimulatorOptions = {}) {
    this.now = options.now ?? (() => new Date())
    this.rateLimitRemaining = options.rateLimitRemaining ?? 1000
    this.requestsPerSecond = options.requestsPerSecond
    this.tls = options.tls
    this.answerDelayMs = options.answerDelayMs ?? 0
  }

  static async start(options: SimulatorOptions = {}): Promise<FastlySimulator> {
    const simulator = new FastlySimulator(options)
    await simulator.listen(options.host ?? '127.0.0.1', options.port ?? 0)
    return simulator
  }

  private listen(host: string, port: number): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res)
    const server: Server =
      this.tls !== undefined
        ? createTlsServer({ cert: this.tls.cert, key: this.tls.key }, handler)
        : createServer(handler)
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        const address = server.address() as AddressInfo
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
        this.url = `${this.tls !== undefined ? 'https' : 'http'}://${shownHost}:${address.port}`
        resolve()
      })
    })
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer)
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** Adds a token; fields not given are filled like a fresh, global, 90-day token. */
  addToken(record: Partial<TokenRecord> = {}, options: { secret?: string; superuser?: boolean } = {}): SimulatedToken {
    const created = new Date(this.now().getTime() - 24 * 3600 * 1000)
    const full: TokenRecord = {
      id: fastlyId(),
      name: 'token',
      user_id: 'SimUser0000000000000001',
      customer_id: 'SimCustomer00000000001',
      scope: 'global',
      services: [],
      created_at: isoSeconds(created),
      last_used_at: null,
      expires_at: isoSeconds(new Date(this.now().getTime() + 90 * 24 * 3600 * 1000)),
      ip: '198.51.100.7',
      user_agent: 'fastly-token-guard-simulator',
      sudo_expires_at: null,
      ...record,
    }
    const token: SimulatedToken = {
      secret: options.secret ?? tokenSecret(),
      record: full,
      superuser: options.superuser ?? false,
      revoked: false,
    }
    this.tokens.push(token)
    return token
  }

  token(id: string): SimulatedToken | undefined {
    return this.tokens.find((token) => token.record.id === id)
  }

  isRevoked(id: string): boolean {
    return this.token(id)?.revoked ?? false
  }

  /** Makes the next matching request(s) misbehave. */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  /** Requests other than the simulator's own metadata endpoint. */
  apiRequests(): RecordedRequest[] {
    return this.requests.filter((request) => !request.path.startsWith('/realms/'))
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        (fault.method === undefined || fault.method === method) &&
        (fault.path === undefined || (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path))),
    )
    if (index < 0) return undefined
    const fault = this.faults[index]!
    fault.remaining -= 1
    if (fault.remaining <= 0) this.faults.splice(index, 1)
    return fault
  }

  private authenticate(req: IncomingMessage): SimulatedToken | undefined {
    const key = req.headers['fastly-key']
    if (typeof key !== 'string') return undefined
    const token = this.tokens.find((candidate) => candidate.secret === key)
    if (token === undefined || token.revoked) return undefined
    const expires = token.record.expires_at
    if (typeof expires === 'string' && expires !== '' && Date.parse(expires) <= this.now().getTime()) return undefined
    return token
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const method = req.method ?? 'GET'
      const path = new URL(req.url ?? '/', 'http://simulator').pathname
      const caller = this.authenticate(req)
      const recorded: RecordedRequest = {
        method,
        path,
        headers: req.headers,
        body,
        tokenId: caller?.record.id,
        status: 0,
        at: Date.now(),
      }
      this.requests.push(recorded)
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        recorded.status = status
        const text = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload)
        const extra: Record<string, string> = { ...headers }
        if (text !== '' && extra['Content-Type'] === undefined) extra['Content-Type'] = 'application/json'
        const answer = () => {
          res.writeHead(status, { ...extra, 'Content-Length': String(Buffer.byteLength(text)) })
          res.end(text)
        }
        if (this.answerDelayMs === 0) {
          answer()
          return
        }
        const timer = setTimeout(() => {
          this.timers.delete(timer)
          answer()
        }, this.answerDelayMs)
        this.timers.add(timer)
      }

      if (path === '/realms/fastly/.well-known/openid-configuration') {
        send(200, {
          issuer: `${this.url}/realms/fastly`,
          authorization_endpoint: `${this.url}/realms/fastly/protocol/openid-connect/auth`,
          token_endpoint: `${this.url}/realms/fastly/protocol/openid-connect/token`,
          jwks_uri: `${this.url}/realms/fastly/protocol/openid-connect/certs`,
        })
        return
      }

      if (this.requestsPerSecond !== undefined && !this.admit()) {
        send(429, { msg: 'Rate limit exceeded' }, { 'Retry-After': '1' })
        return
      }
      const fault = this.takeFault(method, path)
      if (fault !== undefined) {
        this.applyFault(fault, req, res, recorded)
        return
      }
      this.route(method, path, body, req, caller, send)
    })
  }

  /** A sliding one-second window: at most `requestsPerSecond` admitted requests in it. */
  private admit(): boolean {
    const now = Date.now()
    this.recentRequests = this.recentRequests.filter((at) => now - at < 1000)
    if (this.recentRequests.length >= this.requestsPerSecond!) return false
    this.recentRequests.push(now)
    return true
  }

  private rateLimitHeaders(): Record<string, string> {
    this.rateLimitRemaining = Math.max(0, this.rateLimitRemaining - 1)
    const reset = Math.ceil(this.now().getTime() / 3_600_000) * 3600
    return { 'Fastly-RateLimit-Remaining': String(this.rateLimitRemaining), 'Fastly-RateLimit-Reset': String(reset) }
  }

  private route(
    method: string,
    path: string,
    body: string,
    req: IncomingMessage,
    caller: SimulatedToken | undefined,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const customerList = /^\/customer\/([^/]+)\/tokens$/.exec(path)
    const byId = /^\/tokens\/([^/]+)$/.exec(path)
    const known = path === '/tokens' || customerList !== null || byId !== null
    if (!known) {
      send(404, { msg: 'Record not found', detail: `Cannot ${method} ${path}` })
      return
    }
    if (caller === undefined) {
      send(401, UNAUTHORIZED)
      return
    }
    const visible = (token: SimulatedToken) => !token.revoked
    const limits = method === 'GET' ? {} : this.rateLimitHeaders()

    if (method === 'GET' && path === '/tokens/self') return send(200, caller.record)
    if (method === 'GET' && path === '/tokens') {
      return send(
        200,
        this.tokens
          .filter((token) => visible(token) && token.record.user_id === caller.record.user_id)
          .map((token) => token.record),
      )
    }
    if (method === 'GET' && customerList !== null) {
      const customerId = decodeURIComponent(customerList[1]!)
      if (!caller.superuser || caller.record.customer_id !== customerId) {
        return send(403, { msg: 'You are not authorized to perform this action' })
      }
      return send(
        200,
        this.tokens
          .filter((token) => visible(token) && token.record.customer_id === customerId)
          .map((token) => token.record),
      )
    }
    if (method === 'GET' && byId !== null) {
      const token = this.token(decodeURIComponent(byId[1]!))
      if (token === undefined || token.revoked) return send(404, { msg: 'Record not found' })
      if (!this.mayManage(caller, token)) return send(403, { msg: 'You are not authorized to perform this action' })
      return send(200, token.record)
    }
    if (method === 'DELETE' && path === '/tokens/self') {
      caller.revoked = true
      return send(204, undefined, limits)
    }
    if (method === 'DELETE' && byId !== null) {
      const token = this.token(decodeURIComponent(byId[1]!))
      if (token === undefined || token.revoked) return send(404, { msg: 'Record not found' }, limits)
      if (!this.mayManage(caller, token))
        return send(403, { msg: 'You are not authorized to perform this action' }, limits)
      token.revoked = true
      return send(204, undefined, limits)
    }
    if (method === 'DELETE' && path === '/tokens') {
      const type = req.headers['content-type'] ?? ''
      if (!type.includes('application/vnd.api+json') || !type.includes('ext=bulk')) {
        return send(
          415,
          { msg: 'Unsupported Media Type', detail: 'expected application/vnd.api+json; ext=bulk' },
          limits,
        )
      }
      let ids: string[]
      try {
        const parsed = JSON.parse(body) as { data?: Array<{ type?: string; id?: string }> }
        if (!Array.isArray(parsed.data)) throw new Error('no data')
        ids = parsed.data.map((item) => {
          if (item.type !== 'token' || typeof item.id !== 'string') throw new Error('bad item')
          return item.id
        })
      } catch {
        return send(400, { msg: 'Bad Request', detail: 'body must be {"data":[{"type":"token","id":"..."}]}' }, limits)
      }
      const targets = ids.map((id) => this.token(id))
      if (targets.some((token) => token === undefined || token.revoked))
        return send(404, { msg: 'Record not found' }, limits)
      if (targets.some((token) => !this.mayManage(caller, token!))) {
        return send(403, { msg: 'You are not authorized to perform this action' }, limits)
      }
      for (const token of targets) token!.revoked = true
      return send(204, undefined, limits)
    }
    send(405, { msg: 'Method Not Allowed' })
  }

  private mayManage(caller: SimulatedToken, token: SimulatedToken): boolean {
    if (caller.superuser) return caller.record.customer_id === token.record.customer_id
    return caller.record.user_id === token.record.user_id
  }

  /** The body a GET would get without the fault, so truncated and dripping answers are cut from the real thing. */
  private normalBody(path: string, caller: SimulatedToken | undefined): string {
    if (caller === undefined) return JSON.stringify(UNAUTHORIZED)
    const customerList = /^\/customer\/([^/]+)\/tokens$/.exec(path)
    if (path === '/tokens' || customerList !== null) {
      const match = (token: SimulatedToken) =>
        customerList !== null
          ? token.record.customer_id === decodeURIComponent(customerList[1]!)
          : token.record.user_id === caller.record.user_id
      return JSON.stringify(this.tokens.filter((token) => !token.revoked && match(token)).map((token) => token.record))
    }
    return JSON.stringify(caller.record)
  }

  private applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest): void {
    const caller = this.authenticate(req)
    const realBody = this.normalBody(recorded.path, caller)
    const status = fault.status ?? 200
    recorded.status = status
    const later = (ms: number, fn: () => void) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        fn()
      }, ms)
      this.timers.add(timer)
    }
    switch (fault.kind) {
      case 'status': {
        const body = fault.body ?? JSON.stringify({ msg: REASONS[status] ?? 'Error' })
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          ...fault.headers,
        })
        res.end(body)
        return
      }
      case 'drop':
        recorded.status = 0
        req.socket.destroy()
        return
      case 'hang':
        recorded.status = 0
        return
      case 'truncate': {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(realBody)),
        })
        res.write(realBody.slice(0, Math.floor(realBody.length / 2)))
        later(20, () => req.socket.destroy())
        return
      }
      case 'drip': {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(realBody)),
        })
        let sent = 0
        const drip = () => {
          if (res.destroyed || sent >= realBody.length) return
          res.write(realBody[sent]!)
          sent += 1
          later(1000, drip)
        }
        drip()
        return
      }
      case 'html': {
        const code = fault.status ?? 502
        recorded.status = code
        const page = `<!DOCTYPE html><html><head><title>${code} ${REASONS[code] ?? 'Error'}</title></head><body><h1>${REASONS[code] ?? 'Error'}</h1><p>upstream proxy</p></body></html>`
        res.writeHead(code, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(page)) })
        res.end(page)
        return
      }
      case 'malformed': {
        const body = realBody.slice(0, Math.floor(realBody.length / 2))
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) })
        res.end(body)
        return
      }
      case 'empty':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '0' })
        res.end()
        return
      case 'wrong-type': {
        const body = 'OK'
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '2' })
        res.end(body)
        return
      }
      case 'huge': {
        const total = fault.bytes ?? 2 * 1024 * 1024
        res.writeHead(200, { 'Content-Type': 'application/json' })
        const block = Buffer.alloc(64 * 1024, 0x20)
        let sent = 0
        const pump = () => {
          while (sent < total && !res.destroyed) {
            sent += block.length
            if (!res.write(block)) {
              res.once('drain', pump)
              return
            }
          }
          if (!res.destroyed) res.end()
        }
        pump()
        return
      }
      case 'redirect': {
        const code = fault.status ?? 302
        recorded.status = code
        res.writeHead(code, {
          Location: fault.location ?? 'https://elsewhere.example/tokens/self',
          'Content-Length': '0',
        })
        res.end()
        return
      }
    }
  }
}
