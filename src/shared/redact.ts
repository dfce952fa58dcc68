/**
 * Removes secrets from text before the action writes it anywhere: the log,
 * annotations, outputs, state, the job summary, the audit file, the GitHub
 * issue. The runner masks a secret only where it appears whole and as given;
 * a server that echoes the token, or a message cut through it, leaves pieces
 * it cannot recognise. So every piece of 8 or more characters of a secret is
 * replaced too. Pure: the secrets are handed in.
 */
export const REDACTED = '***'

/** Shortest piece of a secret that is redacted on its own: 8 characters of a 32-character token are 48 bits of it. */
export const MIN_SECRET_FRAGMENT = 8

const WINDOW = MIN_SECRET_FRAGMENT
const TABLE_SIZE = 1 << 16

/** A pair of characters as an index into the shift table; pairs that collide only make shifts shorter (still safe). */
function pairKey(first: number, second: number): number {
  return (Math.imul(first, 31) + second) & (TABLE_SIZE - 1)
}

/**
 * Finds the pieces with a Wu-Manber search over every window of
 * MIN_SECRET_FRAGMENT characters of every secret: the last two characters
 * of the text's current window say how far no window can match, so most of
 * a text is skipped 7 characters at a time. A 40 MB audit file costs about
 * a tenth of a second.
 */
export class SecretRedactor {
  /** Secrets redacted only where they appear whole (passwords). */
  private readonly whole = new Set<string>()
  /** Every window of MIN_SECRET_FRAGMENT characters of every secret. */
  private readonly windows = new Set<string>()
  /** How far the search may skip when the window ends in a given pair of characters. */
  private readonly shift = new Uint8Array(TABLE_SIZE).fill(WINDOW - 1)

  /**
   * Adds a secret, with other forms it may be written in (HTML-escaped for the summary, say). A form shorter
   * than MIN_SECRET_FRAGMENT is left alone: no credential the action accepts is that short (a Fastly token has
   * at least 16 characters), and redacting one would garble the action's own words and outputs ("false" from a
   * workflow expression as github-token turned every `false` into ***). The runner still masks it in the log.
   */
  add(secret: string, ...forms: string[]): void {
    for (const form of [secret, ...forms]) {
      if (form.length < WINDOW) continue
      for (let start = 0; start + WINDOW <= form.length; start++) {
        const window = form.slice(start, start + WINDOW)
        this.windows.add(window)
        for (let at = 0; at <= WINDOW - 2; at++) {
          const key = pairKey(window.charCodeAt(at), window.charCodeAt(at + 1))
          this.shift[key] = Math.min(this.shift[key]!, WINDOW - 2 - at)
        }
      }
    }
  }

  /**
   * Adds a secret that is redacted only where it appears whole, in any of its
   * forms: a password a person chose holds words, and redacting every piece of
   * 8 characters of it would garble the action's own sentences and tell a
   * reader which words the password holds.
   */
  addWhole(...forms: string[]): void {
    // As for add: a form too short to be told from ordinary words is left alone.
    for (const form of forms) if (form.length >= WINDOW) this.whole.add(form)
  }

  /**
   * `text` with every secret, and every run of text made of windows of a
   * secret (so any piece of 8 or more of its characters), replaced by ***.
   */
  redact(text: string): string {
    let out = text
    // Longest first, so a secret that holds another is replaced whole.
    for (const secret of [...this.whole].sort((a, b) => b.length - a.length))
      if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    if (this.windows.size === 0) return out
    // A secret may hold `*`: the *** just written can complete a piece with its neighbours. Each pass
    // shortens the text (8 or more characters become 3), so this ends.
    for (let next = this.redactPieces(out); next !== out; next = this.redactPieces(out)) out = next
    return out
  }

  /** One pass: every run of windows replaced; the same string when there is none. */
  private redactPieces(out: string): string {
    if (out.length < WINDOW) return out
    const { shift, windows } = this
    const pieces: string[] = []
    let kept = 0
    let runStart = -1
    let runEnd = -1
    // `end` is the index of the last character of the window being looked at.
    for (let end = WINDOW - 1; end < out.length;) {
      const skip = shift[pairKey(out.charCodeAt(end - 1), out.charCodeAt(end))]!
      if (skip > 0) {
        end += skip
        continue
      }
      const start = end - WINDOW + 1
      if (windows.has(out.slice(start, end + 1))) {
        // Overlapping or touching windows are one piece of the secret: one *** for all of it.
        if (start > runEnd) {
          if (runStart >= 0) {
            pieces.push(out.slice(kept, runStart), REDACTED)
            kept = runEnd
          }
          runStart = start
        }
        runEnd = end + 1
      }
      end += 1
    }
    if (runStart < 0) return out
    pieces.push(out.slice(kept, runStart), REDACTED, out.slice(runEnd))
    return pieces.join('')
  }
}

/**
 * The forms a secret the action sends may come back in: as given, percent-encoded
 * (a URL), form-encoded (what `POST /tokens` sends, which a server may echo) and
 * as the inside of a JSON string.
 */
export function secretForms(secret: string): string[] {
  if (secret === '') return []
  const form = new URLSearchParams({ x: secret }).toString().slice(2)
  return [...new Set([secret, encodeURIComponent(secret), form, JSON.stringify(secret).slice(1, -1)])]
}

/**
 * `text` with every secret, and every piece of 8 or more characters of one, replaced by ***; the
 * `whole` ones (passwords) only where they appear whole, in any of their forms.
 */
export function redactSecrets(text: string, secrets: readonly string[], whole: readonly string[] = []): string {
  return redactorFor(secrets, whole).redact(text)
}

/** The redactor `redactSecrets` uses, to keep for many texts: building one costs a 64 KiB table. */
export function redactorFor(secrets: readonly string[], whole: readonly string[] = []): SecretRedactor {
  const redactor = new SecretRedactor()
  for (const secret of secrets) redactor.add(secret)
  for (const secret of whole) redactor.addWhole(...secretForms(secret))
  return redactor
}
