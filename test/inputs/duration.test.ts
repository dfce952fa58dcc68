import { describe, expect, it } from 'vitest'
import { parseDuration, parseOptionalDuration } from '../../src/inputs/duration.js'
import { describeDuration, describeRelative, formatDuration } from '../../src/shared/time.js'
import { InputError } from '../../src/inputs/input-error.js'

const parse = (raw: string) => parseDuration('fail-if-expires-within', raw)

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['000', 0],
    ['30s', 30],
    ['90m', 5400],
    ['12h', 43200],
    ['7d', 604800],
    ['2w', 1209600],
    ['1d12h', 129600],
    ['1w2d3h4m5s', 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5],
    ['7D', 604800],
    [' 7d ', 604800],
    ['P7D', 604800],
    ['p7d', 604800],
    ['PT12H', 43200],
    ['P1DT6H', 108000],
    ['P2W', 1209600],
    ['PT90M', 5400],
    ['PT30S', 30],
    ['P1DT1H1M1S', 90061],
  ])('reads %s as %d seconds', (raw, seconds) => {
    expect(parse(raw)).toBe(seconds)
  })

  it.each([
    ['7', /no unit/],
    ['1.5d', /not a whole number/],
    ['1,5d', /not a whole number/],
    ['-1d', /negative/],
    ['-0', /negative/],
    ['3y', /unknown unit 'y'/],
    ['10x', /unknown unit 'x'/],
    ['1h1d', /largest first/],
    ['1d1d', /largest first/],
    ['1 d', /contains spaces/],
    ['P1Y', /years or months/],
    ['P1M', /years or months/],
    ['P1.5Y', /years or months/],
    ['P', /ISO 8601/],
    ['PT', /ISO 8601/],
    ['P1DT', /ISO 8601/],
    ['abc', /unknown unit 'abc'/],
    ['500ms', /unknown unit 'ms'/],
    ['1d5', /number without a unit/],
    ['', /empty/],
    ['99999999999d', /longer than 100 years/],
  ])('refuses %j, naming the input and the value', (raw, why) => {
    let error: unknown
    try {
      parse(raw)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InputError)
    const message = (error as InputError).message
    expect(message).toMatch(why)
    expect(message).toContain("'fail-if-expires-within'")
    expect(message).toContain(JSON.stringify(raw))
    expect(message).toMatch(/for example 7d/)
    expect((error as InputError).input).toBe('fail-if-expires-within')
  })

  it('treats an empty optional duration as not set', () => {
    expect(parseOptionalDuration('x', '')).toBeUndefined()
    expect(parseOptionalDuration('x', '  ')).toBeUndefined()
    expect(parseOptionalDuration('x', '0')).toBe(0)
  })
})

describe('describing durations', () => {
  it('uses the largest whole unit', () => {
    expect(describeDuration(0)).toBe('0 seconds')
    expect(describeDuration(1)).toBe('1 second')
    expect(describeDuration(86399)).toBe('24 hours')
    expect(describeDuration(6 * 86400 + 5)).toBe('6 days')
    expect(describeDuration(-120 * 86400)).toBe('4 months')
    expect(describeDuration(800 * 86400)).toBe('2 years')
    // Never rounded into a lie: 10 days inside a 14-day window is 10 days, not a week; 47 hours is not "1 day".
    expect(describeDuration(10 * 86400)).toBe('10 days')
    expect(describeDuration(10 * 86400 - 60)).toBe('10 days')
    expect(describeDuration(3 * 86400 - 60)).toBe('3 days')
    expect(describeDuration(47 * 3600)).toBe('47 hours')
    expect(describeDuration(59 * 86400)).toBe('59 days')
    expect(describeDuration(400 * 86400)).toBe('13 months')
  })

  it('says future and past the way people do', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    expect(describeRelative(new Date('2026-01-07T00:00:00Z'), now)).toBe('in 6 days')
    expect(describeRelative(new Date('2025-09-01T00:00:00Z'), now)).toBe('4 months ago')
    expect(describeRelative(now, now)).toBe('now')
  })

  it('formats back into the compact form, which parses to the same value', () => {
    for (const seconds of [0, 1, 59, 3600, 5400, 86400, 604800, 129600, 90061]) {
      expect(parse(formatDuration(seconds))).toBe(seconds)
    }
    expect(formatDuration(604800)).toBe('7d')
  })
})
