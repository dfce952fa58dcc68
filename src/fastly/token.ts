import { parseInstant } from '../shared/time.js'

/**
 * A Fastly token as this action understands it, normalised from whatever the
 * API returned. Fastly's answers carry null, missing and "" for the same
 * meaning, so every optional field here is `null` when Fastly gave nothing.
 */
export interface TokenFacts {
  id: string
  name: string | null
  userId: string | null
  customerId: string | null
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

/** Turns one token object from the API into `TokenFacts`, tolerating every null Fastly sends. */
export function normalizeToken(raw: unknown): TokenFacts {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MalformedTokenError("Fastly's answer is not a token object")
  }
  const record = raw as Record<string, unknown>
  const id = text(record.id)
  if (id === null) throw new MalformedTokenError("Fastly's answer has no token id")

  const scopeText = text(record.scope)
  const scopes = scopeText !== null ? splitScope(scopeText) : textList(record.scopes)
  let services: readonly string[] = textList(record.services)
  // Older tokens carry one service in service_id and no services list.
  const serviceId = text(record.service_id)
  if (services.length === 0 && serviceId !== null) services = [serviceId]
  if (services.length === 0) services = NO_SERVICES
  const { expiresAt, unreadableExpiry } = expiry(record.expires_at)

  return {
    id,
    name: text(record.name),
    userId: intern(text(record.user_id)),
    customerId: intern(text(record.customer_id)),
    scope: intern(scopeText) ?? scopes.join(' '),
    scopes,
    services,
    createdAt: timestamp(record, 'created_at'),
    lastUsedAt: timestamp(record, 'last_used_at'),
    expiresAt,
    unreadableExpiry,
    sudoExpiresAt: timestamp(record, 'sudo_expires_at'),
  }
}
