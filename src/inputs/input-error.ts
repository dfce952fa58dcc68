/**
 * A problem with what the user wrote in `with:`. It always names the input,
 * so the message alone tells the user which line of the workflow to fix.
 */
export class InputError extends Error {
  readonly input: string

  constructor(input: string, message: string) {
    super(message)
    this.name = 'InputError'
    this.input = input
  }
}

/** Quotes a user-supplied value for an error message, shortening very long ones. */
export function quoteValue(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value
  return JSON.stringify(shown)
}
