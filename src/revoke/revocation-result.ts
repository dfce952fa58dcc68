import type { SummaryModel, SummarySection } from '../report/summary-model.js'

type RevocationOutcome = 'revoked' | 'already-gone' | 'failed' | 'would-revoke'

/** One token's revocation, as the log, the outputs and the summary report it. */
export interface RevocationResult {
  id: string
  name: string | null
  /** The token this step runs on (revoke: now or post). */
  current: boolean
  outcome: RevocationOutcome
  detail: string
}

const OUTCOME_TEXT: Record<RevocationOutcome, string> = {
  revoked: '🗑️ revoked',
  'already-gone': '➖ already revoked',
  failed: '❌ failed',
  'would-revoke': '🔎 would revoke (dry run)',
}

export function revocationSection(heading: string, results: readonly RevocationResult[]): SummarySection {
  return {
    kind: 'table',
    heading,
    columns: ['Token', 'Name', 'Result', 'Detail'],
    rest: 'the log (and the revoked-token-ids output)',
    rows: results.map((result) => [
      result.current ? `${result.id} (this job's token)` : result.id,
      result.name ?? '',
      OUTCOME_TEXT[result.outcome],
      result.outcome === 'failed' || result.outcome === 'already-gone' ? result.detail : '',
    ]),
  }
}

/** One sentence for the failures among the results, or undefined. */
export function revocationFailureMessage(results: readonly RevocationResult[]): string | undefined {
  const failed = results.filter((result) => result.outcome === 'failed')
  if (failed.length === 0) return undefined
  const first = failed[0]!
  const who = first.current ? 'the current token' : `token ${first.id}`
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more; see the summary)` : ''
  return `Could not revoke ${who}${more}: ${first.detail}`
}

/** The post step's summary: what happened to the job's token at the end of the job. */
export function buildPostSummary(
  outcome: { result: RevocationResult } | { skipped: string; level: 'info' | 'warning' | 'fail' },
  runUrl: string | undefined,
): SummaryModel {
  const title = 'Fastly token revocation (post step)'
  if ('skipped' in outcome) {
    return {
      title,
      outcome: outcome.level === 'info' ? 'pass' : outcome.level === 'warning' ? 'warn' : 'fail',
      lead: outcome.skipped,
      sections: [],
      runUrl,
    }
  }
  const { result } = outcome
  const leads: Record<RevocationOutcome, string> = {
    revoked: "The job's Fastly token was revoked at the end of the job.",
    'already-gone': "The job's Fastly token was already revoked; nothing more to do.",
    'would-revoke': "Dry run: the job's Fastly token would have been revoked now. Nothing was sent.",
    failed: `The job's Fastly token could not be revoked: ${result.detail}`,
  }
  return {
    title,
    outcome: result.outcome === 'failed' ? 'fail' : 'pass',
    lead: leads[result.outcome],
    sections: [revocationSection('Revocation', [result])],
    runUrl,
  }
}
