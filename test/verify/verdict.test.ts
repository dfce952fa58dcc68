import { describe, expect, it } from 'vitest'
import { normalizeToken } from '../../src/fastly/token.js'
import { evaluateToken, type GatePolicy } from '../../src/verify/verdict.js'

const now = new Date('2026-01-01T00:00:00Z')
const DAY = 86400
const policy = (overrides: Partial<GatePolicy> = {}): GatePolicy => ({
  failWithin: undefined,
  warnWithin: 7 * DAY,
  requireExpiry: false,
  requiredScopes: [],
  requiredServices: [],
  ...overrides,
})
const token = (fields: Record<string, unknown> = {}) =>
  normalizeToken({ id: 'Tok1', name: 'deploy-ci', scope: 'global', expires_at: '2026-03-01T00:00:00Z', ...fields })

describe('evaluateToken', () => {
  it('passes a healthy token with every check listed', () => {
    const verdict = evaluateToken(token(), policy(), now)
    expect(verdict).toMatchObject({ status: 'valid', passed: true, failures: [], warnings: [] })
    expect(verdict.checks.map((check) => check.outcome)).toEqual(['pass', 'pass'])
  })

  it('warns inside the warn window with the time in UTC and what is left', () => {
    const verdict = evaluateToken(token({ expires_at: '2026-01-04T12:00:00Z' }), policy(), now)
    expect(verdict.status).toBe('expiring')
    expect(verdict.passed).toBe(true)
    expect(verdict.warnings).toEqual([
      {
        key: 'expires-within-warn-window',
        message:
          "The token 'deploy-ci' (Tok1) expires at 2026-01-04 12:00 UTC, in 4 days, which is within warn-if-expires-within (7d). Create a new token and update the secret.",
      },
    ])
  })

  it('fails inside the fail window', () => {
    const verdict = evaluateToken(token({ expires_at: '2026-01-01T10:00:00Z' }), policy({ failWithin: DAY }), now)
    expect(verdict).toMatchObject({ status: 'expiring', passed: false, warnings: [] })
    expect(verdict.failures[0]?.key).toBe('expires-within-fail-window')
    expect(verdict.failures[0]?.message).toContain(
      'expires at 2026-01-01 10:00 UTC, in 10 hours, which is within fail-if-expires-within (1d)',
    )
  })

  it('keys the expiry by the window it is in, whatever the token name says', () => {
    const name = "x' expires at 2026-01-01 00:00 UTC, in 1 hour, which is within fail-if-expires-within (1d"
    const verdict = evaluateToken(token({ name, expires_at: '2026-01-04T12:00:00Z' }), policy(), now)
    expect(verdict.failures).toEqual([])
    expect(verdict.warnings).toEqual([
      { key: 'expires-within-warn-window', message: expect.stringContaining('which is within fail-if-expires-within') },
    ])
  })

  it('treats a past expiry that Fastly still accepted as expiring, failing only with a fail window', () => {
    const past = token({ expires_at: '2025-12-31T23:00:00Z' })
    expect(evaluateToken(past, policy(), now)).toMatchObject({
      status: 'expiring',
      passed: true,
      warnings: [{ key: 'token-expired-but-accepted' }],
    })
    expect(evaluateToken(past, policy({ failWithin: 0 }), now)).toMatchObject({
      status: 'expiring',
      passed: false,
      failures: [{ key: 'token-expired-but-accepted' }],
    })
  })

  it('fails a token without expiry only when require-expiry is set', () => {
    const forever = token({ expires_at: null })
    expect(evaluateToken(forever, policy(), now)).toMatchObject({ status: 'valid', passed: true })
    const verdict = evaluateToken(forever, policy({ requireExpiry: true }), now)
    expect(verdict.passed).toBe(false)
    expect(verdict.failures).toEqual([
      { key: 'token-never-expires', message: expect.stringMatching(/never expires, and require-expiry is true/) },
    ])
  })

  it('names the missing scope and the scopes the token has; the status stays valid', () => {
    const verdict = evaluateToken(token({ scope: 'global:read' }), policy({ requiredScopes: ['purge_all'] }), now)
    expect(verdict.status).toBe('valid')
    expect(verdict.passed).toBe(false)
    expect(verdict.failures).toEqual([
      {
        key: 'token-lacks-scope',
        message:
          "The token 'deploy-ci' (Tok1) lacks the scope purge_all (it has global:read). Create a token with this scope or with global.",
      },
    ])
  })

  it('names the services a limited token cannot act on', () => {
    const verdict = evaluateToken(token({ services: ['SvcA'] }), policy({ requiredServices: ['SvcA', 'SvcB'] }), now)
    expect(verdict.failures).toEqual([
      {
        key: 'token-lacks-service',
        message: expect.stringMatching(/cannot act on the service SvcB: it is limited to SvcA/),
      },
    ])
    expect(evaluateToken(token({ services: [] }), policy({ requiredServices: ['SvcB'] }), now).passed).toBe(true)
  })

  it('collects several failures', () => {
    const verdict = evaluateToken(
      token({ scope: 'global:read', expires_at: null }),
      policy({ requireExpiry: true, requiredScopes: ['purge_all'] }),
      now,
    )
    expect(verdict.failures).toHaveLength(2)
  })

  it('labels a nameless token by its ID', () => {
    const verdict = evaluateToken(
      token({ name: null }),
      policy({ requireExpiry: true, requiredScopes: ['global:read'] }),
      now,
    )
    expect(verdict.passed).toBe(true)
    expect(
      evaluateToken(token({ name: null, expires_at: null }), policy({ requireExpiry: true }), now).failures[0]?.message,
    ).toMatch(/^The token Tok1 never expires/)
  })

  it('gives no "create a new token" advice for a token this job revokes itself', () => {
    const token = normalizeToken({ id: 'T1', scope: 'global', expires_at: '2026-01-01T06:00:00Z' })
    const policy = {
      failWithin: 86400,
      warnWithin: undefined,
      requireExpiry: false,
      requiredScopes: [],
      requiredServices: [],
    }
    expect(evaluateToken(token, policy, now).failures[0]?.message).toMatch(/Create a new token/)
    expect(evaluateToken(token, { ...policy, revokedByThisJob: true }, now).failures[0]?.message).not.toMatch(
      /Create a new token/,
    )
  })

  it('checks a made token against what was asked: a pass row when as asked, a failure naming each widening when not', () => {
    const asked = { scopes: ['purge_all'], services: ['SvcA'], expiresAt: Date.parse('2026-01-01T01:00:00Z') }
    const made = token({ scope: 'purge_all', services: ['SvcA'], expires_at: '2026-01-01T01:00:00Z' })
    const ok = evaluateToken(made, policy({ asked, warnWithin: undefined }), now)
    expect(ok.passed).toBe(true)
    expect(ok.checks.find((check) => check.kind === 'as-asked')).toMatchObject({ outcome: 'pass' })

    const wide = evaluateToken(token({ scope: 'global', expires_at: null }), policy({ asked }), now)
    expect(wide.passed).toBe(false)
    expect(wide.checks.find((check) => check.kind === 'as-asked')).toMatchObject({ outcome: 'fail' })
    expect(wide.failures).toEqual([
      {
        key: 'made-token-wider-than-asked',
        message: expect.stringMatching(
          /^Fastly made the token for this job wider than asked: scope global \(asked: purge_all\); all services \(asked: SvcA\); no expiry \(asked: 2026-01-01 01:00 UTC\)\. /,
        ),
      },
    ])
    // Without a made token there is nothing to compare: no such check.
    expect(evaluateToken(made, policy(), now).checks.map((check) => check.kind)).not.toContain('as-asked')
  })

  it('points a made token that lacks a scope or a service at the inputs that make it, not at a new secret', () => {
    const asked = { scopes: ['purge_select'], services: ['SvcA'], expiresAt: Date.parse('2026-01-01T01:00:00Z') }
    const made = token({ scope: 'purge_select', services: ['SvcA'], expires_at: '2026-01-01T01:00:00Z' })
    const verdict = evaluateToken(
      made,
      policy({ asked, requiredScopes: ['purge_all'], requiredServices: ['SvcB'] }),
      now,
    )
    expect(verdict.failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(/lacks the scope purge_all .*Ask for it in new-token-scope \(or for global\)\.$/),
      expect.stringMatching(
        /cannot act on the service SvcB: .*Add it to new-token-services \(or leave it empty for all services\)\.$/,
      ),
    ])
  })
})
