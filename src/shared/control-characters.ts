/**
 * Unicode's control characters (general category Cc: U+0000–U+001F and
 * U+007F–U+009F), written out. `/\p{Cc}/u` means the same, but compiling a
 * property escape costs about a tenth of a millisecond of every step's cold
 * start, and the inputs are checked in every step.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\x00-\x1f\x7f-\x9f]/

/** White space (as `\s` reads it) or a control character. */
// eslint-disable-next-line no-control-regex
export const SPACE_OR_CONTROL = /[\s\x00-\x1f\x7f-\x9f]/
