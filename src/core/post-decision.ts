import { formatUtc, parseTimestamp } from './token.js'

/**
 * What the main step hands the post step when it must revoke at the end of
 * the job (the `post-revoke` state). Never the token itself: its SHA-256
 * fingerprint, so the post step can tell whether it holds the same token.
 */
export interface PostRevocationRecord {
  /** null when the main step could not verify the token. */
  tokenId: string | null
  tokenName: string | null
  fingerprint: string
  /** ISO 8601; null when the token never expires or was not verified. */
  expiresAt: string | null
  verified: boolean
}

/** Clocks on runners and at Fastly differ by seconds, rarely minutes; within this, a token may still live. */
export const CLOCK_DRIFT_MARGIN_SECONDS = 5 * 60

export type PostDecision = { action: 'revoke' } | { action: 'verify-first' } | { action: 'skip'; level: 'info' | 'warning'; message: string }

/**
 * Decides what the post step does with the record. `fingerprint` is that of
 * the token the post step reads now (inputs are evaluated again for it, so a
 * later step may have changed FASTLY_API_TOKEN); undefined when it has none.
 */
export function decidePostRevocation(record: PostRevocationRecord | undefined, fingerprint: string | undefined, now: Date): PostDecision {
  if (record === undefined) {
    return {
      action: 'skip',
      level: 'info',
      message:
        'Nothing to revoke: the main step did not ask for a post-step revocation (the token was invalid, already revoked, refused, or the step stopped early).',
    }
  }
  if (fingerprint !== record.fingerprint) {
    return {
      action: 'skip',
      level: 'warning',
      message: `Not revoking: the token this post step was given is not the one the main step verified${record.tokenId !== null ? ` (${record.tokenId})` : ''}; FASTLY_API_TOKEN or api-token changed during the job. Nothing was revoked.`,
    }
  }
  if (!record.verified) return { action: 'verify-first' }
  if (record.expiresAt !== null) {
    const expires = parseTimestamp(record.expiresAt)
    if (expires !== undefined && expires.getTime() + CLOCK_DRIFT_MARGIN_SECONDS * 1000 < now.getTime()) {
      return { action: 'skip', level: 'info', message: `Nothing to revoke: the token expired at ${formatUtc(expires)}.` }
    }
  }
  return { action: 'revoke' }
}
