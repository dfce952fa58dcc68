import { describe, expect, it } from 'vitest'
import { auditTokens, flagToken, type AuditPolicy } from '../../src/audit/classify.js'
import { parseAuditFlags } from '../../src/inputs/parsers.js'
import { normalizeToken } from '../../src/fastly/token.js'

const now = new Date('2026-06-01T00:00:00Z')
const DAY = 86400
const day = (n: number) => new Date(now.getTime() + n * DAY * 1000).toISOString()
const policy: AuditPolicy = { warnWithin: 7 * DAY, staleAfter: 90 * DAY, failOn: [], includeSessionTokens: false }
const token = (id: string, fields: Record<string, unknown> = {}) =>
  normalizeToken({ id, name: id, created_at: day(-10), last_used_at: day(-1), expires_at: day(30), ...fields })

describe('flagToken', () => {
  it.each([
    ['a healthy token', {}, []],
    ['an expired one', { expires_at: day(-1) }, ['expired']],
    ['one expiring inside the warn window', { expires_at: day(7) }, ['expiring']],
    ['one just outside it', { expires_at: day(7.01) }, []],
    ['one without expiry', { expires_at: '' }, ['no-expiry']],
    ['one unused for longer than stale-after', { last_used_at: day(-91) }, ['stale']],
    ['one never used and created long ago', { last_used_at: null, created_at: day(-91) }, ['stale']],
    ['one never used but new', { last_used_at: null, created_at: day(-5) }, []],
    ['one with no dates at all', { last_used_at: null, created_at: null }, []],
    ['a stale token that never expires', { last_used_at: day(-200), expires_at: null }, ['stale', 'no-expiry']],
    ['an expired stale token', { last_used_at: day(-200), expires_at: day(-100) }, ['expired', 'stale']],
    ['one whose expiry is no time', { expires_at: true }, ['unreadable-expiry']],
    ['one whose expiry is an epoch number', { expires_at: 1767225600 }, ['unreadable-expiry']],
    [
      'a stale one whose expiry is no time',
      { last_used_at: day(-200), expires_at: {} },
      ['unreadable-expiry', 'stale'],
    ],
  ])('%s', (_, fields, flags) => {
    expect(flagToken(token('T', fields), now, policy)).toEqual(flags)
  })

  it('raises no expiring flag when the warn window is off', () => {
    expect(flagToken(token('T', { expires_at: day(1) }), now, { ...policy, warnWithin: 0 })).toEqual([])
    expect(flagToken(token('T', { expires_at: day(1) }), now, { ...policy, warnWithin: undefined })).toEqual([])
  })
})

describe('auditTokens', () => {
  const tokens = [
    token('Ok1'),
    token('NoExp', { expires_at: null }),
    token('Exp2', { expires_at: day(-2) }),
    token('Exp1', { expires_at: day(-5) }),
    token('Soon', { expires_at: day(3) }),
    token('StaleForever', { last_used_at: day(-200), expires_at: null }),
    token('Current', { expires_at: day(-1) }),
    token('Odd', { expires_at: {} }),
    normalizeToken({ id: 'Sess', name: 'MANAGE.FASTLY.COM BROWSER SESSION', expires_at: day(-1) }),
  ]

  it('sorts by category, then soonest expiry, and leaves out sessions', () => {
    const result = auditTokens(tokens, 'Current', policy, now)
    expect(result.entries.map((e) => e.token.id)).toEqual([
      'Exp1',
      'Exp2',
      'Current',
      'Odd',
      'Soon',
      'StaleForever',
      'NoExp',
      'Ok1',
    ])
    expect(result.sessionTokensLeftOut).toBe(1)
    expect(result.counts).toEqual({ expired: 3, 'unreadable-expiry': 1, expiring: 1, stale: 1, 'no-expiry': 1, ok: 1 })
  })

  it('keeps the current token out of every ID list', () => {
    const result = auditTokens(tokens, 'Current', policy, now)
    expect(result.idsByFlag).toEqual({
      expired: ['Exp1', 'Exp2'],
      'unreadable-expiry': ['Odd'],
      expiring: ['Soon'],
      stale: ['StaleForever'],
      'no-expiry': ['StaleForever', 'NoExp'],
    })
    expect(result.entries.find((e) => e.current)?.token.id).toBe('Current')
  })

  it('needs attention for any flag by default, or for the flags of audit-fail-on', () => {
    const any = auditTokens(tokens, 'Current', policy, now)
    expect(any.needsAttention).toHaveLength(7)
    expect(any.failing).toHaveLength(0)
    const onNoExpiry = auditTokens(tokens, 'Current', { ...policy, failOn: ['no-expiry'] }, now)
    expect(onNoExpiry.failing.map((e) => e.token.id)).toEqual(['StaleForever', 'NoExp'])
    expect(onNoExpiry.needsAttention.map((e) => e.token.id)).toEqual(['StaleForever', 'NoExp'])
  })

  it('audits automation tokens like user tokens, and counts each kind', () => {
    const robots = [
      normalizeToken({ id: 'RobotForever', role: 'engineer', expires_at: null, created_at: day(-10) }, 'automation'),
      normalizeToken({ id: 'RobotGone', role: 'billing', expires_at: day(-1), last_used_at: day(-200) }, 'automation'),
    ]
    const result = auditTokens([...tokens, ...robots], 'RobotForever', policy, now)
    expect(result.idsByFlag.expired).toEqual(['Exp1', 'Exp2', 'Current', 'RobotGone'])
    expect(result.idsByFlag.stale).toContain('RobotGone')
    // The token the audit runs with is marked whatever its kind, and kept out of the ID lists.
    expect(result.entries.find((e) => e.current)?.token.id).toBe('RobotForever')
    expect(result.idsByFlag['no-expiry']).not.toContain('RobotForever')
    expect(result.countsByKind).toEqual({ user: 8, automation: 2, 'browser-session': 0 })
    const failing = auditTokens(robots, 'none', { ...policy, failOn: ['no-expiry'] }, now).failing
    expect(failing.map((e) => e.token.id)).toEqual(['RobotForever'])
  })

  it('keeps an ID revoke-token-ids would refuse out of the ID lists, so one odd ID cannot block a cleanup', () => {
    const odd = ['evil\n::error::x', 'has-dash_and.dot', 'self'].map((id) =>
      normalizeToken({ id, expires_at: day(-1) }),
    )
    const result = auditTokens([...tokens, ...odd], 'Current', policy, now)
    expect(result.idsByFlag.expired).toEqual(['Exp1', 'Exp2'])
    // Still audited and shown: only the lists meant for revocation leave them out.
    expect(result.entries.map((e) => e.token.id)).toEqual(expect.arrayContaining(odd.map((t) => t.id)))
    expect(result.counts.expired).toBe(auditTokens(tokens, 'Current', policy, now).counts.expired + odd.length)
  })

  it('audits browser sessions when asked', () => {
    const withSessions = auditTokens(tokens, 'Current', { ...policy, includeSessionTokens: true }, now)
    expect(withSessions.entries).toHaveLength(9)
    expect(withSessions.countsByKind).toEqual({ user: 8, automation: 0, 'browser-session': 1 })
    expect(token('x', { name: ' manage.fastly.com browser session ' }).kind).toBe('browser-session')
    expect(token('x', { name: 'manage.fastly.com browser session 2' }).kind).toBe('user')
  })

  it('reads audit-fail-on in any case and refuses unknown flags', () => {
    expect(parseAuditFlags('audit-fail-on', 'EXPIRED no-expiry,stale')).toEqual(['expired', 'no-expiry', 'stale'])
    expect(() => parseAuditFlags('audit-fail-on', 'unused')).toThrow(/"unused", which is not an audit flag/)
  })
})
