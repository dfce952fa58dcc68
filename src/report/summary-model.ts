import type { VerifyReport } from '../verify/verify-report.js'
import { reportPassed } from '../verify/verify-report.js'
import type { TokenFacts } from '../fastly/token.js'
import { describeRelative, formatUtc } from '../shared/time.js'
import type { CheckOutcome, CheckResult } from '../verify/verdict.js'

/**
 * The job summary as data. Built purely from reports, rendered to HTML by
 * `renderSummaryHtml`, so what it says is tested without the toolkit.
 */
export interface SummaryModel {
  title: string
  outcome: CheckOutcome
  lead: string
  sections: SummarySection[]
  runUrl: string | undefined
}

export type SummarySection =
  | { kind: 'facts'; heading: string; rows: Array<[label: string, value: string]> }
  | { kind: 'checks'; heading: string; checks: CheckResult[] }
  | { kind: 'note'; text: string }
  /** `rest`: where every row is when the summary must leave some out ("the audit file"); default: the log. */
  | { kind: 'table'; heading: string; columns: string[]; rows: string[][]; rest?: string }

interface SummaryContext {
  now: Date
  runUrl: string | undefined
  /** Failures of the step beyond the token's own checks (audit, revocation): they fail the headline too. */
  otherFailures?: string[]
  /** Something beyond the token's checks needs a person (an audit that flagged tokens): the headline warns. */
  otherWarning?: boolean
  /** The step made the token (username): the lead says so. */
  madeForJob?: boolean
  /** The first heading: what the step did (default: a check). */
  title?: string
  /** Sections before the token's own checks and facts: what the step was run for, when that is not the check. */
  leading?: SummarySection[]
}

function describeTime(date: number | null, now: Date, absent: string): string {
  if (date === null) return absent
  return `${formatUtc(date)} (${describeRelative(date, now)})`
}

function tokenFactRows(token: TokenFacts, now: Date): Array<[string, string]> {
  // An automation token belongs to the account: its role and creator instead of a user.
  const owner: Array<[string, string]> =
    token.kind === 'automation'
      ? [
          ['Kind', `automation token${token.role !== null ? `, role ${token.role}` : ''}`],
          ['Created by (user ID)', token.creatorId ?? '(unknown)'],
        ]
      : [['User ID', token.userId ?? '(unknown)']]
  return [
    ['Name', token.name ?? '(no name)'],
    ['Token ID', token.id],
    ...owner,
    ['Customer ID', token.customerId ?? '(unknown)'],
    ['Scope', token.scope === '' ? '(none)' : token.scope],
    ['Services', token.services.length === 0 ? 'all services' : token.services.join(', ')],
    ['Created', describeTime(token.createdAt, now, '(unknown)')],
    ['Last used', describeTime(token.lastUsedAt, now, 'never')],
    ['Expires', token.expiresAt === null ? 'never' : describeTime(token.expiresAt, now, 'never')],
  ]
}

const SCOPE_NOTE =
  "Scopes are checked on the token, not on its user's role: a token with global scope whose user is a billing user still cannot purge or change services."

export function buildVerifySummary(
  report: VerifyReport,
  context: SummaryContext,
  extra: SummarySection[] = [],
): SummaryModel {
  const title = context.title ?? 'Fastly token check'
  const leading = context.leading ?? []
  if (report.status === 'invalid' || report.status === 'error') {
    return {
      title,
      outcome: 'fail',
      // The message says what happened in full ("Fastly rejected the token: ...", "Could not verify ..."): once.
      lead: report.failure.message,
      sections: [
        ...(context.otherFailures ?? []).map((text): SummarySection => ({ kind: 'note', text: `❌ ${text}` })),
        ...leading,
        ...extra,
      ],
      runUrl: context.runUrl,
    }
  }
  const { token, verdict } = report
  const otherFailures = context.otherFailures ?? []
  const passed = reportPassed(report)
  const warned = verdict.checks.some((check) => check.outcome === 'warn') || context.otherWarning === true
  const outcome: CheckOutcome = !passed || otherFailures.length > 0 ? 'fail' : warned ? 'warn' : 'pass'
  const name = `${token.name ?? token.id}${context.madeForJob === true ? ', made for this job,' : ''}`
  const expiry =
    token.expiresAt === null ? 'never expires' : `expires ${describeRelative(token.expiresAt, context.now)}`
  const lead = passed
    ? `The token ${name} is valid and ${expiry}.`
    : `The token ${name} works but failed ${verdict.failures.length === 1 ? 'a check' : `${verdict.failures.length} checks`}; it ${expiry}.`
  const sections: SummarySection[] = [
    ...otherFailures.map((text): SummarySection => ({ kind: 'note', text: `❌ ${text}` })),
    ...leading,
    { kind: 'checks', heading: 'Checks', checks: verdict.checks },
    { kind: 'facts', heading: 'Token', rows: tokenFactRows(token, context.now) },
  ]
  if (verdict.checks.some((check) => check.kind === 'scopes')) sections.push({ kind: 'note', text: SCOPE_NOTE })
  sections.push(...extra)
  return { title, outcome, lead, sections, runUrl: context.runUrl }
}
