/**
 * The job summary's account of a token this step made: that it was made for
 * this job, until when it lives, and who revokes it when. Pure.
 */
import type { SummarySection } from '../report/summary-model.js'
import { describeRelative, formatUtc } from '../shared/time.js'

interface Revocation {
  mode: 'never' | 'now' | 'post'
  dryRun: boolean
}

/** When the token made for this job dies, in the words the summary and the log use. */
export function madeTokenFate(revocation: Revocation, expiresAt: number | null): string {
  const expiry = expiresAt !== null ? `it expires at ${formatUtc(expiresAt)}` : 'it never expires'
  switch (revocation.mode) {
    case 'post':
      return revocation.dryRun
        ? `not revoked (dry run: the post step only reports what it would revoke); ${expiry}`
        : 'revoked by the post step when the job ends, whether it succeeds, fails or is cancelled'
    case 'now':
      return revocation.dryRun ? `not revoked (dry run); ${expiry}` : 'revoked at the end of this step (revoke: now)'
    case 'never':
      return `not revoked by this action (revoke: never); ${expiry}`
  }
}

export function madeTokenSection(
  made: { id: string | null; name: string; expiresAt: number | null; withheld?: boolean },
  revocation: Revocation,
  now: Date,
): SummarySection {
  return {
    kind: 'facts',
    heading: 'Made for this job',
    rows: [
      ['Token', made.id !== null ? `${made.name} (${made.id})` : made.name],
      ['Made', `by this step (POST /tokens), ${formatUtc(now)}`],
      [
        'Expires',
        made.expiresAt !== null ? `${formatUtc(made.expiresAt)} (${describeRelative(made.expiresAt, now)})` : 'never',
      ],
      ['Revoked', madeTokenFate(revocation, made.expiresAt)],
      [
        'Later steps',
        made.withheld === true
          ? 'do not get it: the token output is empty, as Fastly made it wider than asked'
          : 'read it from the token output, passed through env:',
      ],
    ],
  }
}
