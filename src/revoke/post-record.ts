/**
 * The contract between the main step and the post step: the one state key the
 * main step saves and everything the post step may rely on. The runner stores
 * it with `saveState` and hands it to the post step as STATE_post-revoke.
 *
 * The post step reads this record and the token, nothing else: no input that
 * went bad during the job (a deleted IDs file, a changed timeout) can stop a
 * revocation that was promised. The record is small and bounded (a token name
 * is cut), so it always fits in one environment variable.
 *
 * A token the workflow gave the step is never in it: a SHA-256 fingerprint
 * tells the post step whether the token it reads again is the same one. A
 * token this step made (`username`) is: nothing else holds its secret, and
 * revoking a token needs it (`DELETE /tokens/self`). It is the one secret the
 * record ever carries; actions/create-github-app-token keeps its token in
 * state for the same reason. See SECURITY.md.
 */
import { parseApiUrl } from '../inputs/api-url.js'
import { FASTLY_ID } from '../fastly/token-id.js'
import { isCarriableSecret } from '../shared/secret-shape.js'

export const POST_RECORD_STATE = 'post-revoke'

/** Characters of the token name kept for the post step's messages. */
export const RECORD_NAME_LIMIT = 120
/** Fastly IDs are 22 characters; anything far longer is not an ID. */
const ID_LIMIT = 64

export interface PostRecord {
  /** How to reach Fastly, as the main step read it from its inputs. */
  apiUrl: string
  timeoutMs: number
  maxRetries: number
  dryRun: boolean
  failOnError: boolean
  jobSummary: boolean
  allowNonExpiring: boolean
  /** SHA-256 of the token, hex. */
  fingerprint: string
  /**
   * The secret of the token this step made for the job, which the post step
   * revokes with it; null for a token the workflow gave. The only secret the
   * record may hold.
   */
  madeToken: string | null
  /** null when the main step could not verify the token. */
  tokenId: string | null
  /** Cut to RECORD_NAME_LIMIT characters. */
  tokenName: string | null
  /** ISO 8601; null when the token never expires or was not verified. */
  expiresAt: string | null
  verified: boolean
}

/** SHA-256 of the token, hex: tells two tokens apart without keeping either. */
export function fingerprintToken(token: string): string {
  // The one-shot hash: its first use costs half what createHash's does (OpenSSL's first digest lookup), and the
  // post step's cold start is budgeted.
  return process.getBuiltinModule('node:crypto').hash('sha256', token, 'hex')
}

function boundedId(id: string | null): string | null {
  return id !== null && id.length <= ID_LIMIT && FASTLY_ID.test(id) ? id : null
}

/** The record as saved: never larger than a few hundred bytes plus the API URL (itself bounded). */
export function encodePostRecord(record: PostRecord): string {
  return JSON.stringify({
    ...record,
    tokenId: boundedId(record.tokenId),
    tokenName: record.tokenName !== null ? [...record.tokenName].slice(0, RECORD_NAME_LIMIT).join('') : null,
  })
}

/** A made token's secret as the main step saves it: one bounded line that a request header can carry. */
function isSecret(value: unknown): value is string {
  return typeof value === 'string' && isCarriableSecret(value)
}

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean'
const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/**
 * The record, or undefined when none was saved or it is unreadable: a record
 * that is not exactly what the main step writes must never lead to a revocation.
 */
export function decodePostRecord(raw: string): PostRecord | undefined {
  if (raw === '') return undefined
  let parsed: Record<string, unknown>
  try {
    const value: unknown = JSON.parse(raw)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
    parsed = value as Record<string, unknown>
  } catch {
    return undefined
  }
  const { apiUrl, timeoutMs, maxRetries, fingerprint } = parsed
  const flags = [parsed.dryRun, parsed.failOnError, parsed.jobSummary, parsed.allowNonExpiring, parsed.verified]
  if (typeof apiUrl !== 'string' || !isWhole(timeoutMs) || !isWhole(maxRetries) || !flags.every(isBoolean))
    return undefined
  if (typeof fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(fingerprint)) return undefined
  // A made token's secret must be the one the fingerprint was taken of: anything else was not written by the main step.
  const { madeToken } = parsed
  if (madeToken !== null && (!isSecret(madeToken) || fingerprintToken(madeToken) !== fingerprint)) return undefined
  let checkedUrl: string
  try {
    // The same rule as the input: https, or plain http to this machine only.
    checkedUrl = parseApiUrl('api-url', apiUrl)
  } catch {
    return undefined
  }
  return {
    apiUrl: checkedUrl,
    timeoutMs,
    maxRetries,
    dryRun: parsed.dryRun as boolean,
    failOnError: parsed.failOnError as boolean,
    jobSummary: parsed.jobSummary as boolean,
    allowNonExpiring: parsed.allowNonExpiring as boolean,
    fingerprint,
    madeToken,
    tokenId: boundedId(textOrNull(parsed.tokenId)),
    tokenName: textOrNull(parsed.tokenName),
    expiresAt: textOrNull(parsed.expiresAt),
    verified: parsed.verified as boolean,
  }
}

/**
 * What the main step saves in the same key while `POST /tokens` is in flight
 * (revoke: post or auto): no secret, only what a person needs to find the
 * token if the job ends before Fastly's answer arrives and nobody ever holds
 * its secret. Replaced by the full record once the token is made, and
 * withdrawn when the create fails (the main step reports that itself).
 */
interface PendingMint {
  /** The name asked for, cut to RECORD_NAME_LIMIT characters. */
  name: string
  /** ISO 8601: the expiry asked for; the token lives no longer if Fastly honoured it. */
  expiresAt: string
}

export function encodePendingMint(pending: PendingMint): string {
  return JSON.stringify({
    pendingMint: { name: [...pending.name].slice(0, RECORD_NAME_LIMIT).join(''), expiresAt: pending.expiresAt },
  })
}

/** The pending create, or undefined when the saved value is anything else (a full record included). */
export function decodePendingMint(raw: string): PendingMint | undefined {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return undefined
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const pending = (value as Record<string, unknown>).pendingMint
  if (pending === null || typeof pending !== 'object' || Array.isArray(pending)) return undefined
  const { name, expiresAt } = pending as Record<string, unknown>
  // A time as the main step writes it (RFC 3339, four-digit year): anything else was not written by it.
  if (typeof name !== 'string' || typeof expiresAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(expiresAt))
    return undefined
  if (Number.isNaN(Date.parse(expiresAt))) return undefined
  return { name: [...name].slice(0, RECORD_NAME_LIMIT).join(''), expiresAt }
}
