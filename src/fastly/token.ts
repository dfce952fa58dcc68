import { parseInstant } from '../shared/time.js'

/**
 * What a token is: a person's (`user`), the account's (`automation`: it has a
 * role and a creator instead of a user), or a login to manage.fastly.com
 * (`browser-session`, a user token that comes and goes with logins).
 */
export type TokenKind = 'user' | 'automation' | 'browser-session'
export const TOKEN_KINDS: readonly TokenKind[] = ['user', 'automation', 'browser-session']

/**
 * A Fastly token as this action understands it, normalised from whatever the
 * API returned. Fastly's answers carry null, missing and "" for the same
 * meaning, so every optional field here is `null` when Fastly gave nothing.
 * User and automation tokens share this one shape.
 */
export interface TokenFacts {
  id: string
  name: string | null
  kind: TokenKind
  /** The person the token belongs to; null for automation tokens, which belong to the account. */
  userId: string | null
  /** Who made an automation token (Fastly's `creator_id`): shown, never treated as its owner. */
  creatorId: string | null
  customerId: string | null
  /** An automation token's role (`engineer`, `user`, `billing`, `superuser`, ...) as Fastly names it. */
  role: string | null
  /** Whether an automation token may manage TLS; null when Fastly did not say. */
  tlsAccess: boolean | null
  /** The scope string as Fastly returned it (space-separated). */
  scope: string
  /** Shared between tokens with the same scope string: never modify. */
  scopes: readonly string[]
  /** Service IDs the token is limited to; empty means all services. Never modify. */
  services: readonly string[]
  /** Times are epoch milliseconds: a Date object costs about 100 bytes, and audits hold 100,000 tokens. */
  createdAt: number | null
  lastUsedAt: number | null
  /** null: the token never expires, or its expiry cannot be read (then `unreadableExpiry` says what came). */
  expiresAt: number | null
  /**
   * Fastly's `expires_at` when it is there but is no RFC 3339 time (`{}`,
   * `true`, a number, a list, an unreadable string), as JSON cut to 40
   * characters; null otherwise. Such a token is never read as one that
   * never expires: verification fails on it and the audit flags it.
   */
  unreadableExpiry: string | null
  /** Set for browser-session tokens. */
  sudoExpiresAt: number | null
}

/**
 * A role as Fastly's roles look (`engineer`, `superuser`). Roles are Fastly's
 * strings like any other: one that is not a plain word is quoted or escaped
 * wherever it is shown (a log line, an issue).
 */
export function isPlainRole(role: string): boolean {
  return /^[a-z][a-z_-]{0,30}$/.test(role)
}

/** Fastly names browser-session tokens this way. */
const SESSION_TOKEN_NAME = 'manage.fastly.com browser session'

/** An answer that is not the token object Fastly documents. */
export class MalformedTokenError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedTokenError'
  }
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim()
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

/**
 * A customer's tokens repeat the same few user IDs, customer ID and scope
 * strings; sharing one copy (and one scopes array per scope string) keeps an
 * audit of 100,000 tokens small. Bounded, so a hostile list cannot grow it
 * without limit.
 */
const INTERN_LIMIT = 10_000
const interned = new Map<string, string>()
const scopeArrays = new Map<string, readonly string[]>()
const NO_SERVICES: readonly string[] = Object.freeze([])
const NO_SCOPES: readonly string[] = Object.freeze([])

function intern(value: string | null): string | null {
  if (value === null) return null
  const known = interned.get(value)
  if (known !== undefined) return known
  if (interned.size < INTERN_LIMIT) interned.set(value, value)
  return value
}

function splitScope(scope: string): readonly string[] {
  const known = scopeArrays.get(scope)
  if (known !== undefined) return known
  const scopes = Object.freeze(/\s/.test(scope) ? [...new Set(scope.split(/\s+/))] : [scope])
  if (scopeArrays.size < INTERN_LIMIT) scopeArrays.set(scope, scopes)
  return scopes
}

function textList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) return []
  return [...new Set(value.map(text).filter((item): item is string => item !== null))]
}

/**
 * The token's scopes from whichever field carries them: user tokens have
 * `scope` (a space-separated string) and `scopes` (an array); automation list
 * items `scopes` as one string; `GET /automation-tokens/{id}` has answered
 * `scope`. Either field, either form; `scope` first, as Fastly documents it.
 */
function readScopes(record: Record<string, unknown>): { scope: string; scopes: readonly string[] } {
  for (const value of [record.scope, record.scopes]) {
    const single = text(value)
    if (single !== null) {
      const scope = intern(single)!
      return { scope, scopes: splitScope(scope) }
    }
    const list = textList(value)
    if (list.length > 0) return { scope: intern(list.join(' '))!, scopes: list }
  }
  return { scope: '', scopes: NO_SCOPES }
}

/**
 * Which kind of token this is. An answer from `GET /automation-tokens` is an
 * automation token whatever it holds. Elsewhere (`GET /tokens/self`, the
 * customer's list) Fastly does not say; an automation token's object has no
 * `user_id` but a `role` or a `creator_id`, which no user token has.
 */
function tokenKind(record: Record<string, unknown>, name: string | null, listedAs: TokenKind | undefined): TokenKind {
  if (listedAs !== undefined) return listedAs
  if (name !== null && name.toLowerCase() === SESSION_TOKEN_NAME) return 'browser-session'
  if (text(record.user_id) === null && (text(record.role) !== null || text(record.creator_id) !== null))
    return 'automation'
  return 'user'
}

/** A date that is only shown (created, last used): unreadable means unknown. */
function timestamp(raw: Record<string, unknown>, field: string): number | null {
  const value = text(raw[field])
  return value === null ? null : (parseInstant(value) ?? null)
}

/** Characters of an unreadable expiry kept to say what came. */
const UNREADABLE_SHOWN = 40

/**
 * The expiry. Only null, a missing field and "" (or blanks) mean "never
 * expires", as Fastly sends them; anything else that is not a time is
 * unreadable, never "never".
 */
function expiry(value: unknown): { expiresAt: number | null; unreadableExpiry: string | null } {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return { expiresAt: null, unreadableExpiry: null }
  const date = typeof value === 'string' ? parseInstant(value.trim()) : undefined
  if (date !== undefined) return { expiresAt: date, unreadableExpiry: null }
  const shown = JSON.stringify(value) ?? typeof value
  return {
    expiresAt: null,
    unreadableExpiry: shown.length > UNREADABLE_SHOWN ? `${shown.slice(0, UNREADABLE_SHOWN - 3)}...` : shown,
  }
}

/**
 * Turns one token object from the API into `TokenFacts`, tolerating every null
 * Fastly sends. `listedAs` is the kind the list it came from guarantees (the
 * automation-token list); without it the kind is read from the object.
 */
export function normalizeToken(raw: unknown, listedAs?: TokenKind): TokenFacts {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MalformedTokenError("Fastly's answer is not a token object")
  }
  const record = raw as Record<string, unknown>
  const id = text(record.id)
  if (id === null) throw new MalformedTokenError("Fastly's answer has no token id")

  const { scope, scopes } = readScopes(record)
  let services: readonly string[] = textList(record.services)
  // Older tokens carry one service in service_id and no services list.
  const serviceId = text(record.service_id)
  if (services.length === 0 && serviceId !== null) services = [serviceId]
  if (services.length === 0) services = NO_SERVICES
  const { expiresAt, unreadableExpiry } = expiry(record.expires_at)

  const name = text(record.name)
  return {
    id,
    name,
    kind: tokenKind(record, name, listedAs),
    userId: intern(text(record.user_id)),
    creatorId: intern(text(record.creator_id)),
    customerId: intern(text(record.customer_id)),
    role: intern(text(record.role)),
    tlsAccess: typeof record.tls_access === 'boolean' ? record.tls_access : null,
    scope,
    scopes,
    services,
    createdAt: timestamp(record, 'created_at'),
    lastUsedAt: timestamp(record, 'last_used_at'),
    expiresAt,
    unreadableExpiry,
    sudoExpiresAt: timestamp(record, 'sudo_expires_at'),
  }
}
