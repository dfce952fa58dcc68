/**
 * `POST /tokens`: a user mints a token with username and password (and the
 * current one-time code in `Fastly-OTP` when the user has two-factor
 * authentication), as a form. It is a write: it spends the user's hourly
 * budget and carries the rate-limit headers, refused or not.
 */
import { authFailure, READ_ONLY, UNAUTHORIZED } from './answers.js'
import { ANONYMOUS_BUDGET, RATE_LIMITED } from './rate-limit.js'
import type { SimulatorState } from './state.js'
import { budgetKey, fastlyId, isoSeconds, isReadOnly, SCOPES, tokenSecret, userTokenView } from './tokens.js'
import { base32Decode, matchTotp } from './totp.js'
import type { ApiAnswer, ApiRequest, SimulatedToken, SimulatedUser } from './types.js'

/** RFC 3339 date-time, as Fastly's create endpoint takes `expires_at`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

export function createToken(state: SimulatorState, request: ApiRequest): ApiAnswer {
  const isForm = (firstHeader(request.headers['content-type']) ?? '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded')
  const form = isForm ? new URLSearchParams(request.body) : new URLSearchParams()
  const user = state.user(form.get('username') ?? '')
  const auth =
    request.headers['fastly-key'] !== undefined ? state.authenticate(request.headers['fastly-key']) : undefined

  // The budget is the named user's when the login exists, else the key's user's: a wrong password still spends it.
  const key =
    user !== undefined
      ? `user:${user.userId}`
      : auth !== undefined && 'token' in auth
        ? budgetKey(auth.token)
        : ANONYMOUS_BUDGET
  const spent = state.budgets.spend(key)
  const reply = (status: number, body?: unknown): ApiAnswer => ({ status, body, headers: spent.headers })
  if (!spent.allowed) return reply(429, RATE_LIMITED)

  // A Fastly-Key sent along is judged like on any write: one that does not work, or a read-only one, is refused.
  // A working one does not stand in for the password (the documented form needs username and password).
  if (auth !== undefined && auth.kind !== 'valid') return { ...authFailure(state, auth), headers: spent.headers }
  if (auth?.kind === 'valid' && isReadOnly(auth.token)) return reply(403, READ_ONLY)

  if (!isForm)
    return reply(415, { msg: 'Unsupported Media Type', detail: 'expected application/x-www-form-urlencoded' })
  // Fastly's body for a wrong password is not recorded; its generic 401 message stands in.
  if (user === undefined || form.get('password') !== user.password) return reply(401, UNAUTHORIZED)
  const otpRefusal = checkOtp(state, user, firstHeader(request.headers['fastly-otp']))
  if (otpRefusal !== undefined) return reply(state.settings.otpErrorStatus, { msg: otpRefusal })

  const scopes = (form.get('scope') ?? '').split(/\s+/).filter((part) => part !== '')
  const unknown = scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope))
  if (unknown.length > 0) return reply(400, { msg: 'Bad Request', detail: `unknown scope: ${unknown.join(' ')}` })
  const services = form.getAll('services[]').filter((service) => service !== '')

  const now = state.now()
  const expiresRaw = form.get('expires_at')
  let expiresAt: string | null = null
  if (expiresRaw !== null && expiresRaw !== '') {
    const ms = Date.parse(expiresRaw)
    if (!RFC3339.test(expiresRaw) || Number.isNaN(ms))
      return reply(400, { msg: 'Bad Request', detail: 'expires_at must be an RFC 3339 date-time' })
    // A token that would be born expired is refused (unrecorded for Fastly; the stricter answer).
    if (ms <= now.getTime()) return reply(400, { msg: 'Bad Request', detail: 'expires_at must be in the future' })
    expiresAt = isoSeconds(new Date(ms))
  }

  const widen = state.settings.createIgnoresLimits
  const token: SimulatedToken = {
    secret: tokenSecret(),
    record: {
      id: fastlyId(),
      name: form.get('name') ?? '',
      user_id: user.userId,
      customer_id: user.customerId,
      scope: widen ? 'global' : scopes.length > 0 ? scopes.join(' ') : 'global',
      services: widen ? [] : services,
      created_at: isoSeconds(now),
      updated_at: isoSeconds(now),
      last_used_at: null,
      expires_at: widen ? null : expiresAt,
      ip: '127.0.0.1',
      user_agent: firstHeader(request.headers['user-agent']) ?? null,
      sudo_expires_at: null,
    },
    superuser: user.superuser,
    revoked: false,
    kind: 'user',
  }
  state.tokens.push(token)
  state.created.push(token)
  // The secret is shown here and nowhere else.
  return reply(200, { ...userTokenView(token), access_token: token.secret })
}

/** Why the one-time code is refused, or undefined when it is good (or the user has no second factor). */
function checkOtp(state: SimulatorState, user: SimulatedUser, code: string | undefined): string | undefined {
  if (user.otpSecret === undefined) return undefined
  // The wording is an assumption: Fastly's answers for a missing or wrong code are not recorded.
  if (code === undefined || code === '') return 'A one-time password is required (Fastly-OTP header)'
  const step = matchTotp(base32Decode(user.otpSecret), code.trim(), state.now().getTime())
  if (step === undefined) return 'Invalid one-time password'
  const last = state.usedOtpSteps.get(user.login)
  if (state.settings.otpReplay === 'reject' && last !== undefined && step <= last)
    return 'One-time password already used'
  state.usedOtpSteps.set(user.login, step)
  return undefined
}
