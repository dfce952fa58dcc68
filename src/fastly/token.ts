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
  /** null: the token never expires. */
  expiresAt: number | null
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

function timestamp(raw: Record<string, unknown>, field: string, required: boolean): number | null {
  const value = text(raw[field])
  if (value === null) return null
  const date = parseInstant(value)
  if (date !== undefined) return date
  // A wrong expiry must not be read as "never expires"; other dates are only shown.
  if (required)
    throw new MalformedTokenError(
      `Fastly's answer has a ${field} this action cannot read: ${JSON.stringify(value.slice(0, 40))}`,
    )
  return null
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

  return {
    id,
    name: text(record.name),
    userId: intern(text(record.user_id)),
    customerId: intern(text(record.customer_id)),
    scope: intern(scopeText) ?? scopes.join(' '),
    scopes,
    services,
    createdAt: timestamp(record, 'created_at', false),
    lastUsedAt: timestamp(record, 'last_used_at', false),
    expiresAt: timestamp(record, 'expires_at', true),
    sudoExpiresAt: timestamp(record, 'sudo_expires_at', false),
  }
}
