import { InputError, quoteValue } from './input-error.js'
import { FASTLY_ID, parseList } from './parsers.js'

/**
 * Reads token IDs from an input: a JSON array (so another step's JSON output
 * can be passed straight in) or a list separated by spaces, commas or
 * newlines. Every ID is checked to be letters and digits before any request,
 * so no input can reach another API path.
 */
export function parseTokenIds(input: string, raw: string): string[] {
  const text = raw.trim()
  let items: string[]
  if (text.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new InputError(
        input,
        `Input '${input}' starts like a JSON array but is not valid JSON: ${quoteValue(raw)}. Pass a JSON array of ID strings or IDs separated by spaces, commas or newlines.`,
      )
    }
    if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'string')) {
      throw new InputError(
        input,
        `Input '${input}' is a JSON value but not an array of strings: ${quoteValue(raw)}. Pass for example ["ID1","ID2"].`,
      )
    }
    items = [...new Set((parsed as string[]).map((item) => item.trim()).filter((item) => item !== ''))]
  } else {
    items = parseList(text)
  }
  for (const id of items) {
    if (!FASTLY_ID.test(id)) {
      throw new InputError(
        input,
        `Input '${input}' has ${quoteValue(id)}, which is not a Fastly token ID (letters and digits only). Nothing was revoked.`,
      )
    }
  }
  return items
}
