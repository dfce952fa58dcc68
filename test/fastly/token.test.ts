import { describe, expect, it } from 'vitest'
import { MalformedTokenError, normalizeToken } from '../../src/fastly/token.js'
import { formatTimestamp, formatUtc, parseInstant } from '../../src/shared/time.js'

const parseTimestamp = (value: string) => {
  const time = parseInstant(value)
  return time === undefined ? undefined : new Date(time)
}

const example = {
  id: '5aBcDeFgHiJkLmNoPqRsTu',
  user_id: '9zYxWvUtSrQpOnMlKjIhGf',
  customer_id: '1qWeRtYuIoPaSdFgHjKlZx',
  name: 'deploy-ci',
  scope: 'global purge_all',
  scopes: ['global', 'purge_all'],
  services: ['SvcA1b2C3d4E5f6G7h8I9j'],
  service_id: 'SvcA1b2C3d4E5f6G7h8I9j',
  created_at: '2025-01-10T08:00:00Z',
  last_used_at: '2025-03-01T12:34:56Z',
  expires_at: '2025-04-10T08:00:00Z',
  ip: '198.51.100.7',
  user_agent: 'curl/8.5.0',
  sudo_expires_at: null,
}

describe('normalizeToken', () => {
  it("reads Fastly's documented example", () => {
    const token = normalizeToken(example)
    expect(token).toMatchObject({
      id: '5aBcDeFgHiJkLmNoPqRsTu',
      name: 'deploy-ci',
      userId: '9zYxWvUtSrQpOnMlKjIhGf',
      customerId: '1qWeRtYuIoPaSdFgHjKlZx',
      scope: 'global purge_all',
      scopes: ['global', 'purge_all'],
      services: ['SvcA1b2C3d4E5f6G7h8I9j'],
      sudoExpiresAt: null,
    })
    expect(token.expiresAt).toBe(Date.parse('2025-04-10T08:00:00.000Z'))
  })

  it('treats null, missing and "" alike, as automation-token answers carry them', () => {
    for (const blank of [null, '', undefined, '   ']) {
      const token = normalizeToken({
        id: 'abc',
        expires_at: blank,
        last_used_at: blank,
        services: null,
        name: blank,
        scope: blank,
      })
      expect(token.expiresAt).toBeNull()
      expect(token.lastUsedAt).toBeNull()
      expect(token.services).toEqual([])
      expect(token.name).toBeNull()
      expect(token.scope).toBe('')
    }
  })

  it('splits multi-scope strings and falls back to the scopes array', () => {
    expect(normalizeToken({ id: 'a', scope: 'global  global:read' }).scopes).toEqual(['global', 'global:read'])
    expect(normalizeToken({ id: 'a', scopes: ['purge_select', null, 'purge_all'] })).toMatchObject({
      scope: 'purge_select purge_all',
      scopes: ['purge_select', 'purge_all'],
    })
  })

  it('uses service_id when the services list is empty', () => {
    expect(normalizeToken({ id: 'a', services: null, service_id: 'Svc1' }).services).toEqual(['Svc1'])
    expect(normalizeToken({ id: 'a', services: [], service_id: '' }).services).toEqual([])
  })

  it('refuses what is not a token object', () => {
    for (const raw of [null, 'x', 42, [], {}, { id: '' }, { id: null }]) {
      expect(() => normalizeToken(raw)).toThrow(MalformedTokenError)
    }
  })

  it.each([
    [{}, '{}'],
    [true, 'true'],
    [false, 'false'],
    [['2030-01-01T00:00:00Z'], '["2030-01-01T00:00:00Z"]'],
    [1767225600, '1767225600'],
    [0, '0'],
    ['next tuesday', '"next tuesday"'],
    ['x'.repeat(100), `"${'x'.repeat(36)}...`],
  ])('marks an expires_at of %j unreadable, never "never expires"', (expiresAt, shown) => {
    expect(normalizeToken({ id: 'a', expires_at: expiresAt })).toMatchObject({
      expiresAt: null,
      unreadableExpiry: shown,
    })
  })

  it.each([[null], [undefined], [''], ['  ']])(
    'reads an expires_at of %j as "never expires", as Fastly sends it',
    (raw) => {
      expect(normalizeToken({ id: 'a', expires_at: raw })).toMatchObject({ expiresAt: null, unreadableExpiry: null })
    },
  )

  it('reads other unreadable dates as unknown: they are only shown', () => {
    expect(normalizeToken({ id: 'a', last_used_at: 'garbage', created_at: {} })).toMatchObject({
      lastUsedAt: null,
      createdAt: null,
    })
  })
})

/** An item of `GET /automation-tokens` as go-fastly's recorded traffic shows it (values invented). */
const automationItem = {
  id: 'AutoTok0000000000000001',
  creator_id: 'Creator000000000000001',
  customer_id: '1qWeRtYuIoPaSdFgHjKlZx',
  name: 'terraform-prod',
  access_token: '',
  role: 'engineer',
  ip: '',
  user_agent: null,
  scopes: 'global purge_all',
  services: null,
  service_id: null,
  sudo_expires_at: null,
  last_used_at: '2025-02-01T10:00:00Z',
  created_at: '2024-09-01T08:00:00Z',
  expires_at: null,
  tls_access: true,
}

describe('one token model for user and automation tokens', () => {
  it('reads an automation list item: kind, role, creator (not an owner), TLS access, scopes from one string', () => {
    expect(normalizeToken(automationItem, 'automation')).toMatchObject({
      id: 'AutoTok0000000000000001',
      kind: 'automation',
      role: 'engineer',
      userId: null,
      creatorId: 'Creator000000000000001',
      tlsAccess: true,
      scope: 'global purge_all',
      scopes: ['global', 'purge_all'],
      services: [],
      expiresAt: null,
      lastUsedAt: Date.parse('2025-02-01T10:00:00Z'),
    })
  })

  it('tells an automation token from a user token where Fastly does not say (GET /tokens/self, the customer list)', () => {
    // The shape of GET /automation-tokens/{id}: `scope`, no creator, "" for empty timestamps.
    const byIdShape = { id: 'A1', name: 'ci', role: 'billing', scope: 'global:read', expires_at: '', last_used_at: '' }
    expect(normalizeToken(byIdShape)).toMatchObject({
      kind: 'automation',
      role: 'billing',
      creatorId: null,
      scopes: ['global:read'],
      expiresAt: null,
      lastUsedAt: null,
    })
    expect(normalizeToken({ id: 'A2', creator_id: 'C1', scopes: 'global' }).kind).toBe('automation')
    expect(normalizeToken(example)).toMatchObject({ kind: 'user', role: null, creatorId: null, tlsAccess: null })
    // A user_id makes it a person's token, whatever else the object carries.
    expect(normalizeToken({ id: 'U1', user_id: 'Person1', role: 'engineer' }).kind).toBe('user')
    expect(normalizeToken({ id: 'S1', user_id: 'Person1', name: 'manage.fastly.com browser session' }).kind).toBe(
      'browser-session',
    )
    // The automation list is authoritative, whatever the item is named.
    expect(normalizeToken({ id: 'S2', name: 'manage.fastly.com browser session' }, 'automation').kind).toBe(
      'automation',
    )
  })

  it('reads scopes from scope or scopes, a string or an array, scope first', () => {
    const read = (fields: Record<string, unknown>) => normalizeToken({ id: 'a', ...fields })
    expect(read({ scopes: 'global:read purge_all' })).toMatchObject({
      scope: 'global:read purge_all',
      scopes: ['global:read', 'purge_all'],
    })
    expect(read({ scope: ['purge_select', 'purge_all'] })).toMatchObject({
      scope: 'purge_select purge_all',
      scopes: ['purge_select', 'purge_all'],
    })
    expect(read({ scope: 'global', scopes: ['purge_all'] }).scopes).toEqual(['global'])
    expect(read({ scope: '', scopes: 'global' }).scopes).toEqual(['global'])
    expect(read({ scope: null, scopes: [] })).toMatchObject({ scope: '', scopes: [] })
  })

  it('reads tls_access only as a boolean', () => {
    expect(normalizeToken({ ...automationItem, tls_access: false }).tlsAccess).toBe(false)
    for (const odd of ['true', 1, null, undefined]) {
      expect(normalizeToken({ ...automationItem, tls_access: odd }).tlsAccess).toBeNull()
    }
  })
})

describe('timestamps', () => {
  it.each([
    ['2021-04-14T10:20:53Z', '2021-04-14T10:20:53.000Z'],
    ['2021-04-14T10:20:53+00:00', '2021-04-14T10:20:53.000Z'],
    ['2021-04-14T12:20:53+02:00', '2021-04-14T10:20:53.000Z'],
    ['2021-04-14t10:20:53.123z', '2021-04-14T10:20:53.123Z'],
    ['2021-04-14 10:20:53Z', '2021-04-14T10:20:53.000Z'],
  ])('reads RFC 3339 %s', (raw, iso) => {
    expect(parseTimestamp(raw)?.toISOString()).toBe(iso)
  })

  it.each(['2021-04-14', '2021-13-01T00:00:00Z', '2021-04-14T10:20:53', 'yesterday', '2021-04-14T25:00:00Z'])(
    'refuses %s',
    (raw) => {
      expect(parseTimestamp(raw)).toBeUndefined()
    },
  )

  it('formats UTC without zero milliseconds', () => {
    expect(formatTimestamp(new Date('2025-04-10T08:00:00Z'))).toBe('2025-04-10T08:00:00Z')
    expect(formatTimestamp(null)).toBe('')
  })

  it('formats times for messages to the minute in UTC', () => {
    expect(formatUtc(new Date('2026-04-10T08:00:59.999Z'))).toBe('2026-04-10 08:00 UTC')
  })

  it('never throws on a time no Date can hold (a server asked for it)', () => {
    expect(formatUtc(1e23)).toBe('an unrepresentable time')
    expect(formatUtc(new Date(Number.NaN))).toBe('an unrepresentable time')
    expect(formatTimestamp(Number.POSITIVE_INFINITY)).toBe('')
  })
})
