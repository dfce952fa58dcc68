import { describe, expect, it } from 'vitest'
import { parseTokenIds, parseTokenIdsFile } from '../../src/inputs/token-ids.js'

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
    ['[1,2]', /item 1 is not a string/],
    ['{"a":1}', /which is not a Fastly token ID/],
    ['["a/b"]', /"a\/b", which is not a Fastly token ID/],
  ])('refuses %j before any request', (raw, message) => {
    expect(() => parseTokenIds('revoke-token-ids', raw)).toThrow(message)
  })

  it.each([
    'self',
    'SELF',
    'Self',
    ' self ',
    'self\n',
    '\u00a0sElF\t',
    'A1,self',
    'A1\nSELF',
    '["A1","self"]',
    '[" Self "]',
  ])('refuses %j: the word self is the token that sends the request, not an ID', (raw) => {
    expect(() => parseTokenIds('revoke-token-ids', raw)).toThrow(
      /which is the word self, which Fastly's API reads as the token that sends the request, not as a token ID\. Nothing was revoked\. To revoke the current token use 'revoke: now' or 'revoke: post'\./,
    )
  })
})

describe('parseTokenIdsFile', () => {
  it('reads the same forms, and a byte order mark is not part of the first ID', () => {
    expect(parseTokenIdsFile('revoke-token-ids-file', '\uFEFFA1\r\nB2\n\nC3,A1\n')).toEqual(['A1', 'B2', 'C3'])
    expect(parseTokenIdsFile('revoke-token-ids-file', '["A1","B2"]\n')).toEqual(['A1', 'B2'])
  })

  it.each([
    ['A1\nroot:x:0:0:root:/root:/bin/bash\n', 'line 2 is not a Fastly token ID'],
    ['A1\nB2 https://user:hunter2@example.com/x\n', 'line 2, item 2 is not a Fastly token ID'],
    ['A1\nself\n', 'line 2 is the word self'],
    ['["A1","s3cr3t/value"]', 'item 2 of the JSON array is not a Fastly token ID'],
    ['["A1",{"password":"hunter2"}]', 'item 2 is not a string'],
    ['[hunter2', 'not valid JSON'],
  ])('names the line and the problem, never the content (%j)', (content, where) => {
    let message = ''
    try {
      parseTokenIdsFile('revoke-token-ids-file', content)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain(where)
    expect(message).toMatch(/^Input 'revoke-token-ids-file'/)
    for (const secretish of ['root', 'hunter2', 's3cr3t', 'example.com', 'password'])
      expect(message).not.toContain(secretish)
  })

  it('refuses an audit file given whole, and says how to pick the IDs from it', () => {
    const audit =
      '{"generatedAt":"2026-01-01T00:00:00Z","mode":"customer","expiredTokenIds":["A1"],"tokens":[\n{"id":"B2"}\n]}\n'
    expect(() => parseTokenIdsFile('revoke-token-ids-file', audit)).toThrow(
      /^Input 'revoke-token-ids-file' is an audit file, which lists every token, not only those to revoke\. Pick the IDs to revoke from it in an earlier step, for example: jq .* Nothing was revoked\.$/,
    )
  })
})
