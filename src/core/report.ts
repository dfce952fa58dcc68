import type { TokenFacts } from './token.js'
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
