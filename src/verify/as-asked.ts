/**
 * Whether the token this step made is no wider than what it asked Fastly
 * for. Fastly is documented to honour the scope, services and expiry of
 * `POST /tokens`; the action checks rather than trusts, because the whole
 * point of a made token is least privilege, and a wider one handed to a
 * deploy would go unnoticed. Pure.
 */
import { formatUtc } from '../shared/time.js'

/** What the step asked for when it made the token. */
export interface AskedLimits {
  scopes: readonly string[]
  /** Empty: all services were asked for. */
  services: readonly string[]
  /** Epoch milliseconds. */
  expiresAt: number
}

interface GrantedLimits {
  scopes: readonly string[]
  /** Empty: all services. */
  services: readonly string[]
  /** null: never expires (or its expiry could not be read). */
  expiresAt: number | null
}

/**
 * Fastly writes `expires_at` to the second and the step's clock and Fastly's
 * may disagree a little; a minute later than asked is not "wider".
 */
const EXPIRY_SLACK_MS = 60_000

/** How the granted token is wider than asked, one phrase each; empty when it is not. */
export function widerThanAsked(granted: GrantedLimits, asked: AskedLimits): string[] {
  const wider: string[] = []
  // `global` allows everything its user may do: nothing is wider. Otherwise each scope must have been asked for.
  if (!asked.scopes.includes('global')) {
    // Fastly always states a token's scope; a token that states none could hold any, global included.
    if (granted.scopes.length === 0) wider.push(`no scope stated (asked: ${asked.scopes.join(' ')})`)
    const extra = granted.scopes.filter((scope) => !asked.scopes.includes(scope))
    if (extra.length > 0) wider.push(`scope ${granted.scopes.join(' ')} (asked: ${asked.scopes.join(' ')})`)
  }
  if (asked.services.length > 0) {
    if (granted.services.length === 0) wider.push(`all services (asked: ${asked.services.join(', ')})`)
    else {
      const extra = granted.services.filter((service) => !asked.services.includes(service))
      if (extra.length > 0) wider.push(`services ${granted.services.join(', ')} (asked: ${asked.services.join(', ')})`)
    }
  }
  if (granted.expiresAt === null) wider.push(`no expiry (asked: ${formatUtc(asked.expiresAt)})`)
  else if (granted.expiresAt > asked.expiresAt + EXPIRY_SLACK_MS)
    wider.push(`expiry ${formatUtc(granted.expiresAt)} (asked: ${formatUtc(asked.expiresAt)})`)
  return wider
}
