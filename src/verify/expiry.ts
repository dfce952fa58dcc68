type ExpiryClass =
  /** No expiry date: the token lives until someone revokes it. */
  | 'never'
  /** The expiry has passed (Fastly may still answer for a moment, or clocks differ). */
  | 'expired'
  /** Expires within the fail window. */
  | 'fail-window'
  /** Expires within the warn window (and not the fail window). */
  | 'warn-window'
  | 'ok'

interface ExpiryWindows {
  /** Seconds; undefined: no fail window. */
  failWithin?: number | undefined
  /** Seconds; 0 or undefined: no warning. */
  warnWithin?: number | undefined
}

export interface ExpiryVerdict {
  class: ExpiryClass
  /** Whole seconds until expiry (negative when past); null when the token never expires. */
  secondsLeft: number | null
}

/**
 * Places a token's expiry (epoch milliseconds; null: never expires) relative
 * to the fail and warn windows at `now`. A window of N seconds includes an
 * expiry exactly N seconds away.
 */
export function classifyExpiry(expiresAt: number | null, now: Date, windows: ExpiryWindows): ExpiryVerdict {
  if (expiresAt === null) return { class: 'never', secondsLeft: null }
  const secondsLeft = Math.floor((expiresAt - now.getTime()) / 1000)
  if (secondsLeft <= 0) return { class: 'expired', secondsLeft }
  if (windows.failWithin !== undefined && secondsLeft <= windows.failWithin)
    return { class: 'fail-window', secondsLeft }
  if (windows.warnWithin !== undefined && windows.warnWithin > 0 && secondsLeft <= windows.warnWithin) {
    return { class: 'warn-window', secondsLeft }
  }
  return { class: 'ok', secondsLeft }
}
