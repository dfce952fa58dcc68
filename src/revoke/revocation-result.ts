import type { Notice } from '../report/catalogue.js'
import type { SummaryModel, SummarySection } from '../report/summary-model.js'

type RevocationOutcome = 'revoked' | 'already-gone' | 'not-found' | 'failed' | 'would-revoke'

/** One token's revocation, as the log, the outputs and the summary report it. */
export interface RevocationResult {
  id: string
  name: string | null
  /** Whose token it is (user, or an automation token's creator), when the step knows. */
  owner?: string | null
  /** Its audit category when the step listed it ("⛔ expired", "💤 stale", ...). */
  category?: string | null
  /** The token this step runs on (revoke: now or post). */
  current: boolean
  outcome: RevocationOutcome
  detail: string
}

const OUTCOME_TEXT: Record<RevocationOutcome, string> = {
  revoked: '🗑️ revoked',
  'already-gone': '➖ already revoked',
  'not-found': '➖ not found',
  failed: '❌ failed',
  'would-revoke': '🔎 would revoke (dry run)',
}

export function revocationSection(heading: string, results: readonly RevocationResult[]): SummarySection {
  // Tokens revoked by ID were listed first: their category says why they go (a cleanup's reviewer reads it).
  const categorized = results.some((result) => result.category !== undefined && result.category !== null)
  return {
    kind: 'table',
    heading,
    columns: ['Token', 'Name', 'Owner (automation: creator)', ...(categorized ? ['Category'] : []), 'Result', 'Detail'],
    rest: 'the log (and the revoked-token-ids output)',
    rows: results.map((result) => [
      result.current ? `${result.id} (this job's token)` : result.id,
      result.name ?? '',
      result.owner ?? '',
      ...(categorized ? [result.category ?? ''] : []),
      OUTCOME_TEXT[result.outcome],
      result.outcome === 'revoked' || result.outcome === 'would-revoke' ? '' : result.detail,
    ]),
  }
}

/** One warning or failure for the failures among the results, or undefined. */
export function revocationFailure(results: readonly RevocationResult[]): Notice | undefined {
  const failed = results.filter((result) => result.outcome === 'failed')
  if (failed.length === 0) return undefined
  const first = failed[0]!
  const who = first.current ? 'the current token' : `token ${first.id}`
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more; see the summary)` : ''
  return { key: 'revoke-failed', message: `Could not revoke ${who}${more}: ${first.detail}` }
}

/** The post step's summary: what happened to the job's token at the end of the job. */
export function buildPostSummary(
  outcome: { result: RevocationResult } | { skipped: string; level: 'info' | 'warning' | 'fail' },
  runUrl: string | undefined,
  madeForJob = false,
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
  const subject = madeForJob ? 'The Fastly token made for this job' : "The job's Fastly token"
  const leads: Record<RevocationOutcome, string> = {
    revoked: `${subject} was revoked at the end of the job.`,
    'already-gone': `${subject} was already revoked; nothing more to do.`,
    'not-found': `${subject} was already revoked; nothing more to do.`,
    'would-revoke': `Dry run: ${subject.charAt(0).toLowerCase()}${subject.slice(1)} would have been revoked now. Nothing was sent.`,
    failed: `${subject} could not be revoked: ${result.detail}`,
  }
  return {
    title,
    outcome: result.outcome === 'failed' ? 'fail' : 'pass',
    lead: leads[result.outcome],
    sections: [revocationSection('Revocation', [result])],
    runUrl,
  }
}
