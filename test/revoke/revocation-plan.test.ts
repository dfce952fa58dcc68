import { describe, expect, it } from 'vitest'
import type { VerifyReport } from '../../src/verify/verify-report.js'
import { planRevocations, type RevocationRequest } from '../../src/revoke/revocation-plan.js'
import { normalizeToken } from '../../src/fastly/token.js'
import { evaluateToken } from '../../src/verify/verdict.js'

const now = new Date('2026-01-01T00:00:00Z')
function ok(fields: Record<string, unknown> = {}): VerifyReport {
  const token = normalizeToken({
    id: 'Self1',
    name: 'ci',
    scope: 'global',
    expires_at: '2026-01-02T00:00:00Z',
    ...fields,
  })
  const verdict = evaluateToken(
    token,
    { failWithin: undefined, warnWithin: undefined, requireExpiry: false, requiredScopes: [], requiredServices: [] },
    now,
  )
  return { status: verdict.status, token, verdict }
}
const request = (overrides: Partial<RevocationRequest> = {}): RevocationRequest => ({
  mode: 'never',
  ids: [],
  allowNonExpiring: false,
  dryRun: false,
  madeForJob: false,
  ...overrides,
})

describe('planRevocations', () => {
  it('plans nothing when nothing is asked', () => {
    expect(planRevocations(ok(), request())).toEqual({
      revokeIds: [],
      revokeSelfNow: false,
      recordForPost: false,
      refusal: undefined,
      notes: [],
      warnings: [],
    })
  })

  it('plans now, post and IDs for a verified token', () => {
    expect(planRevocations(ok(), request({ mode: 'now' }))).toMatchObject({ revokeSelfNow: true, recordForPost: false })
    expect(planRevocations(ok(), request({ mode: 'post' }))).toMatchObject({
      revokeSelfNow: false,
      recordForPost: true,
    })
    expect(planRevocations(ok(), request({ ids: ['A1', 'B2'] }))).toMatchObject({
      revokeIds: ['A1', 'B2'],
      refusal: undefined,
    })
  })

  it("refuses everything when the list holds the current token's ID", () => {
    const plan = planRevocations(ok(), request({ mode: 'post', ids: ['A1', 'Self1'] }))
    expect(plan).toMatchObject({ revokeIds: [], recordForPost: false })
    expect(plan.refusal).toEqual({
      key: 'revoke-ids-include-current',
      message: expect.stringMatching(/^Input 'revoke-token-ids' includes Self1, the token this step runs on/),
    })
    // Named by where the IDs came from.
    const fromFile = planRevocations(ok(), request({ ids: ['Self1'], idsFrom: ['revoke-token-ids-file'] }))
    expect(fromFile.refusal?.message).toMatch(
      /^Input 'revoke-token-ids-file' includes Self1, the token this step runs on/,
    )
    const fromBoth = planRevocations(
      ok(),
      request({ ids: ['Self1'], idsFrom: ['revoke-token-ids', 'revoke-token-ids-file'] }),
    )
    expect(fromBoth.refusal?.message).toMatch(/^Input 'revoke-token-ids' or 'revoke-token-ids-file' includes Self1/)
  })

  it('refuses a token without expiry unless allowed, revoking no IDs either', () => {
    const plan = planRevocations(ok({ expires_at: null }), request({ mode: 'now', ids: ['A1'] }))
    expect(plan).toMatchObject({ revokeIds: [], revokeSelfNow: false })
    expect(plan.refusal).toEqual({
      key: 'revoke-non-expiring-refused',
      message: expect.stringMatching(/never expires.*allow-revoke-non-expiring: true/),
    })
    expect(planRevocations(ok({ expires_at: null }), request({ mode: 'now', allowNonExpiring: true }))).toMatchObject({
      revokeSelfNow: true,
      refusal: undefined,
    })
    expect(planRevocations(ok({ expires_at: null }), request({ ids: ['A1'] }))).toMatchObject({
      revokeIds: ['A1'],
      refusal: undefined,
    })
  })

  it('revokes nothing for an invalid token, without failing on it twice', () => {
    const plan = planRevocations(
      { status: 'invalid', httpStatus: 401, failure: { key: 'token-rejected-401', message: 'x' } },
      request({ mode: 'post', ids: ['A1'] }),
    )
    expect(plan).toMatchObject({ revokeIds: [], recordForPost: false, refusal: undefined })
    expect(plan.notes).toHaveLength(2)
  })

  it('without a verdict, leaves post to verify later and refuses the rest', () => {
    const error: VerifyReport = { status: 'error', failure: { key: 'verify-failed', message: 'x' } }
    expect(planRevocations(error, request({ mode: 'post' }))).toMatchObject({ recordForPost: true, refusal: undefined })
    expect(planRevocations(error, request({ mode: 'now' })).refusal).toEqual({
      key: 'revoke-unverified-refused',
      message: expect.stringMatching(/^Nothing was revoked/),
    })
    expect(planRevocations(error, request({ mode: 'post', ids: ['A1'] }))).toMatchObject({
      recordForPost: false,
      refusal: { key: 'revoke-unverified-refused', message: expect.stringMatching(/^Nothing was revoked/) },
    })
  })

  it('refuses IDs before any request when the token cannot manage tokens (read-only or purge-only)', () => {
    for (const scope of ['global:read', 'purge_all', 'purge_select purge_all']) {
      const plan = planRevocations(ok({ scope }), request({ ids: ['Other1'] }))
      expect(plan.revokeIds).toEqual([])
      expect(plan.refusal).toEqual({
        key: 'revoke-ids-need-global',
        message: expect.stringMatching(new RegExp(`has the scope ${scope}.*needs a token with the global scope`)),
      })
    }
    expect(planRevocations(ok({ scope: 'global global:read' }), request({ ids: ['Other1'] })).revokeIds).toEqual([
      'Other1',
    ])
  })

  it('warns that Fastly refuses a read-only token its own revocation, and still tries it', () => {
    const plan = planRevocations(ok({ scope: 'global:read' }), request({ mode: 'post' }))
    expect(plan.recordForPost).toBe(true)
    expect(plan.warnings).toEqual([
      { key: 'revoke-read-only-token', message: expect.stringMatching(/Fastly refuses writes by read-only tokens/) },
    ])
    expect(planRevocations(ok({ scope: 'purge_all' }), request({ mode: 'now' })).warnings).toEqual([])
  })

  describe('a token this step made for the job', () => {
    const made = (overrides: Partial<RevocationRequest> = {}) => request({ madeForJob: true, ...overrides })

    it('is revoked as asked whatever Fastly says of it now: invalid, no verdict, or no expiry', () => {
      const reports: VerifyReport[] = [
        ok(),
        ok({ expires_at: null }),
        { status: 'invalid', httpStatus: 403, failure: { key: 'token-rejected-403', message: 'x' } },
        { status: 'error', failure: { key: 'verify-failed', message: 'x' } },
      ]
      for (const report of reports) {
        expect(planRevocations(report, made({ mode: 'post' }))).toEqual({
          revokeIds: [],
          revokeSelfNow: false,
          recordForPost: true,
          refusal: undefined,
          notes: [],
          warnings: [],
        })
        expect(planRevocations(report, made({ mode: 'now' }))).toMatchObject({
          revokeSelfNow: true,
          refusal: undefined,
        })
      }
    })

    it('warns, as its own entry, that a read-only made token will most likely outlive the revocation', () => {
      expect(planRevocations(ok({ scope: 'global:read' }), made({ mode: 'post' })).warnings).toEqual([
        {
          key: 'revoke-read-only-made-token',
          message: expect.stringMatching(/^The token made for this job has the read-only scope global:read/),
        },
      ])
    })

    it('is left alone with revoke: never', () => {
      expect(planRevocations(ok(), made({ mode: 'never' }))).toMatchObject({
        revokeSelfNow: false,
        recordForPost: false,
      })
    })

    it('is still revoked when the IDs of revoke-token-ids are refused, and the notes say so', () => {
      const plan = planRevocations(
        { status: 'error', failure: { key: 'verify-failed', message: 'x' } },
        made({ mode: 'post', ids: ['A1'] }),
      )
      expect(plan).toMatchObject({
        revokeIds: [],
        recordForPost: true,
        refusal: { key: 'revoke-unverified-refused', message: expect.stringMatching(/^Nothing was revoked/) },
      })
      expect(plan.notes).toEqual(['The token made for this job is still revoked by the post step.'])
      expect(planRevocations(ok(), made({ mode: 'now', ids: ['A1'] }))).toMatchObject({
        revokeIds: ['A1'],
        revokeSelfNow: true,
        refusal: undefined,
      })
    })
  })
})
