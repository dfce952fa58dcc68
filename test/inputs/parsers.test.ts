import { describe, expect, it } from 'vitest'
import {
  parseBoolean,
  parseChoice,
  parseInteger,
  parseList,
  parseLogin,
  parseTokenLifetime,
  parseTokenName,
  parseTokenScopes,
} from '../../src/inputs/parsers.js'

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

describe('the mint inputs', () => {
  it('reads new-token-expires-in within 1 minute and 90 days', () => {
    expect(parseTokenLifetime('new-token-expires-in', '1h')).toBe(3600)
    expect(parseTokenLifetime('new-token-expires-in', '1m')).toBe(60)
    expect(parseTokenLifetime('new-token-expires-in', '90d')).toBe(90 * 86400)
    for (const raw of ['59s', '91d', '0'])
      expect(() => parseTokenLifetime('new-token-expires-in', raw)).toThrow(
        `Input 'new-token-expires-in' has ${JSON.stringify(raw)}, which is outside 1 minute to 90 days.`,
      )
  })

  it('reads new-token-scope as one or more of Fastly scopes', () => {
    expect(parseTokenScopes('new-token-scope', 'purge_all, purge_select')).toEqual(['purge_all', 'purge_select'])
    expect(() => parseTokenScopes('new-token-scope', 'purge')).toThrow(/'new-token-scope' has the scope "purge"/)
    expect(() => parseTokenScopes('new-token-scope', ',')).toThrow(/names no scope/)
  })

  it('reads new-token-name as one line', () => {
    expect(parseTokenName('new-token-name', ' deploy ')).toBe('deploy')
    expect(() => parseTokenName('new-token-name', 'a\nb')).toThrow(
      /^Input 'new-token-name' has "a\\nb", which is not a token name/,
    )
    expect(() => parseTokenName('new-token-name', 'n'.repeat(201))).toThrow(/at most 200 characters/)
  })

  it('reads username as a login without spaces, and never shows it', () => {
    expect(parseLogin('username', ' deployer@example.test ')).toBe('deployer@example.test')
    expect(() => parseLogin('username', 'deployer @example.test')).toThrow(/^Input 'username' has spaces/)
    expect(() => parseLogin('username', 'deployer @example.test')).not.toThrow(/deployer/)
  })
})
