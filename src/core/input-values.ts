import { InputError, quoteValue } from './input-error.js'

/** `true`/`false` in any case. Anything else is refused rather than guessed at. */
export function parseBoolean(input: string, raw: string): boolean {
  const value = raw.trim().toLowerCase()
  if (value === 'true') return true
  if (value === 'false') return false
  throw new InputError(input, `Input '${input}' has ${quoteValue(raw)}, which is not a boolean. Use true or false.`)
}

/** A whole number within bounds, for counts such as `max-retries`. */
export function parseInteger(input: string, raw: string, min: number, max: number): number {
  const value = raw.trim()
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(input, `Input '${input}' has ${quoteValue(raw)}, which is not a whole number from ${min} to ${max}. Use for example 3.`)
  }
  return Number(value)
}

/**
 * Splits a list input on spaces, commas and newlines, dropping empty items and
 * duplicates while keeping the user's order.
 */
export function parseList(raw: string): string[] {
  return [...new Set(raw.split(/[\s,]+/).filter((item) => item !== ''))]
}

/** One of a fixed set of words, in any case. */
export function parseChoice<T extends string>(input: string, raw: string, choices: readonly T[]): T {
  const value = raw.trim().toLowerCase()
  const found = choices.find((choice) => choice === value)
  if (found !== undefined) return found
  throw new InputError(input, `Input '${input}' has ${quoteValue(raw)}, which is not one of: ${choices.join(', ')}.`)
}
