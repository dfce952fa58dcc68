/** The simulator's HTTP server and the methods tests use to set it up and look inside. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { applyFault } from './faults.js'
import { answerApi } from './routes.js'
import { SimulatorState } from './state.js'
import { budgetKey, fastlyId, isoSeconds, tokenSecret } from './tokens.js'
import { base32Decode, totp } from './totp.js'
import type {
  AutomationFields,
  Fault,
  RecordedRequest,
  SimulatedToken,
  SimulatedUser,
  SimulatorOptions,
  TokenRecord,
} from './types.js'

const DAY_MS = 24 * 3600 * 1000
const DEFAULT_USER = 'SimUser0000000000000001'
const DEFAULT_CUSTOMER = 'SimCustomer00000000001'

export class FastlySimulator {
  readonly requests: RecordedRequest[] = []
  private readonly state: SimulatorState
  private readonly faults: Array<Fault & { remaining: number; skipping: number }> = []
  private readonly sockets = new Set<Socket>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly now: () => Date
  private readonly requestsPerSecond: number | undefined
  private readonly tls: SimulatorOptions['tls']
  private readonly answerDelayMs: number
  /** Start times of the requests of the last second, for `requestsPerSecond`. */
  private recentRequests: number[] = []
  private server: Server | undefined
  url = ''

  constructor(options: SimulatorOptions = {}) {
    this.now = options.now ?? (() => new Date())
    this.state = new SimulatorState(this.now, options)
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

  /** Adds a user token; fields not given are filled like a fresh, global, 90-day token. */
  addToken(record: Partial<TokenRecord> = {}, options: { secret?: string; superuser?: boolean } = {}): SimulatedToken {
    const now = this.now().getTime()
    const full: TokenRecord = {
      id: fastlyId(),
      name: 'token',
      user_id: DEFAULT_USER,
      customer_id: DEFAULT_CUSTOMER,
      scope: 'global',
      services: [],
      created_at: isoSeconds(new Date(now - DAY_MS)),
      last_used_at: null,
      expires_at: isoSeconds(new Date(now + 90 * DAY_MS)),
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
      kind: 'user',
    }
    this.state.tokens.push(token)
    return token
  }

  /**
   * Adds an automation token: not tied to a person (no `user_id`), with a role
   * and, by default, no expiry. A `superuser` role makes it a superuser for
   * its customer. Pass the scope as `scope` (the list shows it as `scopes`).
   */
  addAutomationToken(
    record: Partial<TokenRecord & AutomationFields> = {},
    options: { secret?: string } = {},
  ): SimulatedToken {
    const now = this.now().getTime()
    const { user_id: _noUser, ...fields } = record
    const full: TokenRecord & AutomationFields = {
      id: fastlyId(),
      name: 'automation-token',
      creator_id: DEFAULT_USER,
      customer_id: DEFAULT_CUSTOMER,
      role: 'engineer',
      scope: 'global',
      services: null,
      service_id: null,
      created_at: isoSeconds(new Date(now - DAY_MS)),
      last_used_at: null,
      expires_at: null,
      ip: null,
      user_agent: null,
      sudo_expires_at: null,
      tls_access: false,
      ...fields,
    }
    const token: SimulatedToken = {
      secret: options.secret ?? tokenSecret(),
      record: full,
      superuser: full.role === 'superuser',
      revoked: false,
      kind: 'automation',
    }
    this.state.tokens.push(token)
    return token
  }

  /** Adds a user who can mint tokens with `POST /tokens`; `otpSecret` (base32) turns on two-factor authentication. */
  addUser(user: {
    login: string
    password: string
    userId?: string
    customerId?: string
    otpSecret?: string
    superuser?: boolean
  }): SimulatedUser {
    if (this.state.user(user.login) !== undefined) throw new Error(`user ${user.login} already exists`)
    if (user.otpSecret !== undefined && base32Decode(user.otpSecret).length === 0)
      throw new Error('otpSecret must be a non-empty base32 seed')
    const added: SimulatedUser = {
      login: user.login,
      password: user.password,
      userId: user.userId ?? DEFAULT_USER,
      customerId: user.customerId ?? DEFAULT_CUSTOMER,
      superuser: user.superuser ?? false,
      ...(user.otpSecret !== undefined ? { otpSecret: user.otpSecret } : {}),
    }
    this.state.users.push(added)
    return added
  }

  user(login: string): SimulatedUser | undefined {
    return this.state.user(login)
  }

  /** The one-time code the user's authenticator would show at `at` (default: the simulator's now). */
  currentOtp(login: string, at: Date = this.now()): string {
    const user = this.state.user(login)
    if (user?.otpSecret === undefined) throw new Error(`user ${login} has no one-time password seed`)
    return totp(base32Decode(user.otpSecret), at.getTime())
  }

  token(id: string): SimulatedToken | undefined {
    return this.state.token(id)
  }

  isRevoked(id: string): boolean {
    return this.token(id)?.revoked ?? false
  }

  /** Every token, of both kinds, revoked ones included. */
  allTokens(): readonly SimulatedToken[] {
    return this.state.tokens
  }

  /** Tokens made through `POST /tokens`, oldest first. */
  createdTokens(): readonly SimulatedToken[] {
    return this.state.created
  }

  /** The latest token made through `POST /tokens` with this name. */
  createdToken(name: string): SimulatedToken | undefined {
    return this.state.created.findLast((token) => token.record.name === name)
  }

  /** How many tokens `POST /tokens` has made. */
  get creationCount(): number {
    return this.state.created.length
  }

  /**
   * Sets the writes left in the current hour: of the user (a user ID, or a
   * token whose budget it is: its user's, or an automation token's own), or,
   * with no subject, of everyone (also those not seen yet).
   */
  setWriteBudget(remaining: number, subject?: SimulatedToken | string): void {
    this.state.budgets.set(remaining, subject === undefined ? undefined : this.budgetOf(subject))
  }

  writeBudgetRemaining(subject: SimulatedToken | string): number {
    return this.state.budgets.remaining(this.budgetOf(subject))
  }

  /** Everyone back to a full hour of `writeLimit` writes. */
  resetWriteBudgets(): void {
    this.state.budgets.reset()
  }

  private budgetOf(subject: SimulatedToken | string): string {
    return typeof subject === 'string' ? `user:${subject}` : budgetKey(subject)
  }

  /** Makes the next matching request(s) misbehave. */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1, skipping: fault.skip ?? 0 })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  /** Requests other than the simulator's own metadata endpoint. */
  apiRequests(): RecordedRequest[] {
    return this.requests.filter((request) => !request.path.startsWith('/realms/'))
  }

  private takeFault(method: string, path: string, search: string): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        (fault.method === undefined || fault.method === method) &&
        (fault.path === undefined || (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path))) &&
        (fault.search === undefined || fault.search.test(search)),
    )
    if (index < 0) return undefined
    const fault = this.faults[index]!
    if (fault.skipping > 0) {
      fault.skipping -= 1
      return undefined
    }
    fault.remaining -= 1
    if (fault.remaining <= 0) this.faults.splice(index, 1)
    return fault
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      fn()
    }, ms)
    this.timers.add(timer)
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const method = req.method ?? 'GET'
      const url = new URL(req.url ?? '/', 'http://simulator')
      const path = url.pathname
      const auth = this.state.authenticate(req.headers['fastly-key'])
      const tokenId = auth.kind === 'valid' ? auth.token.record.id : undefined
      const recorded: RecordedRequest = {
        method,
        path,
        search: url.search,
        headers: req.headers,
        body,
        tokenId,
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
        if (this.answerDelayMs === 0) answer()
        else this.later(this.answerDelayMs, answer)
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
      const fault = this.takeFault(method, path, url.search)
      if (fault?.kind === 'lost-answer') {
        recorded.status = answerApi(this.state, {
          method,
          path,
          query: url.searchParams,
          headers: req.headers,
          body,
        }).status
        req.socket.destroy()
        return
      }
      if (fault !== undefined) {
        // The body a GET would get without the fault, so truncated and dripping answers are cut from the real thing.
        const realBody = JSON.stringify(
          answerApi(this.state, { method: 'GET', path, query: url.searchParams, headers: req.headers, body: '' })
            .body ?? '',
        )
        applyFault(fault, req, res, recorded, realBody, (ms, fn) => this.later(ms, fn))
        return
      }
      const answer = answerApi(this.state, { method, path, query: url.searchParams, headers: req.headers, body })
      send(answer.status, answer.body, answer.headers)
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
}
