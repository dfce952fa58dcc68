import { auditEntryJson } from '../audit/audit-entry.js'
import { AUDIT_FLAGS, type AuditResult } from '../audit/classify.js'
import type { Notice } from './catalogue.js'
import type { RevocationResult } from '../revoke/revocation-result.js'
import { formatTimestamp } from '../shared/time.js'
import type { VerifyReport } from '../verify/verify-report.js'

/**
 * Every output of action.yml; a test holds the two equal. Every one is written
 * by every run, whatever happened, so a later step's expression never meets an
 * unset output and guesses. The main step assembles them here and sets them in
 * one place. `token` (the secret of a token the step made) is the only one that
 * may carry a secret.
 */
export const OUTPUT_NAMES = [
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
  'revoked',
  'tokens',
  'audit-file',
  'token-count',
  'expired-token-ids',
  'unreadable-expiry-token-ids',
  'expiring-token-ids',
  'stale-token-ids',
  'no-expiry-token-ids',
  'revoked-token-ids',
  'rate-limit-remaining',
  'token',
] as const

type OutputName = (typeof OUTPUT_NAMES)[number]
export type StepOutputs = Record<OutputName, string>

/** What the outputs say before the step knows anything: no verdict, nothing revoked, nothing audited. */
export function initialOutputs(): StepOutputs {
  const outputs = Object.fromEntries(OUTPUT_NAMES.map((name) => [name, ''])) as StepOutputs
  return {
    ...outputs,
    status: 'error',
    passed: 'false',
    services: '[]',
    revoked: 'false',
    tokens: '[]',
    'token-count': '0',
    'expired-token-ids': '[]',
    'unreadable-expiry-token-ids': '[]',
    'expiring-token-ids': '[]',
    'stale-token-ids': '[]',
    'no-expiry-token-ids': '[]',
    'revoked-token-ids': '[]',
  }
}

/** The token's outputs. `passed` is not among them: it is the whole step's result, set at its end. */
export function verifyOutputs(report: VerifyReport): Partial<StepOutputs> {
  if (report.status !== 'valid' && report.status !== 'expiring') return { status: report.status }
  const { token } = report
  const secondsLeft = report.verdict.expiry.secondsLeft
  return {
    status: report.status,
    'token-id': token.id,
    'token-name': token.name ?? '',
    'user-id': token.userId ?? '',
    'customer-id': token.customerId ?? '',
    scope: token.scope,
    services: JSON.stringify(token.services),
    'created-at': formatTimestamp(token.createdAt),
    'last-used-at': formatTimestamp(token.lastUsedAt),
    'expires-at': formatTimestamp(token.expiresAt),
    'expires-in-seconds': secondsLeft === null ? '' : String(secondsLeft),
  }
}

/** The `revoked` and `revoked-token-ids` outputs: only what this step really revoked. */
export function revocationOutputs(results: readonly RevocationResult[]): Partial<StepOutputs> {
  return {
    revoked: String(results.some((result) => result.current && result.outcome === 'revoked')),
    'revoked-token-ids': JSON.stringify(
      results.filter((result) => result.outcome === 'revoked').map((result) => result.id),
    ),
  }
}

/**
 * Outputs must stay small: a value passed to a later step's `with:` becomes an
 * environment variable, which Linux refuses over 128 KiB, and all outputs of a
 * job share 1 MB. Longer lists are cut (most urgent first kept) and the audit
 * file holds everything.
 */
export const MAX_OUTPUT_BYTES = 100 * 1024

/**
 * A JSON array of as many items as fit in `maxBytes`, in order; `cut` counts
 * what was left out. `toJson` runs only for the items that are tried, so a
 * 100,000-token list costs what fits, not what exists.
 */
export function cappedJsonArray<T>(
  items: readonly T[],
  maxBytes: number,
  toJson: (item: T) => unknown = (item) => item,
): { json: string; cut: number } {
  const parts: string[] = []
  let size = 2
  for (const item of items) {
    const text = JSON.stringify(toJson(item))
    const added = Buffer.byteLength(text, 'utf8') + (parts.length > 0 ? 1 : 0)
    if (size + added > maxBytes) break
    parts.push(text)
    size += added
  }
  return { json: `[${parts.join(',')}]`, cut: items.length - parts.length }
}

export interface AuditOutputs {
  outputs: Partial<StepOutputs>
  /** Warnings for outputs that had to be cut; each names the audit file. */
  cutWarnings: Notice[]
}

export function auditOutputs(result: AuditResult, auditFile: string): AuditOutputs {
  const outputs: Partial<StepOutputs> = { 'audit-file': auditFile, 'token-count': String(result.entries.length) }
  const cutWarnings: Notice[] = []
  const put = <T>(name: OutputName, items: readonly T[], toJson?: (item: T) => unknown) => {
    const { json, cut } = cappedJsonArray(items, MAX_OUTPUT_BYTES, toJson)
    outputs[name] = json
    if (cut > 0)
      cutWarnings.push({
        key: 'audit-output-cut',
        message: `The ${name} output holds the first ${items.length - cut} of ${items.length} entries (most urgent first) to stay under 100 KiB; the audit file ${auditFile} has all of them.`,
      })
  }
  put('tokens', result.entries, auditEntryJson)
  for (const flag of AUDIT_FLAGS) put(`${flag}-token-ids`, result.idsByFlag[flag])
  return { outputs, cutWarnings }
}
