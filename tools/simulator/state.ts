/** What the simulated Fastly account holds: tokens, users, write budgets, and the settings for facts Fastly has not made known. */
import { WriteBudgets } from './rate-limit.js'
import { expiresAtMs } from './tokens.js'
import type { SimulatedToken, SimulatedUser, SimulatorOptions } from './types.js'

export type Authentication =
  | { kind: 'missing' }
  | { kind: 'unknown' }
  | { kind: 'revoked'; token: SimulatedToken }
  | { kind: 'expired'; token: SimulatedToken; expiresAt: number }
  | { kind: 'valid'; token: SimulatedToken }

/** The options that choose between answers where Fastly's behaviour is unknown, with their defaults applied. */
export interface Settings {
  invalidStatus: 401 | 403
  otpErrorStatus: 400 | 401 | 403
  otpReplay: 'reject' | 'accept'
  automationSelfShape: 'scopes' | 'scope'
  automationUserList: 'forbidden' | 'empty'
  customerListIncludesAutomation: boolean
  createIgnoresLimits: boolean
}

export class SimulatorState {
  readonly tokens: SimulatedToken[] = []
  readonly users: SimulatedUser[] = []
  /** Tokens made through `POST /tokens`, oldest first. */
  readonly created: SimulatedToken[] = []
  readonly budgets: WriteBudgets
  readonly settings: Settings
  /** The last TOTP step each user (by login) has used, to refuse a code twice. */
  readonly usedOtpSteps = new Map<string, number>()

  constructor(
    readonly now: () => Date,
    options: SimulatorOptions,
  ) {
    const writeLimit = options.writeLimit ?? 1000
    this.budgets = new WriteBudgets(writeLimit, options.rateLimitRemaining ?? writeLimit, now)
    this.settings = {
      invalidStatus: options.invalidStatus ?? defaultInvalidStatus(),
      otpErrorStatus: options.otpErrorStatus ?? 401,
      otpReplay: options.otpReplay ?? 'reject',
      automationSelfShape: options.automationSelfShape ?? 'scopes',
      automationUserList: options.automationUserList ?? 'forbidden',
      customerListIncludesAutomation: options.customerListIncludesAutomation ?? false,
      createIgnoresLimits: options.createIgnoresLimits ?? false,
    }
  }

  token(id: string): SimulatedToken | undefined {
    return this.tokens.find((token) => token.record.id === id)
  }

  user(login: string): SimulatedUser | undefined {
    return this.users.find((user) => user.login === login)
  }

  /** Who a `Fastly-Key` header belongs to, and whether the token still works at the simulator's `now`. */
  authenticate(key: string | string[] | undefined): Authentication {
    if (typeof key !== 'string' || key === '') return { kind: 'missing' }
    const token = this.tokens.find((candidate) => candidate.secret === key)
    if (token === undefined) return { kind: 'unknown' }
    if (token.revoked) return { kind: 'revoked', token }
    const expiresAt = expiresAtMs(token.record)
    if (expiresAt !== undefined && expiresAt <= this.now().getTime()) return { kind: 'expired', token, expiresAt }
    return { kind: 'valid', token }
  }
}

/**
 * Fastly has answered both 401 and 403 for a token it does not know: the test suite runs its end-to-end
 * tests once with each (vitest.config.ts sets FASTLY_SIMULATOR_INVALID_STATUS for the second run).
 */
function defaultInvalidStatus(): 401 | 403 {
  return process.env.FASTLY_SIMULATOR_INVALID_STATUS === '403' ? 403 : 401
}
