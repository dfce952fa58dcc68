import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CATALOGUE, type CatalogueKey, catalogueTitle } from '../../src/report/catalogue.js'
import { assertCatalogued } from '../../tools/runner.js'

const SRC = join(import.meta.dirname, '../../src')

/** Every source file but the catalogue itself: where notices are made. */
function sourcesOutsideCatalogue(): string {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && file !== join('report', 'catalogue.ts'))
    .map((file) => readFileSync(join(SRC, file), 'utf8'))
    .join('\n')
}

describe('the catalogue of messages', () => {
  it('has a key, a title, a README line and help for every entry, and no two entries with one key', () => {
    for (const entry of CATALOGUE) {
      expect(entry.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(entry.title.trim()).not.toBe('')
      expect(entry.help.trim()).not.toBe('')
      expect(entry.shown.trim()).not.toBe('')
    }
    expect(new Set(CATALOGUE.map((entry) => entry.id)).size).toBe(CATALOGUE.length)
    expect(new Set(CATALOGUE.map((entry) => entry.shown)).size).toBe(CATALOGUE.length)
  })

  it('has every key raised somewhere in src, so the README lists no message the action cannot print', () => {
    const sources = sourcesOutsideCatalogue()
    expect(CATALOGUE.filter((entry) => !sources.includes(`'${entry.id}'`)).map((entry) => entry.id)).toEqual([])
  })

  it("titles by the entry's key", () => {
    expect(catalogueTitle('token-rejected-401')).toBe('Fastly rejected the token')
    expect(catalogueTitle('audit-findings')).toBe('Fastly token audit')
    expect(catalogueTitle('several-problems')).toBe('Fastly Token Guard: several problems')
  })

  it('gives a key that names no entry (a cast that lied) a title the end-to-end check refuses', () => {
    const title = catalogueTitle('no-such-entry' as CatalogueKey)
    expect(() => assertCatalogued([{ level: 'warning', title, message: 'x' }])).toThrow(/no entry/)
  })
})

describe('the end-to-end check of annotations', () => {
  it('passes an annotation titled by an entry at a level it documents, whatever the words', () => {
    expect(() =>
      assertCatalogued([
        { level: 'warning', title: 'Fastly token not revoked', message: 'Words no entry shows' },
        { level: 'error', title: 'Fastly token not revoked', message: 'Could not revoke token Tok1: x' },
        { level: 'error', title: 'Fastly token audit', message: 'The token audit found 2 tokens flagged' },
        { level: 'notice', title: undefined, message: 'A notice is not an error or a warning' },
      ]),
    ).not.toThrow()
  })

  it('fails a run that prints an annotation no entry titles, or titles at another level', () => {
    expect(() =>
      assertCatalogued([{ level: 'warning', title: undefined, message: 'Could not revoke token Tok1: x' }]),
    ).toThrow(/no entry of the message catalogue .* titles:\n {2}warning titled undefined: Could not revoke token/)
    expect(() => assertCatalogued([{ level: 'error', title: 'Fastly Token Guard failed', message: 'x' }])).toThrow(
      /error titled "Fastly Token Guard failed"/,
    )
    // Only a warning has this title: an error with it is not what the README says.
    expect(() => assertCatalogued([{ level: 'error', title: 'Fastly token expires soon', message: 'x' }])).toThrow(
      /error titled "Fastly token expires soon"/,
    )
  })
})
