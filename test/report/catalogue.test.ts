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
