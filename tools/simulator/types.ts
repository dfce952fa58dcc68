/** The shapes the simulator's modules share and its callers see. */
import type { IncomingHttpHeaders } from 'node:http'

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

/** The roles Fastly gives automation tokens (go-fastly's recorded traffic). */
export type AutomationRole = 'engineer' | 'user' | 'billing' | 'superuser'

/** The fields an automation token has besides a user token's: who made it, its role, and whether it may manage TLS. */
export interface AutomationFields {
  creator_id?: string | null
  role?: AutomationRole
  tls_access?: boolean
}

export interface SimulatedToken {
  /** The secret a client sends as Fastly-Key. */
  secret: string
  /**
   * What the simulator stores about the token. Answers are rendered from it
   * (see views.ts), so a user token's `scopes` and `service_id` are filled in
   * even when the record leaves them out. An automation token keeps its scope
   * in `scope` here and its role, creator and TLS flag beside it.
   */
  record: TokenRecord & AutomationFields
  /**
   * The token may list the customer's tokens and revoke anyone's: a
   * superuser's user token, or an automation token whose role is superuser.
   */
  superuser: boolean
  revoked: boolean
  /** 'user' tokens belong to a person (user_id); 'automation' tokens to the account (creator_id, role). */
  kind: 'user' | 'automation'
}

/** A person who can mint tokens with `POST /tokens`. */
export interface SimulatedUser {
  login: string
  password: string
  userId: string
  customerId: string
  /** Base32 TOTP seed; with it, `POST /tokens` needs the current code in `Fastly-OTP`. */
  otpSecret?: string
  superuser: boolean
}

export interface RecordedRequest {
  method: string
  path: string
  /** The query string, with its `?` ('' when none): the paging of `GET /automation-tokens`. */
  search: string
  headers: IncomingHttpHeaders
  body: string
  /** The ID of the token the request authenticated as, if any. */
  tokenId: string | undefined
  status: number
  /** Date.now() when the request arrived. */
  at: number
}

export type FaultKind =
  | 'status'
  | 'drop'
  | 'hang'
  | 'truncate'
  | 'drip'
  | 'html'
  | 'malformed'
  | 'empty'
  | 'huge'
  | 'redirect'
  | 'wrong-type'
  /** Fastly does what was asked (revokes, creates), then the connection breaks before the answer. */
  | 'lost-answer'

export interface Fault {
  kind: FaultKind
  /** For 'status' (and 'html'): the status to answer. */
  status?: number
  /** For 'status': the body; default `{"msg": "<reason>"}`. */
  body?: string
  headers?: Record<string, string>
  /** How many matching requests it applies to (default 1). */
  times?: number
  /** How many matching requests it lets through first (default 0): the second list of a cleanup, say. */
  skip?: number
  method?: string
  path?: string | RegExp
  /** Also match the query string (with its `?`), e.g. /page=2&/ for one page of a paged list. */
  search?: RegExp
  /** For 'huge': bytes to send. */
  bytes?: number
  /** For 'redirect': the Location. */
  location?: string
}

export interface SimulatorOptions {
  host?: string
  port?: number
  now?: () => Date
  /**
   * Writes left in each budget's first hourly window (kept from the time the
   * simulator had one shared counter); later windows start at `writeLimit`.
   */
  rateLimitRemaining?: number
  /** Non-read requests a user may make an hour (Fastly documents 1,000; default 1000). */
  writeLimit?: number
  /**
   * The status for an unknown or revoked token (default 401). Fastly has been
   * seen answering 401; go-fastly's comments say 403 "for invalid access
   * token", so clients must survive both.
   */
  invalidStatus?: 401 | 403
  /** The status for a missing or wrong `Fastly-OTP` on `POST /tokens` (unrecorded; default 401). */
  otpErrorStatus?: 400 | 401 | 403
  /**
   * Make every `POST /tokens` token wider than asked (global, all services, no
   * expiry). Never seen from Fastly, which is documented to honour what is
   * asked: this is for testing the action's check that it does.
   */
  createIgnoresLimits?: boolean
  /** Whether a one-time code may be used twice (unknown for Fastly; default 'reject', as RFC 6238 section 5.2 advises). */
  otpReplay?: 'reject' | 'accept'
  /**
   * How `GET /tokens/self` (and `GET /tokens/{id}`) shows an automation token;
   * Fastly's real shape is not recorded. 'scopes' (default): like a list item
   * of `GET /automation-tokens`, `scopes` one space-separated string and no
   * `scope`; 'scope': like `GET /automation-tokens/{id}`, a `scope` string and
   * no `creator_id`.
   */
  automationSelfShape?: 'scopes' | 'scope'
  /**
   * What `GET /tokens` (the user's list) answers an automation token, which has
   * no user (unknown for Fastly): 'forbidden' (default) 403, or 'empty' [].
   */
  automationUserList?: 'forbidden' | 'empty'
  /** Whether `GET /customer/{id}/tokens` lists automation tokens too (unknown for Fastly; default false). */
  customerListIncludesAutomation?: boolean
  /** Serve https with this certificate and key (PEM) instead of plain http. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Answer 429 (with Retry-After: 1) to requests beyond this many per second, as a rate-limited Fastly would. */
  requestsPerSecond?: number
  /** Hold every regular answer this long, as the network and Fastly's own work would (faults answer at once). */
  answerDelayMs?: number
}

/** One request as the API routes see it. */
export interface ApiRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

/** What the API routes answer; the server writes it. */
export interface ApiAnswer {
  status: number
  /** A value to send as JSON, or nothing for an empty body. */
  body?: unknown
  headers?: Record<string, string>
}
