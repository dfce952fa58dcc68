/**
 * Fastly's hourly budget for writes. Fastly limits non-read requests per
 * user (documented as 1,000 an hour) and reports the budget on every write
 * answer in `Fastly-RateLimit-Remaining` and `Fastly-RateLimit-Reset` (Unix
 * seconds, the top of the next hour). A spent budget answers 429 with both
 * headers and no Retry-After, so a client must wait for the reset itself.
 */

const HOUR_MS = 3_600_000

/**
 * Header spelling as recorded in real traffic (go-fastly's fixtures); HTTP
 * header names are case-insensitive, and answering with the recorded case
 * keeps clients from relying on the documented `RateLimit` capitals.
 */
export const REMAINING_HEADER = 'Fastly-Ratelimit-Remaining'
export const RESET_HEADER = 'Fastly-Ratelimit-Reset'

export const RATE_LIMITED = { msg: 'You have exceeded your hourly rate limit' }

/** The budget key for requests whose user is unknown (no or unknown Fastly-Key). */
export const ANONYMOUS_BUDGET = 'anonymous'

interface Window {
  /** Hours since the epoch: the window this budget was last filled for. */
  hour: number
  remaining: number
}

export interface Spend {
  allowed: boolean
  headers: Record<string, string>
}

export class WriteBudgets {
  private readonly windows = new Map<string, Window>()

  /**
   * @param limit writes a key gets each hour
   * @param firstWindow writes a key has in the first window it is seen in
   *   (the old `rateLimitRemaining` option)
   */
  constructor(
    private readonly limit: number,
    private firstWindow: number,
    private readonly now: () => Date,
  ) {}

  private currentHour(): number {
    return Math.floor(this.now().getTime() / HOUR_MS)
  }

  private window(key: string): Window {
    const hour = this.currentHour()
    const window = this.windows.get(key)
    if (window === undefined) {
      const fresh = { hour, remaining: this.firstWindow }
      this.windows.set(key, fresh)
      return fresh
    }
    if (window.hour !== hour) {
      window.hour = hour
      window.remaining = this.limit
    }
    return window
  }

  /** Takes one write from `key`'s budget; a spent budget refuses it (and stays spent until the hour ends). */
  spend(key: string): Spend {
    const window = this.window(key)
    const allowed = window.remaining > 0
    if (allowed) window.remaining -= 1
    return {
      allowed,
      headers: { [REMAINING_HEADER]: String(window.remaining), [RESET_HEADER]: String((window.hour + 1) * 3600) },
    }
  }

  remaining(key: string): number {
    return this.window(key).remaining
  }

  /** Sets what is left of `key`'s current window, or, with no key, of every key's current window (past and future). */
  set(remaining: number, key?: string): void {
    if (key !== undefined) {
      this.window(key).remaining = remaining
      return
    }
    this.windows.clear()
    this.firstWindow = remaining
  }

  /** Every key back to a full hour of `limit` writes. */
  reset(): void {
    this.set(this.limit)
  }
}
