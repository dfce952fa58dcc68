/**
 * What a user reads when the job's token could not be made: whether one was
 * made after all (a request Fastly may have received and answered into the
 * void), why, and what to change. Pure: the error's facts are passed in.
 */
import type { FastlyApiError } from '../fastly/errors.js'
import type { Notice } from '../report/catalogue.js'
import { formatUtc } from '../shared/time.js'
import type { TokenOrder } from './mint-request.js'

type CreateError = Pick<FastlyApiError, 'kind' | 'status' | 'message' | 'requestSent'>

export function describeMintFailure(error: CreateError, order: TokenOrder, twoFactor: boolean): Notice {
  const { kind, status } = error
  const request = error.message.replace(/\.$/, '')
  if (kind === 'http' && status !== undefined && (status === 401 || status === 403)) {
    const check = twoFactor
      ? "Check the secrets behind 'username' and 'password', and that 'otp-secret' is the seed of this user's authenticator (the code is made from the runner's clock, and Fastly may take each code once: two jobs that make tokens for one user within 30 seconds collide)"
      : "Check the secrets behind 'username' and 'password'; if the user has two-factor authentication, set 'otp-secret'"
    return {
      key: 'mint-refused',
      message: `Fastly refused to make a token for this job: ${request}. No token was made. ${check}. Not retried: repeated wrong passwords can lock the account.`,
    }
  }
  if (kind === 'http' && status === 429) {
    return {
      key: 'mint-rate-limited',
      message: `Fastly's rate limit refused to make a token for this job: ${request}. No token was made, and none was tried again. Fastly's hourly limit on writes resets at the top of the hour; run the job again then.`,
    }
  }
  if ((kind === 'http' && status !== undefined && status >= 400 && status < 500) || kind === 'redirect') {
    // Fastly's status for a wrong one-time code is not recorded: with a second factor, that comes first.
    const check = twoFactor
      ? "Check 'otp-secret' (a wrong or reused one-time code), then new-token-scope, new-token-services and new-token-expires-in"
      : 'Check new-token-scope, new-token-services and new-token-expires-in'
    return {
      key: 'mint-refused',
      message: `Fastly refused to make a token for this job: ${request}. No token was made. ${check}.`,
    }
  }
  if (kind === 'tls' || kind === 'proxy' || ((kind === 'network' || kind === 'timeout') && !error.requestSent)) {
    return {
      key: 'mint-unreachable',
      message: `Could not reach Fastly to make a token for this job: ${request}. The request never reached Fastly, so no token was made.`,
    }
  }
  return {
    key: 'mint-outcome-unknown',
    message:
      `Could not tell whether Fastly made a token for this job: ${request}. Not tried again: a second request could make a second token. ` +
      `If Fastly made one, no one holds its secret; it is named "${order.name}" and expires at ${formatUtc(order.expiresAt)} (new-token-expires-in). ` +
      'To remove it sooner, find its ID with an audit (audit: user) and revoke it with revoke-token-ids.',
  }
}
