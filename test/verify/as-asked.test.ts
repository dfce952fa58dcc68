import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { widerThanAsked } from '../../src/verify/as-asked.js'

const ASKED_AT = Date.parse('2026-01-01T01:00:00Z')
const asked = { scopes: ['purge_select'], services: ['SvcA', 'SvcB'], expiresAt: ASKED_AT }

describe('widerThanAsked', () => {
  it('accepts a token made exactly as asked, or narrower', () => {
    expect(
      widerThanAsked({ scopes: ['purge_select'], services: ['SvcA', 'SvcB'], expiresAt: ASKED_AT }, asked),
    ).toEqual([])
    expect(
      widerThanAsked({ scopes: ['purge_select'], services: ['SvcA'], expiresAt: ASKED_AT - 3600_000 }, asked),
    ).toEqual([])
  })

  it('counts a token whose scope Fastly does not state as wider, unless global was asked', () => {
    expect(widerThanAsked({ ...asked, scopes: [] }, asked)).toEqual(['no scope stated (asked: purge_select)'])
    expect(widerThanAsked({ ...asked, scopes: [] }, { ...asked, scopes: ['global'] })).toEqual([])
  })

  it('tolerates an expiry up to a minute late, not more', () => {
    expect(widerThanAsked({ ...asked, expiresAt: ASKED_AT + 60_000 }, asked)).toEqual([])
    expect(widerThanAsked({ ...asked, expiresAt: ASKED_AT + 61_000 }, asked)).toEqual([
      'expiry 2026-01-01 01:01 UTC (asked: 2026-01-01 01:00 UTC)',
    ])
  })

  it('names each way the token is wider', () => {
    expect(widerThanAsked({ scopes: ['global'], services: [], expiresAt: null }, asked)).toEqual([
      'scope global (asked: purge_select)',
      'all services (asked: SvcA, SvcB)',
      'no expiry (asked: 2026-01-01 01:00 UTC)',
    ])
    expect(widerThanAsked({ ...asked, services: ['SvcA', 'SvcC'] }, asked)).toEqual([
      'services SvcA, SvcC (asked: SvcA, SvcB)',
    ])
  })

  it('takes global as asking for every scope, and no services as asking for all of them', () => {
    const broad = { scopes: ['global'], services: [], expiresAt: ASKED_AT }
    expect(widerThanAsked({ scopes: ['global', 'purge_all'], services: ['SvcZ'], expiresAt: ASKED_AT }, broad)).toEqual(
      [],
    )
    expect(
      widerThanAsked({ scopes: ['global'], services: [], expiresAt: ASKED_AT }, { ...broad, scopes: ['global:read'] }),
    ).toEqual(['scope global (asked: global:read)'])
  })

  it('never calls a token wider when every limit is within what was asked (property)', () => {
    const scope = fc.constantFrom('global', 'global:read', 'purge_all', 'purge_select')
    const service = fc.constantFrom('SvcA', 'SvcB', 'SvcC')
    fc.assert(
      fc.property(
        fc.uniqueArray(scope, { minLength: 1 }),
        fc.uniqueArray(service),
        fc.integer({ min: -86_400_000, max: 60_000 }),
        (scopes, services, shift) => {
          const order = { scopes, services, expiresAt: ASKED_AT }
          // Any subset of what was asked, with an expiry no later than the slack allows.
          // Fastly always states a scope: a non-empty subset of what was asked.
          const granted = {
            scopes: scopes.length > 1 ? scopes.slice(1) : scopes,
            services: services.slice(1),
            expiresAt: ASKED_AT + shift,
          }
          const narrowerServices =
            services.length === 0 ? [] : granted.services.length === 0 ? services : granted.services
          expect(widerThanAsked({ ...granted, services: narrowerServices }, order)).toEqual([])
        },
      ),
    )
  })
})
