import { reportPassed, type VerifyReport } from './report.js'
import { formatTimestamp } from './token.js'

/** Names of the verify phase's outputs, as declared in action.yml. */
export const VERIFY_OUTPUT_NAMES = [
  'status',
  'passed',
  'token-id',
  'token-name',
  'user-id',
  'customer-id',
  'scope',
  'services',
  'created-at',
  'last-used-at',
  'expires-at',
  'expires-in-seconds',
] as const

export type VerifyOutputs = Record<(typeof VERIFY_OUTPUT_NAMES)[number], string>

/**
 * Every output has a value, even when the token could not be read, so a later
 * step's expression never meets an unset output and guesses.
 */
export function verifyOutputs(report: VerifyReport): VerifyOutputs {
  const token = report.status === 'valid' || report.status === 'expiring' ? report.token : undefined
  const secondsLeft = report.status === 'valid' || report.status === 'expiring' ? report.verdict.expiry.secondsLeft : null
  return {
    status: report.status,
    passed: String(reportPassed(report)),
    'token-id': token?.id ?? '',
    'token-name': token?.name ?? '',
    'user-id': token?.userId ?? '',
    'customer-id': token?.customerId ?? '',
    scope: token?.scope ?? '',
    services: JSON.stringify(token?.services ?? []),
    'created-at': formatTimestamp(token?.createdAt ?? null),
    'last-used-at': formatTimestamp(token?.lastUsedAt ?? null),
    'expires-at': formatTimestamp(token?.expiresAt ?? null),
    'expires-in-seconds': secondsLeft === null ? '' : String(secondsLeft),
  }
}
