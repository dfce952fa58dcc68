import type { TokenFacts } from '../fastly/token.js'
import type { Notice } from '../report/catalogue.js'
import type { GateVerdict } from './verdict.js'

/**
 * What the verify phase learned, in the shape every reporter (outputs, log,
 * summary) reads. `invalid` means Fastly gave a verdict (401/403); `error`
 * means there is no verdict (network, timeout, 5xx, malformed answer).
 */
export type VerifyReport =
  | { status: 'valid' | 'expiring'; token: TokenFacts; verdict: GateVerdict }
  | { status: 'invalid'; httpStatus: number; failure: Notice }
  | { status: 'error'; failure: Notice }

export function reportPassed(report: VerifyReport): boolean {
  return (report.status === 'valid' || report.status === 'expiring') && report.verdict.passed
}

/** What the step fails with when the token or the gate failed (empty: it passes). */
export function verifyFailures(report: VerifyReport): Notice[] {
  if (report.status === 'invalid' || report.status === 'error') return [report.failure]
  return report.verdict.failures
}

/** One failure for `setFailed`, however many things failed; undefined when nothing did. */
export function combineFailures(failures: readonly Notice[]): Notice | undefined {
  if (failures.length <= 1) return failures[0]
  // Its own entry, not the first failure's: a title names what the annotation is about, and the first one's
  // would present one problem of several as the whole (the checks list shows titles); the message numbers each.
  return {
    key: 'several-problems',
    message: `${failures.length} problems: ${failures.map((failure, i) => `(${i + 1}) ${failure.message}`).join(' ')}`,
  }
}
