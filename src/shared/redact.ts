/** What stands in for a secret, as the runner's own masking writes it. */
export const REDACTED = '***'

/**
 * Replaces every secret in `text` with ***. The runner masks the log, but not
 * what the action writes to files (outputs, the summary): any string that
 * came from outside (Fastly's answers echo what they were sent) passes
 * through here before it is written there. Longest first, so a secret that
 * holds another is replaced whole.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text
  for (const secret of [...secrets].filter((value) => value !== '').sort((a, b) => b.length - a.length))
    result = result.split(secret).join(REDACTED)
  return result
}
