import { describe, expect, it } from 'vitest'
import {
  decodePendingMint,
  decodePostRecord,
  encodePendingMint,
  encodePostRecord,
  fingerprintToken,
  type PostRecord,
  RECORD_NAME_LIMIT,
} from '../../src/revoke/post-record.js'

const record = (overrides: Partial<PostRecord> = {}): PostRecord => ({
  apiUrl: 'https://api.fastly.com',
  timeoutMs: 30_000,
  maxRetries: 3,
  dryRun: false,
  failOnError: true,
  jobSummary: true,
  allowNonExpiring: false,
  fingerprint: fingerprintToken('tok3n-secret'),
  madeToken: null,
  tokenId: 'T1',
  tokenName: 'deploy',
  expiresAt: '2026-01-02T00:00:00Z',
  verified: true,
  ...overrides,
})

describe('the post step record (the main-to-post contract)', () => {
  it('round-trips everything the post step needs', () => {
    expect(decodePostRecord(encodePostRecord(record()))).toEqual(record())
    expect(
      decodePostRecord(encodePostRecord(record({ tokenId: null, tokenName: null, expiresAt: null, verified: false }))),
    ).toEqual(record({ tokenId: null, tokenName: null, expiresAt: null, verified: false }))
  })

  it('fingerprints with SHA-256 and never holds the token', () => {
    expect(fingerprintToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(encodePostRecord(record())).not.toContain('tok3n-secret')
  })

  it('stays small whatever the token is called, so the post step can always start', () => {
    const encoded = encodePostRecord(record({ tokenName: 'n'.repeat(200 * 1024) }))
    expect(encoded.length).toBeLessThan(1024)
    expect(decodePostRecord(encoded)?.tokenName).toBe('n'.repeat(RECORD_NAME_LIMIT))
    // A name of astral characters is cut between characters, not inside one.
    expect(decodePostRecord(encodePostRecord(record({ tokenName: '🔑'.repeat(500) })))?.tokenName).toBe(
      '🔑'.repeat(RECORD_NAME_LIMIT),
    )
  })

  it('keeps only IDs that are IDs', () => {
    expect(decodePostRecord(encodePostRecord(record({ tokenId: 'self/../x' })))?.tokenId).toBeNull()
    expect(decodePostRecord(encodePostRecord(record({ tokenId: 'A'.repeat(500) })))?.tokenId).toBeNull()
  })

  it('reads an unreadable or incomplete record as no record, so it can never cause a revocation', () => {
    const good = JSON.parse(encodePostRecord(record())) as Record<string, unknown>
    const broken = [
      'not json',
      '{}',
      '[]',
      'null',
      JSON.stringify({ ...good, fingerprint: 'x' }),
      JSON.stringify({ ...good, verified: 'true' }),
      JSON.stringify({ ...good, timeoutMs: -1 }),
      JSON.stringify({ ...good, apiUrl: 'http://evil.example' }),
      JSON.stringify({ ...good, apiUrl: 'ftp://api.fastly.com' }),
    ]
    for (const raw of broken) expect(decodePostRecord(raw), raw).toBeUndefined()
    expect(decodePostRecord('')).toBeUndefined()
  })

  describe('with the secret of a token the main step made', () => {
    const secret = 'mAdEfOrThEjOb0123456789abcdefghi'
    const made = () => record({ fingerprint: fingerprintToken(secret), madeToken: secret })

    it('round-trips it: the post step revokes that token with it', () => {
      expect(decodePostRecord(encodePostRecord(made()))).toEqual(made())
    })

    it('holds it once, and no other secret', () => {
      const encoded = encodePostRecord(made())
      expect(encoded.split(secret)).toHaveLength(2)
      expect(JSON.parse(encoded)).toMatchObject({ madeToken: secret })
    })

    it('refuses a record whose secret is not the one fingerprinted, or not a secret at all', () => {
      const good = JSON.parse(encodePostRecord(made())) as Record<string, unknown>
      const broken = [
        { ...good, madeToken: 'another-secret-0123456789abcdefgh' },
        { ...good, madeToken: 42 },
        { ...good, madeToken: '' },
        { ...good, madeToken: 'two words', fingerprint: fingerprintToken('two words') },
        { ...good, madeToken: 'x'.repeat(2000), fingerprint: fingerprintToken('x'.repeat(2000)) },
        { ...good, madeToken: undefined },
      ]
      for (const raw of broken) expect(decodePostRecord(JSON.stringify(raw)), JSON.stringify(raw)).toBeUndefined()
    })
  })
})

describe('the pending create (saved while POST /tokens is in flight)', () => {
  const pending = { name: 'org/app run 1 attempt 1 job deploy', expiresAt: '2026-01-02T01:00:00Z' }

  it('round-trips the name and the expiry, and is never read as a record that revokes', () => {
    const saved = encodePendingMint(pending)
    expect(decodePendingMint(saved)).toEqual(pending)
    expect(decodePostRecord(saved)).toBeUndefined()
    expect(decodePendingMint(encodePostRecord(record()))).toBeUndefined()
  })

  it('stays small whatever the name', () => {
    const saved = encodePendingMint({ ...pending, name: 'n'.repeat(200_000) })
    expect(saved.length).toBeLessThan(RECORD_NAME_LIMIT + 100)
    expect(decodePendingMint(saved)?.name).toHaveLength(RECORD_NAME_LIMIT)
  })

  it('reads anything else as no pending create', () => {
    const broken = [
      '',
      'null',
      '[]',
      '{"pendingMint":null}',
      '{"pendingMint":{"name":"x"}}',
      '{"pendingMint":{"name":1,"expiresAt":"2026-01-02T01:00:00Z"}}',
      '{"pendingMint":{"name":"x","expiresAt":"soon"}}',
      '{"pendingMint":{"name":"x","expiresAt":"+275760-09-13T00:00:00Z"}}',
    ]
    for (const raw of broken) expect(decodePendingMint(raw), raw).toBeUndefined()
  })
})
