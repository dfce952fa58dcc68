import type { CatalogueKey } from '../report/catalogue.js'
import { formatUtc, parseInstant } from '../shared/time.js'
import type { PostRecord } from './post-record.js'

/** Clocks on runners and at Fastly differ by seconds, rarely minutes; within this, a token may still live. */
export const CLOCK_DRIFT_MARGIN_SECONDS = 5 * 60

type PostDecision =
  /** The main step asked for nothing: the post step has nothing to say. */
  | { action: 'none' }
  | { action: 'revoke' }
  | { action: 'verify-first' }
  | { action: 'skip'; level: 'info'; message: string }
  | { action: 'skip'; level: 'warning'; key: CatalogueKey; message: string }

/**
 * Decides what the post step does with the record. `fingerprint` is that of
 * the token the post step reads now (inputs are evaluated again for it, so a
 * later step may have changed FASTLY_API_TOKEN); undefined when it has none.
 * For a token the main step made, the post step's token is the record's own.
 */
export function decidePostRevocation(
  record: PostRecord | undefined,
  fingerprint: string | undefined,
  now: Date,
): PostDecision {
  if (record === undefined) return { action: 'none' }
  const which = record.tokenId !== null ? ` (${record.tokenId})` : ''
  if (fingerprint === undefined) {
    return {
      action: 'skip',
      level: 'warning',
      key: 'post-token-changed',
      message: `Not revoking: this post step was given no token (api-token and FASTLY_API_TOKEN are empty), so the token the main step verified${which} changed or is absent. Nothing was revoked.`,
    }
  }
  if (fingerprint !== record.fingerprint) {
    return {
      action: 'skip',
      level: 'warning',
      key: 'post-token-changed',
      message: `Not revoking: the token this post step was given is not the one the main step verified${which}; FASTLY_API_TOKEN or api-token changed during the job. Nothing was revoked.`,
    }
  }
  // A token this step made needs no identification: the record holds its secret, and it is the job's own.
  if (!record.verified && record.madeToken === null) return { action: 'verify-first' }
  // A token this step made is revoked whatever expiry Fastly's answers gave it: a wrong one must not keep it alive,
  // and revoking an expired one costs one refused request.
  if (record.expiresAt !== null && record.madeToken === null) {
    const expires = parseInstant(record.expiresAt)
    if (expires !== undefined && expires + CLOCK_DRIFT_MARGIN_SECONDS * 1000 < now.getTime()) {
      return {
        action: 'skip',
        level: 'info',
        message: `Nothing to revoke: the token expired at ${formatUtc(expires)}.`,
      }
    }
  }
  return { action: 'revoke' }
}
