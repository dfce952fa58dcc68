import type { TokenFacts } from '../fastly/token.js'
import type { GateVerdict } from './verdict.js'

/**
 * What the verify phase learned, in the shape every reporter (outputs, log,
 * summary) reads. `invalid` means Fastly gave a verdict (401/403); `error`
 * means there is no verdict (network, timeout, 5xx, malformed answer).
 */
export type VerifyReport =
  | { status: 'valid' | 'expiring'; token: TokenFacts; verdict: GateVerdict }
  | { status: 'invalid'; httpStatus: number; message: string }
  | { status: 'error'; message: string }

export function reportPassed(report: VerifyReport): boolean {
  return (report.status === 'valid' || report.status === 'expiring') && report.verdict.passed
}

/** The sentences the step fails with when the token or the gate failed (empty: it passes). */
export function verifyFailures(report: VerifyReport): string[] {
  if (report.status === 'invalid' || report.status === 'error') return [report.message]
  return report.verdict.failures
}

/** One message for `setFailed`, however many things failed; undefined when nothing did. */
export function combineFailures(failures: readonly string[]): string | undefined {
  if (failures.length === 0) return undefined
  if (failures.length === 1) return failures[0]
  return `${failures.length} problems: ${failures.map((failure, i) => `(${i + 1}) ${failure}`).join(' ')}`
}
