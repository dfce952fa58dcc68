/**
 * The contract between the main step and the post step: every state key the
 * main step saves, in one place. The runner stores them with `saveState` and
 * hands them to the post step as STATE_<key> environment variables. Nothing
 * here ever holds the token.
 */
import type { PostRevocationRecord } from './core/post-decision.js'

export const STATE_KEYS = {
  /**
   * "true" once the main step has started. One bundle serves both steps; its
   * presence is how the entry knows it runs as the post step. Saved before
   * anything else, so a main step that fails early never runs twice.
   */
  isPost: 'isPost',
  /**
   * JSON `PostRevocationRecord`: the post step must revoke this token.
   * Absent or empty: it must not. With `revoke: post` the main step saves an
   * unverified record before it waits for its first answer (so a job
   * cancelled mid-request is still cleaned up: the post step verifies first),
   * then replaces it with the verified record, or with "" when the token must
   * not be revoked. The runner keeps the last value saved for a key.
   */
  postRevoke: 'post-revoke',
} as const

export type StateReader = (name: string) => string
export type StateWriter = (name: string, value: string) => void

export function isPostPhase(getState: StateReader): boolean {
  return getState(STATE_KEYS.isPost) === 'true'
}

export function markMainStarted(saveState: StateWriter): void {
  saveState(STATE_KEYS.isPost, 'true')
}

/**
 * SHA-256 of the token, hex: tells two tokens apart without keeping either.
 * node:crypto is loaded here, on first use, not at start-up: the common
 * verify path never needs it and a gate step's cold start is budgeted.
 */
export function fingerprintToken(token: string): string {
  const { createHash } = process.getBuiltinModule('node:crypto')
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function savePostRevocation(saveState: StateWriter, record: PostRevocationRecord): void {
  saveState(STATE_KEYS.postRevoke, JSON.stringify(record))
}

/** Withdraws a record saved earlier in this step: the post step will revoke nothing. */
export function clearPostRevocation(saveState: StateWriter): void {
  saveState(STATE_KEYS.postRevoke, '')
}

/** The record, or undefined when none was saved (or it is unreadable, which must never lead to a revocation). */
export function readPostRevocation(getState: StateReader): PostRevocationRecord | undefined {
  const raw = getState(STATE_KEYS.postRevoke)
  if (raw === '') return undefined
  try {
    const parsed = JSON.parse(raw) as Partial<PostRevocationRecord>
    if (typeof parsed.fingerprint !== 'string' || typeof parsed.verified !== 'boolean') return undefined
    return {
      tokenId: typeof parsed.tokenId === 'string' ? parsed.tokenId : null,
      tokenName: typeof parsed.tokenName === 'string' ? parsed.tokenName : null,
      fingerprint: parsed.fingerprint,
      expiresAt: typeof parsed.expiresAt === 'string' ? parsed.expiresAt : null,
      verified: parsed.verified,
    }
  } catch {
    return undefined
  }
}
