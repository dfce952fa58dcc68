import type { CatalogueKey } from '../report/catalogue.js'

/**
 * A problem with what the user wrote in `with:`. It always names the input,
 * so the message alone tells the user which line of the workflow to fix; its
 * key is the catalogue entry that titles it.
 */
export class InputError extends Error {
  readonly key: CatalogueKey
  readonly input: string

  constructor(key: CatalogueKey, input: string, message: string) {
    super(message)
    this.name = 'InputError'
    this.key = key
    this.input = input
  }
}

/** Quotes a user-supplied value for an error message, shortening very long ones. */
export function quoteValue(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value
  return JSON.stringify(shown)
}
