/**
 * Text from outside (token names, IDs, scopes, Fastly's and GitHub's
 * messages) made safe to print as one log line. The runner reads every line
 * of a step's output for workflow commands: a line that starts with `::`
 * (after spaces), or holds the older `##[command]` form anywhere, is obeyed,
 * so a token named "x\n::add-mask::..." could hide the log, forge
 * annotations or stop command processing. Pure.
 */

/** Every line break the runner, the log viewer or a terminal may honour. */
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g
/** Other control characters (terminal escapes among them): shown as U+FFFD, never obeyed. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g

/** One line: every line break becomes a space. */
export function flattenLineBreaks(text: string): string {
  return text.replace(LINE_BREAKS, ' ')
}

/** One line that the runner reads as text, never as a workflow command. */
export function neutraliseLogLine(text: string): string {
  const flat = flattenLineBreaks(text).replace(CONTROLS, '\uFFFD').replaceAll('##[', '## [')
  // The runner trims leading white space before it looks for `::`.
  return /^\s*::/.test(flat) ? flat.replace('::', ': :') : flat
}
