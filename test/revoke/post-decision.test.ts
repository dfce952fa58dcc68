import { describe, expect, it } from 'vitest'
import { CLOCK_DRIFT_MARGIN_SECONDS, decidePostRevocation } from '../../src/revoke/post-decision.js'
import type { PostRecord as PostRevocationRecord } from '../../src/revoke/post-record.js'

const now = new Date('2026-01-01T12:00:00Z')
const record = (overrides: Partial<PostRevocationRecord> = {}): PostRevocationRecord => ({
  apiUrl: 'https://api.fastly.com',
  timeoutMs: 30_000,
  maxRetries: 3,
  dryRun: false,
  failOnError: false,
  jobSummary: true,
  allowNonExpiring: false,
  tokenId: 'T1',
  tokenName: 'ci',
  fingerprint: 'f'.repeat(64),
  madeToken: null,
  expiresAt: '2026-01-02T00:00:00Z',
  verified: true,
  ...overrides,
})

describe('decidePostRevocation', () => {
  it('revokes the recorded token when the fingerprint matches', () => {
    expect(decidePostRevocation(record(), 'f'.repeat(64), now)).toEqual({ action: 'revoke' })
    expect(decidePostRevocation(record({ expiresAt: null }), 'f'.repeat(64), now)).toEqual({ action: 'revoke' })
  })

  it('has nothing to say without a record: the main step asked for nothing', () => {
    expect(decidePostRevocation(undefined, 'f'.repeat(64), now)).toEqual({ action: 'none' })
    expect(decidePostRevocation(undefined, undefined, now)).toEqual({ action: 'none' })
  })

  it('warns and revokes nothing when the token changed or is gone', () => {
    expect(decidePostRevocation(record(), 'e'.repeat(64), now)).toMatchObject({
      action: 'skip',
      level: 'warning',
      key: 'post-token-changed',
      message: expect.stringMatching(/^Not revoking: the token this post step was given is not the one/),
    })
    expect(decidePostRevocation(record(), undefined, now)).toMatchObject({
      action: 'skip',
      level: 'warning',
      key: 'post-token-changed',
      message: expect.stringMatching(/changed or is absent/),
    })
  })

  it('verifies first when the main step had no verdict', () => {
    expect(
      decidePostRevocation(record({ verified: false, tokenId: null, expiresAt: null }), 'f'.repeat(64), now),
    ).toEqual({ action: 'verify-first' })
  })

  it('skips a token clearly expired, but not one within the clock-drift margin', () => {
    const justPast = new Date(now.getTime() - (CLOCK_DRIFT_MARGIN_SECONDS - 10) * 1000).toISOString()
    const longPast = new Date(now.getTime() - (CLOCK_DRIFT_MARGIN_SECONDS + 10) * 1000).toISOString()
    expect(decidePostRevocation(record({ expiresAt: justPast }), 'f'.repeat(64), now)).toEqual({ action: 'revoke' })
    expect(decidePostRevocation(record({ expiresAt: longPast }), 'f'.repeat(64), now)).toMatchObject({
      action: 'skip',
      level: 'info',
      message: expect.stringMatching(/expired at/),
    })
  })

  it('revokes a token the main step made without verifying it first: the record holds its secret', () => {
    const made = record({ verified: false, madeToken: 'mAdEsEcReT', expiresAt: '2026-01-01T13:00:00Z' })
    expect(decidePostRevocation(made, 'f'.repeat(64), now)).toEqual({ action: 'revoke' })
    // Its expiry is only what Fastly's answers said: a wrong one (in the past) must not keep the job's token alive.
    const expired = record({ verified: false, madeToken: 'mAdEsEcReT', expiresAt: '2026-01-01T10:00:00Z' })
    expect(decidePostRevocation(expired, 'f'.repeat(64), now)).toEqual({ action: 'revoke' })
  })
})
