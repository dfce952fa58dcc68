import { AUDIT_FLAGS, type AuditFlag } from '../audit/classify.js'
import { KNOWN_SCOPES, type Scope } from '../verify/permissions.js'
import { parseDuration } from './duration.js'
import { InputError, quoteValue } from './input-error.js'
import { FASTLY_ID } from '../fastly/token-id.js'
import { CONTROL_CHARACTER, SPACE_OR_CONTROL } from '../shared/control-characters.js'

/** `true`/`false` in any case. Anything else is refused rather than guessed at. */
export function parseBoolean(input: string, raw: string): boolean {
  const value = raw.trim().toLowerCase()
  if (value === 'true') return true
  if (value === 'false') return false
  throw new InputError(
    'input-not-valid',
    input,
    `Input '${input}' has ${quoteValue(raw)}, which is not a boolean. Use true or false.`,
  )
}

/** A whole number within bounds, for counts such as `max-retries`. */
export function parseInteger(input: string, raw: string, min: number, max: number): number {
  const value = raw.trim()
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${quoteValue(raw)}, which is not a whole number from ${min} to ${max}. Use for example 3.`,
    )
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
  throw new InputError(
    'input-not-valid',
    input,
    `Input '${input}' has ${quoteValue(raw)}, which is not one of: ${choices.join(', ')}.`,
  )
}

/** Reads `required-scopes`, refusing scope names Fastly does not have (a typo would otherwise never match). */
export function parseRequiredScopes(input: string, raw: string): Scope[] {
  return parseList(raw).map((item) => {
    const scope = KNOWN_SCOPES.find((known) => known === item.toLowerCase())
    if (scope === undefined) {
      throw new InputError(
        'input-not-valid',
        input,
        `Input '${input}' has the scope ${quoteValue(item)}, which Fastly does not have. Use any of: ${KNOWN_SCOPES.join(', ')}.`,
      )
    }
    return scope
  })
}

/** Reads `required-services`: Fastly service IDs, letters and digits only. */
export function parseRequiredServices(input: string, raw: string): string[] {
  return parseList(raw).map((item) => {
    if (!FASTLY_ID.test(item)) {
      throw new InputError(
        'input-not-valid',
        input,
        `Input '${input}' has ${quoteValue(item)}, which is not a Fastly service ID (letters and digits only, for example SU1Z0isxPaozGVKXdv0eY).`,
      )
    }
    return item
  })
}

/** Reads `audit-fail-on`: any of the flag names, separated by spaces, commas or newlines. */
export function parseAuditFlags(input: string, raw: string): AuditFlag[] {
  return parseList(raw).map((item) => {
    const flag = AUDIT_FLAGS.find((known) => known === item.toLowerCase())
    if (flag === undefined) {
      throw new InputError(
        'input-not-valid',
        input,
        `Input '${input}' has ${quoteValue(item)}, which is not an audit flag. Use any of: ${AUDIT_FLAGS.join(', ')}.`,
      )
    }
    return flag
  })
}

/** Bounds for `timeout`. Below a second real requests fail; above an hour a hung job is the likelier story. */
const MIN_TIMEOUT_SECONDS = 1
const MAX_TIMEOUT_SECONDS = 3600

/** Reads `timeout` into milliseconds. */
export function parseTimeout(input: string, raw: string): number {
  const seconds = parseDuration(input, raw)
  if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${quoteValue(raw)}, which is outside 1s to 1h. Use for example 30s.`,
    )
  }
  return seconds * 1000
}

/** Reads a customer ID: empty (the current token's customer) or letters and digits. */
export function parseCustomerId(input: string, raw: string): string {
  const value = raw.trim()
  if (value !== '' && !FASTLY_ID.test(value)) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${quoteValue(value)}, which is not a Fastly customer ID (letters and digits only).`,
    )
  }
  return value
}

/** Reads `username`: a Fastly login (an email address) or empty. Not echoed: the log of a public repository is public. */
export function parseLogin(input: string, raw: string): string {
  const value = raw.trim()
  if (SPACE_OR_CONTROL.test(value)) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has spaces, line breaks or control characters inside it (the value is not shown). Give the Fastly login (the email address) of the user that makes the token.`,
    )
  }
  return value
}

/** Fastly documents no limit on a token's name; beyond this it is no longer a name a person reads. */
const MAX_TOKEN_NAME = 200

/** Reads `new-token-name`: empty (the default name) or a name without control characters. */
export function parseTokenName(input: string, raw: string): string {
  const value = raw.trim()
  if (CONTROL_CHARACTER.test(value) || [...value].length > MAX_TOKEN_NAME) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${quoteValue(value)}, which is not a token name: use one line of at most ${MAX_TOKEN_NAME} characters, or leave it empty for the default (the repository, run ID, attempt and job).`,
    )
  }
  return value
}

/** Reads `new-token-scope`: one or more scopes Fastly has, for the token this step makes. */
export function parseTokenScopes(input: string, raw: string): Scope[] {
  const scopes = parseRequiredScopes(input, raw)
  if (scopes.length === 0) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${quoteValue(raw)}, which names no scope. Use one of: ${KNOWN_SCOPES.join(', ')} (purge_all or purge_select is the least a deploy that only purges needs).`,
    )
  }
  return scopes
}

/** Bounds for `new-token-expires-in`: a token must live long enough to be verified, and not longer than a quarter. */
const MIN_TOKEN_LIFETIME_SECONDS = 60
const MAX_TOKEN_LIFETIME_SECONDS = 90 * 24 * 3600

/** Reads `new-token-expires-in` into seconds. */
export function parseTokenLifetime(input: string, raw: string): number {
  const seconds = parseDuration(input, raw)
  if (seconds < MIN_TOKEN_LIFETIME_SECONDS || seconds > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${quoteValue(raw)}, which is outside 1 minute to 90 days. Use for example 1h: long enough for the job, short enough that a token left behind dies soon.`,
    )
  }
  return seconds
}
