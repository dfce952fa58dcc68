/** Fastly's error bodies for the token endpoints, and the answer for a Fastly-Key that does not work. */
import type { Authentication, SimulatorState } from './state.js'
import { isoSeconds } from './tokens.js'
import type { ApiAnswer } from './types.js'

export const UNAUTHORIZED = { msg: 'Provided credentials are missing or invalid' }
/** The body for `invalidStatus: 403`: go-fastly speaks of "a 403 for invalid access token"; the exact text is an assumption. */
const INVALID_TOKEN = { msg: 'Invalid access token' }
export const NOT_AUTHORIZED = { msg: 'You are not authorized to perform this action' }
export const READ_ONLY = { msg: 'Read only tokens are not allowed to access this endpoint' }
export const NOT_FOUND = { msg: 'Record not found' }

/**
 * The answer for a `Fastly-Key` that does not work. A missing key is always
 * 401; unknown and revoked ones get `invalidStatus`; an expired one gets 401
 * naming the token and the time (RFC 3339, Z), as recorded, whatever
 * `invalidStatus` says.
 */
export function authFailure(state: SimulatorState, auth: Exclude<Authentication, { kind: 'valid' }>): ApiAnswer {
  switch (auth.kind) {
    case 'missing':
      return { status: 401, body: UNAUTHORIZED }
    case 'unknown':
    case 'revoked':
      return state.settings.invalidStatus === 403
        ? { status: 403, body: INVALID_TOKEN }
        : { status: 401, body: UNAUTHORIZED }
    case 'expired':
      return {
        status: 401,
        body: { msg: `Token ${auth.token.record.id} expired at ${isoSeconds(new Date(auth.expiresAt))}` },
      }
  }
}
