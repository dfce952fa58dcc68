import { describe, expect, it } from 'vitest'
import { parseBoolean, parseChoice, parseInteger, parseList } from '../../src/inputs/parsers.js'

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    [' false ', false],
    ['FALSE', false],
  ])('reads %j', (raw, value) => expect(parseBoolean('require-expiry', raw)).toBe(value))

  it.each(['yes', '1', '', 'on', 'tru'])('refuses %j naming the input', (raw) => {
    expect(() => parseBoolean('require-expiry', raw)).toThrow(
      `Input 'require-expiry' has ${JSON.stringify(raw)}, which is not a boolean. Use true or false.`,
    )
  })
})

describe('parseList', () => {
  it('splits on spaces, commas and newlines, dropping blanks and duplicates in order', () => {
    expect(parseList('a b,c\nd\r\n e,,a')).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(parseList('')).toEqual([])
    expect(parseList(' \n, ')).toEqual([])
  })
})

describe('parseInteger', () => {
  it('reads whole numbers within bounds', () => {
    expect(parseInteger('max-retries', '0', 0, 10)).toBe(0)
    expect(parseInteger('max-retries', ' 10 ', 0, 10)).toBe(10)
  })
  it.each(['-1', '11', '1.5', 'three', ''])('refuses %j', (raw) => {
    expect(() => parseInteger('max-retries', raw, 0, 10)).toThrow(
      /Input 'max-retries' has .* not a whole number from 0 to 10/,
    )
  })
})

describe('parseChoice', () => {
  it('accepts any case and refuses others with the list', () => {
    expect(parseChoice('revoke', 'POST', ['never', 'now', 'post'] as const)).toBe('post')
    expect(() => parseChoice('revoke', 'later', ['never', 'now', 'post'] as const)).toThrow(
      'Input \'revoke\' has "later", which is not one of: never, now, post.',
    )
  })
})
