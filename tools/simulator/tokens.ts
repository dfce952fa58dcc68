/**
 * Tokens as Fastly shows them and judges them: IDs and secrets, the scope
 * classes that limit what a token may do, the shapes of answers, and who may
 * see or revoke whose token.
 */
import { randomBytes } from 'node:crypto'
import type { SimulatedToken, TokenRecord } from './types.js'

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

export const SCOPES = ['global', 'global:read', 'purge_select', 'purge_all'] as const
const PURGE_SCOPES = new Set(['purge_select', 'purge_all'])

/** The scopes in a `scope` string; an empty or missing one is Fastly's default, `global`. */
function scopeList(scope: string | null | undefined): string[] {
  const scopes = (scope ?? '').split(/\s+/).filter((part) => part !== '')
  return scopes.length > 0 ? scopes : ['global']
}

/** A `global:read` token without `global`: Fastly refuses it every write. */
export function isReadOnly(token: SimulatedToken): boolean {
  const scopes = scopeList(token.record.scope)
  return scopes.includes('global:read') && !scopes.includes('global')
}

/**
 * Only purge scopes. Fastly does not document what such a token may do on the
 * token endpoints; the project assumes it may read and revoke itself but not
 * list tokens or revoke others, and the simulator enforces that assumption.
 */
export function isPurgeOnly(token: SimulatedToken): boolean {
  return scopeList(token.record.scope).every((scope) => PURGE_SCOPES.has(scope))
}

function isBrowserSession(record: TokenRecord): boolean {
  return (record.name ?? '').toLowerCase() === 'manage.fastly.com browser session'
}

/** When the token stops working, in ms; undefined when it never does (null, missing and "" alike). */
export function expiresAtMs(record: TokenRecord): number | undefined {
  const expires = record.expires_at
  if (typeof expires !== 'string' || expires === '') return undefined
  const ms = Date.parse(expires)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * A user token as Fastly answers it: `scopes` (an array) and `service_id`
 * (the first service, or null) beside `scope`, as real answers carry them even
 * though older docs leave them out. Browser sessions show `expires_at: null`
 * and `sudo_expires_at` set, as in real lists; their stored `expires_at` still
 * ends them.
 */
export function userTokenView(token: SimulatedToken): TokenRecord {
  const record = token.record
  const view: TokenRecord = {
    ...record,
    scopes: Array.isArray(record.scopes) ? record.scopes : scopeList(record.scope),
    service_id: record.service_id !== undefined ? record.service_id : (record.services?.[0] ?? null),
  }
  if (isBrowserSession(record)) {
    view.expires_at = null
    view.sudo_expires_at = record.sudo_expires_at || record.expires_at || record.created_at || null
  }
  return view
}

/**
 * An item of `GET /automation-tokens`, field for field as go-fastly's recorded
 * traffic shows it: no `user_id` (`creator_id` instead), `scopes` one
 * space-separated string and no `scope`, `access_token` empty.
 */
export function automationListItem(token: SimulatedToken): Record<string, unknown> {
  const record = token.record
  return {
    id: record.id,
    creator_id: record.creator_id ?? null,
    customer_id: record.customer_id ?? null,
    name: record.name ?? null,
    access_token: '',
    role: record.role ?? 'engineer',
    ip: record.ip ?? null,
    user_agent: record.user_agent ?? null,
    scopes: scopeList(record.scope).join(' '),
    services: record.services ?? null,
    service_id: record.service_id !== undefined ? record.service_id : (record.services?.[0] ?? null),
    sudo_expires_at: record.sudo_expires_at ?? null,
    last_used_at: record.last_used_at ?? null,
    created_at: record.created_at ?? null,
    expires_at: record.expires_at ?? null,
    tls_access: record.tls_access ?? false,
  }
}

/**
 * An automation token answering for itself (`GET /tokens/self`). Fastly's real
 * shape is not recorded anywhere this project has seen, so both plausible ones
 * are offered: 'scopes' is the list item's shape (scopes as a string, no
 * `scope`); 'scope' is what `GET /automation-tokens/{id}` has answered (a
 * `scope` string, no `scopes`, no `creator_id`). Neither has a `user_id`.
 */
function automationSelfView(token: SimulatedToken, shape: 'scopes' | 'scope'): Record<string, unknown> {
  const { access_token: _secret, ...item } = automationListItem(token)
  if (shape === 'scopes') return item
  const { scopes, creator_id: _creator, ...rest } = item
  return { ...rest, scope: scopes }
}

/** The answer for a token of either kind. */
export function tokenView(token: SimulatedToken, automationShape: 'scopes' | 'scope'): Record<string, unknown> {
  return token.kind === 'automation' ? automationSelfView(token, automationShape) : userTokenView(token)
}

function sameCustomer(a: SimulatedToken, b: SimulatedToken): boolean {
  // Two tokens without a customer are not "the same customer": a missing ID grants nothing.
  return typeof a.record.customer_id === 'string' && a.record.customer_id === b.record.customer_id
}

/** May `caller` list the customer's tokens (user or automation)? Superusers of that customer only. */
export function mayListCustomer(caller: SimulatedToken, customerId: string | null | undefined): boolean {
  return caller.superuser && typeof customerId === 'string' && caller.record.customer_id === customerId
}

/**
 * May `caller` see or revoke `target`? Every token itself; a superuser (user
 * or superuser-role automation token) any token of its customer; a user the
 * tokens of the same user. Automation tokens belong to the account, not to
 * their creator: they have no `user_id`, so the last rule never matches them
 * and only superusers manage them.
 */
export function mayManage(caller: SimulatedToken, target: SimulatedToken): boolean {
  if (caller.record.id === target.record.id) return true
  if (caller.superuser) return sameCustomer(caller, target)
  return typeof caller.record.user_id === 'string' && caller.record.user_id === target.record.user_id
}

/**
 * Whose hourly write budget a token spends: its user's (Fastly limits per
 * user). An automation token has no user; the simulator gives each its own
 * budget, an assumption (Fastly does not say).
 */
export function budgetKey(token: SimulatedToken): string {
  if (token.kind === 'automation') return `automation:${token.record.id}`
  return typeof token.record.user_id === 'string' ? `user:${token.record.user_id}` : `token:${token.record.id}`
}
