import { describe, expect, it } from 'vitest'
import { fingerprintToken, isPostPhase, markMainStarted, readPostRevocation, savePostRevocation, STATE_KEYS } from '../src/state.js'

describe('the main-to-post state contract', () => {
  it('round-trips the post-revoke record and marks the post phase', () => {
    const state: Record<string, string> = {}
    const save = (name: string, value: string) => void (state[name] = value)
    expect(isPostPhase((name) => state[name] ?? '')).toBe(false)
    markMainStarted(save)
    expect(isPostPhase((name) => state[name] ?? '')).toBe(true)
    const record = { tokenId: 'T1', tokenName: null, fingerprint: fingerprintToken('secret'), expiresAt: null, verified: true }
    savePostRevocation(save, record)
    expect(readPostRevocation((name) => state[name] ?? '')).toEqual(record)
    expect(Object.keys(state).sort()).toEqual([STATE_KEYS.isPost, STATE_KEYS.postRevoke].sort())
  })

  it('fingerprints with SHA-256 and never stores the token', () => {
    expect(fingerprintToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    const state: Record<string, string> = {}
    savePostRevocation((n, v) => void (state[n] = v), {
      tokenId: 'T',
      tokenName: null,
      fingerprint: fingerprintToken('tok3n-secret'),
      expiresAt: null,
      verified: true,
    })
    expect(JSON.stringify(state)).not.toContain('tok3n-secret')
  })

  it('reads an unreadable record as no record, so it can never cause a revocation', () => {
    for (const raw of ['not json', '{}', '{"fingerprint":1,"verified":true}', '[]']) {
      expect(readPostRevocation(() => raw)).toBeUndefined()
    }
  })
})
