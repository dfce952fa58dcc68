import { InputError, quoteValue } from './input-error.js'

const SECOND = 1
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const WEEK = 7 * DAY

/** Longer than any sensible window; keeps arithmetic far from float precision limits. */
const MAX_DURATION_SECONDS = 100 * 365 * DAY

// Units must appear largest first and at most once, so `1h1d` and `1d1d` are refused.
const SHORT_FORM = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/
const ISO_FORM = /^p(?:(\d+)w)?(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)?$/
const ISO_YEARS_OR_MONTHS = /^p(?:\d+(?:[.,]\d+)?[ym])/

const EXAMPLES = 'for example 7d, 12h, 1d12h, 90m or P7D'

/**
 * Parses a duration input into whole seconds.
 *
 * Accepts `0`, compact forms such as `1d12h` (units w, d, h, m, s, largest
 * first) and ISO 8601 durations without years or months (`P7D`, `PT12H`).
 * Years and months are refused because their length varies; days are exact.
 */
export function parseDuration(input: string, raw: string): number {
  const value = raw.trim().toLowerCase()
  const fail = (why: string): never => {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${quoteValue(raw)}, which ${why}. Use a duration, ${EXAMPLES}.`,
    )
  }

  if (value === '') fail('is empty')
  if (/^0+$/.test(value)) return 0
  if (value.startsWith('-')) fail('is negative')
  if (/\s/.test(value)) fail('contains spaces (write 1d12h, not 1d 12h)')
  if (/^\d+$/.test(value)) fail('has no unit (write 30s, 30m, 30h or 30d)')
  if (ISO_YEARS_OR_MONTHS.test(value)) {
    fail('uses years or months, whose length varies; count in days instead (P1Y is about P365D, P1M about P30D)')
  }
  if (/\d[.,]\d/.test(value)) fail('is not a whole number')

  if (value.startsWith('p')) {
    const match = ISO_FORM.exec(value)
    if (!match || value === 'p' || value.endsWith('t'))
      fail('is not an ISO 8601 duration this action reads (P7D, PT12H, P1DT6H)')
    const [, w, d, h, m, s] = match as RegExpExecArray
    return total(input, raw, [w, d, h, m, s], [WEEK, DAY, HOUR, MINUTE, SECOND])
  }

  const match = SHORT_FORM.exec(value)
  if (!match) {
    const units = [...value.matchAll(/\d+([a-z]*)/g)].map((part) => part[1]!)
    const unknown =
      units.length === 0 ? /[a-z]+/.exec(value)?.[0] : units.find((unit) => unit !== '' && !/^[wdhms]$/.test(unit))
    if (unknown !== undefined) fail(`has an unknown unit '${unknown}' (known: w, d, h, m, s)`)
    if (units.includes('')) fail('has a number without a unit')
    fail('is not in a form this action reads (units largest first, each once, no spaces)')
  }
  const [, w, d, h, m, s] = match as RegExpExecArray
  return total(input, raw, [w, d, h, m, s], [WEEK, DAY, HOUR, MINUTE, SECOND])
}

function total(input: string, raw: string, parts: Array<string | undefined>, units: number[]): number {
  let seconds = 0
  parts.forEach((part, i) => {
    if (part !== undefined) seconds += Number(part) * units[i]!
  })
  if (seconds > MAX_DURATION_SECONDS) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${quoteValue(raw)}, which is longer than 100 years. Use a shorter duration, ${EXAMPLES}.`,
    )
  }
  return seconds
}

/** Parses an optional duration: empty means "not set" (undefined). */
export function parseOptionalDuration(input: string, raw: string): number | undefined {
  return raw.trim() === '' ? undefined : parseDuration(input, raw)
}
