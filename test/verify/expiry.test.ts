import { describe, expect, it } from 'vitest'
import { classifyExpiry } from '../../src/verify/expiry.js'

const now = new Date('2026-01-01T00:00:00Z')
const at = (seconds: number) => now.getTime() + seconds * 1000
const DAY = 86400

describe('classifyExpiry', () => {
  it('knows a token without expiry', () => {
    expect(classifyExpiry(null, now, { failWithin: DAY, warnWithin: 7 * DAY })).toEqual({
      class: 'never',
      secondsLeft: null,
    })
  })

  it('places an expiry against both windows, edges included', () => {
    const windows = { failWithin: DAY, warnWithin: 7 * DAY }
    expect(classifyExpiry(at(-5), now, windows)).toEqual({ class: 'expired', secondsLeft: -5 })
    expect(classifyExpiry(at(0), now, windows).class).toBe('expired')
    expect(classifyExpiry(at(DAY), now, windows)).toEqual({ class: 'fail-window', secondsLeft: DAY })
    expect(classifyExpiry(at(DAY + 1), now, windows).class).toBe('warn-window')
    expect(classifyExpiry(at(7 * DAY), now, windows).class).toBe('warn-window')
    expect(classifyExpiry(at(7 * DAY + 1), now, windows)).toEqual({ class: 'ok', secondsLeft: 7 * DAY + 1 })
  })

  it('gives no warning when the warn window is 0 or unset, and fails only when asked', () => {
    expect(classifyExpiry(at(60), now, { warnWithin: 0 }).class).toBe('ok')
    expect(classifyExpiry(at(60), now, {}).class).toBe('ok')
    expect(classifyExpiry(at(60), now, { failWithin: 0 }).class).toBe('ok')
  })

  it('rounds partial seconds down', () => {
    expect(classifyExpiry(now.getTime() + 1500, now, {}).secondsLeft).toBe(1)
  })
})
