const MAX_LENGTH = 300

/** Normalises anything thrown into a message that is never empty or "undefined". */
export function describeUnknownError(error: unknown): string {
  if (error === undefined || error === null) return 'an error was raised without any detail'
  if (error instanceof Error) {
    const message = error.message.trim()
    return message !== '' ? message : `${error.name} without a message`
  }
  if (typeof error === 'string' && error.trim() !== '') return error.trim()
  try {
    const json = JSON.stringify(error)
    if (json !== undefined && json !== '{}')
      return `unexpected error: ${json.length > MAX_LENGTH ? `${json.slice(0, MAX_LENGTH - 3)}...` : json}`
  } catch {
    // fall through
  }
  return `unexpected error of type ${typeof error}`
}
