/**
 * How times and durations are shown and read back: one place for the formats
 * the log, the outputs, the summary, the issue and the audit file share.
 */
const SECOND = 1
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

// RFC 3339: date, 'T' (or space, which RFC 3339 allows), time, optional fraction, and a zone.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/

/** Parses an RFC 3339 timestamp into epoch milliseconds; undefined when it is not one. */
export function parseInstant(value: string): number | undefined {
  // Hot path of large audits: one regex test and Date.parse, which refuses out-of-range fields itself.
  if (!RFC3339.test(value)) return undefined
  const time = Date.parse(value.includes(' ') ? value.replace(' ', 'T') : value)
  return Number.isNaN(time) ? undefined : time
}

/** A time no Date can hold (from a server's arithmetic): messages say so instead of throwing. */
function isValidTime(date: Date | number): boolean {
  return Number.isFinite(new Date(date).getTime())
}

/** "2025-04-10 08:00 UTC", the way the messages show a time. */
export function formatUtc(date: Date | number): string {
  if (!isValidTime(date)) return 'an unrepresentable time'
  return `${new Date(date).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** ISO 8601 UTC without milliseconds when they are zero: 2025-04-10T08:00:00Z. */
export function formatTimestamp(date: Date | number | null): string {
  if (date === null || !isValidTime(date)) return ''
  const iso = new Date(date).toISOString()
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
}

/**
 * "6 days", "47 hours", "4 months": one unit, rounded to the nearest, for
 * people. The unit is small enough not to mislead: hours below two days, days
 * below two months (10 days is "10 days", never "1 week" inside a 14-day
 * window, and 10 days less a minute is "10 days", not "9"), months below two years.
 */
export function describeDuration(seconds: number): string {
  const abs = Math.abs(Math.trunc(seconds))
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (abs < MINUTE) return plural(abs, 'second')
  if (abs < HOUR) return plural(Math.round(abs / MINUTE), 'minute')
  if (abs < 2 * DAY) return plural(Math.round(abs / HOUR), 'hour')
  if (abs < 60 * DAY) return plural(Math.round(abs / DAY), 'day')
  if (abs < 730 * DAY) return plural(Math.round(abs / (30 * DAY)), 'month')
  return plural(Math.round(abs / (365 * DAY)), 'year')
}

/** "in 6 days" for the future, "4 months ago" for the past, relative to `now`. */
export function describeRelative(target: Date | number, now: Date): string {
  const seconds = Math.trunc((new Date(target).getTime() - now.getTime()) / 1000)
  if (Math.abs(seconds) < 1) return 'now'
  return seconds > 0 ? `in ${describeDuration(seconds)}` : `${describeDuration(seconds)} ago`
}

/** The compact form an input would use, in days at most: 604800 -> "7d", 5400 -> "1h30m". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0'
  let rest = seconds
  let out = ''
  const units: Array<[string, number]> = [
    ['d', DAY],
    ['h', HOUR],
    ['m', MINUTE],
    ['s', SECOND],
  ]
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size)
    if (n > 0) {
      out += `${n}${unit}`
      rest -= n * size
    }
  }
  return out
}
