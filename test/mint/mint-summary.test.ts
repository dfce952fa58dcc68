import { describe, expect, it } from 'vitest'
import { madeTokenFate, madeTokenSection } from '../../src/mint/mint-summary.js'
import { buildPostSummary } from '../../src/revoke/revocation-result.js'

const now = new Date('2026-01-01T00:00:00Z')
const expiresAt = Date.parse('2026-01-01T02:00:00Z')

describe('the summary of a token made for the job', () => {
  it('says it was made here, when it expires, and who revokes it when', () => {
    const section = madeTokenSection(
      { id: 'Made1', name: 'acme run 1', expiresAt },
      { mode: 'post', dryRun: false },
      now,
    )
    expect(section).toEqual({
      kind: 'facts',
      heading: 'Made for this job',
      rows: [
        ['Token', 'acme run 1 (Made1)'],
        ['Made', 'by this step (POST /tokens), 2026-01-01 00:00 UTC'],
        ['Expires', '2026-01-01 02:00 UTC (in 2 hours)'],
        ['Revoked', 'revoked by the post step when the job ends, whether it succeeds, fails or is cancelled'],
        ['Later steps', 'read it from the token output, passed through env:'],
      ],
    })
  })

  it('tells every way it may end', () => {
    expect(madeTokenFate({ mode: 'now', dryRun: false }, expiresAt)).toBe(
      'revoked at the end of this step (revoke: now)',
    )
    expect(madeTokenFate({ mode: 'never', dryRun: false }, expiresAt)).toBe(
      'not revoked by this action (revoke: never); it expires at 2026-01-01 02:00 UTC',
    )
    expect(madeTokenFate({ mode: 'post', dryRun: true }, expiresAt)).toMatch(
      /^not revoked \(dry run: .*\); it expires at/,
    )
  })

  it("has the post step's summary say it was the token made for this job", () => {
    const result = { id: 'Made1', name: 'acme run 1', current: true, outcome: 'revoked' as const, detail: 'revoked' }
    expect(buildPostSummary({ result }, undefined, true).lead).toBe(
      'The Fastly token made for this job was revoked at the end of the job.',
    )
    expect(buildPostSummary({ result: { ...result, outcome: 'would-revoke' } }, undefined, true).lead).toBe(
      'Dry run: the Fastly token made for this job would have been revoked now. Nothing was sent.',
    )
    expect(buildPostSummary({ result }, undefined).lead).toBe(
      "The job's Fastly token was revoked at the end of the job.",
    )
  })
})
