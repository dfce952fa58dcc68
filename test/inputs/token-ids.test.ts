import { describe, expect, it } from 'vitest'
import { parseTokenIds } from '../../src/inputs/token-ids.js'

describe('parseTokenIds', () => {
  it('reads lists and JSON arrays, dropping blanks and duplicates', () => {
    expect(parseTokenIds('revoke-token-ids', 'A1, B2\nC3 A1')).toEqual(['A1', 'B2', 'C3'])
    expect(parseTokenIds('revoke-token-ids', ' ["A1","B2"," ","A1"] ')).toEqual(['A1', 'B2'])
    expect(parseTokenIds('revoke-token-ids', '[]')).toEqual([])
    expect(parseTokenIds('revoke-token-ids', '')).toEqual([])
  })

  it.each([
    ['../self', /"..\/self", which is not a Fastly token ID/],
    ['A1 self?x=1', /"self\?x=1"/],
    ['["A1",', /not valid JSON/],
    ['[1,2]', /not an array of strings/],
    ['["a/b"]', /"a\/b", which is not a Fastly token ID/],
  ])('refuses %j before any request', (raw, message) => {
    expect(() => parseTokenIds('revoke-token-ids', raw)).toThrow(message)
  })
})
