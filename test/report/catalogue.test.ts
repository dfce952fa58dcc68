import { describe, expect, it } from 'vitest'
import { CATALOGUE, catalogueEntry } from '../../src/report/catalogue.js'
import { assertCatalogued } from '../../tools/runner.js'

describe('the catalogue of messages', () => {
  it('finds the entry of a message by its start, the specific entry before the general one', () => {
    expect(catalogueEntry("Input 'revoke-token-ids' includes Tok1, the token this step runs on.")?.title).toBe(
      'Fastly token revocation refused',
    )
    expect(catalogueEntry('Input \'timeout\' has "soon", which is not a duration.')?.title).toBe(
      'Fastly Token Guard input is not valid',
    )
    expect(catalogueEntry('Something nobody wrote down')).toBeUndefined()
    // The named causes of a failed verification, each with help of its own before the general entry.
    const cause = (message: string) => catalogueEntry(`Could not verify the token: ${message}`)?.shown
    expect(cause('GET /tokens/self answered HTTP 429: x; Fastly asks to wait until 13:00 UTC, longer than')).toMatch(
      /wait/,
    )
    expect(cause('GET /tokens/self answered HTTP 502: Bad Gateway; the answer is an HTML page titled "x"')).toMatch(
      /HTML/,
    )
    expect(cause('GET /tokens/self answered HTTP 200: the answer is not JSON (text/plain, 3 bytes)')).toMatch(
      /not JSON/,
    )
    expect(
      cause('GET /tokens/self failed: the connection to 127.0.0.1:1 was reset (gave up after 4 attempts)'),
    ).toMatch(/reset/)
    expect(cause('GET /tokens/self failed: something else')).toBe('Could not verify the token: ...')
    expect(catalogueEntry("Input 'github-issue' is true but 'github-token' is empty. Leave it.")?.shown).toMatch(
      /github-token/,
    )
    expect(catalogueEntry('Input \'revoke-token-ids-file\' names "/x", which cannot be read (ENOENT).')?.shown).toMatch(
      /revoke-token-ids-file/,
    )
  })

  it('has a title, a README line and help for every entry, and no two entries for the same text', () => {
    for (const entry of CATALOGUE) {
      expect(entry.title.trim()).not.toBe('')
      expect(entry.help.trim()).not.toBe('')
      expect(entry.shown.trim()).not.toBe('')
    }
    expect(new Set(CATALOGUE.map((entry) => entry.pattern.source)).size).toBe(CATALOGUE.length)
  })

  it('fails an end-to-end run that prints an annotation it does not define', () => {
    expect(() => assertCatalogued([{ level: 'warning', title: undefined, message: 'An unlisted warning' }])).toThrow(
      /does not define:\n {2}warning: An unlisted warning/,
    )
    expect(() =>
      assertCatalogued([{ level: 'error', title: undefined, message: 'Could not revoke token Tok1: x' }]),
    ).not.toThrow()
  })
})
