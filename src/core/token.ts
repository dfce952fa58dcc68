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
  scopes: string[]
  /** Service IDs the token is limited to; empty means all services. */
  services: string[]
  createdAt: Date | null
  lastUsedAt: Date | null
  /** null: the token never expires. */
  expiresAt: Date | null
  /** Set for browser-session tokens. */
  sudoExpiresAt: Date | null
}

/** An answer that is not the token object Fastly documents. */
export class MalformedTokenError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedTokenError'
  }
}

// RFC 3339: date, 'T' (or space, which RFC 3339 allows), time, optional fraction, and a zone.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/

/**
 * Timestamps Fastly already sent in the form we output (2021-04-14T10:20:53Z),
 * kept so formatting 100,000 of them in an audit costs a lookup, not
 * toISOString. Weak: it never keeps a date alive.
 */
const CANONICAL_TEXT = new WeakMap<Date, string>()
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/** Parses an RFC 3339 timestamp; undefined when it is not one. */
export function parseTimestamp(value: string): Date | undefined {
  // Hot path of large audits: one regex test and Date.parse, which refuses out-of-range fields itself.
  if (!RFC3339.test(value)) return undefined
  const time = Date.parse(value.includes(' ') ? value.replace(' ', 'T') : value)
  if (Number.isNaN(time)) return undefined
  const date = new Date(time)
  if (CANONICAL.test(value)) CANONICAL_TEXT.set(date, value)
  return date
}

/** ISO 8601 UTC without milliseconds when they are zero: 2025-04-10T08:00:00Z. */
export function formatTimestamp(date: Date | null): string {
  if (date === null) return ''
  return CANONICAL_TEXT.get(date) ?? date.toISOString().replace('.000Z', 'Z')
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim()
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

function splitScope(scope: string): string[] {
  if (!/\s/.test(scope)) return [scope]
  return [...new Set(scope.split(/\s+/))]
}

function textList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) return []
  return [...new Set(value.map(text).filter((item): item is string => item !== null))]
}

function timestamp(raw: Record<string, unknown>, field: string, required: boolean): Date | null {
  const value = text(raw[field])
  if (value === null) return null
  const date = parseTimestamp(value)
  if (date !== undefined) return date
  // A wrong expiry must not be read as "never expires"; other dates are only shown.
  if (required) throw new MalformedTokenError(`Fastly's answer has a ${field} this action cannot read: ${JSON.stringify(value.slice(0, 40))}`)
  return null
}

/** Turns one token object from the API into `TokenFacts`, tolerating every null Fastly sends. */
export function normalizeToken(raw: unknown): TokenFacts {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MalformedTokenError('Fastly\'s answer is not a token object')
  }
  const record = raw as Record<string, unknown>
  const id = text(record.id)
  if (id === null) throw new MalformedTokenError('Fastly\'s answer has no token id')

  const scopeText = text(record.scope)
  const scopes = scopeText !== null ? splitScope(scopeText) : textList(record.scopes)
  let services = textList(record.services)
  // Older tokens carry one service in service_id and no services list.
  const serviceId = text(record.service_id)
  if (services.length === 0 && serviceId !== null) services = [serviceId]

  return {
    id,
    name: text(record.name),
    userId: text(record.user_id),
    customerId: text(record.customer_id),
    scope: scopeText ?? scopes.join(' '),
    scopes,
    services,
    createdAt: timestamp(record, 'created_at', false),
    lastUsedAt: timestamp(record, 'last_used_at', false),
    expiresAt: timestamp(record, 'expires_at', true),
    sudoExpiresAt: timestamp(record, 'sudo_expires_at', false),
  }
}
