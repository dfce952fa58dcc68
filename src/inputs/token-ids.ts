import { tokenIdProblem } from '../fastly/token-id.js'
import { InputError, quoteValue } from './input-error.js'

/** One candidate ID and where it stands, for messages that must not repeat a file's content. */
interface Candidate {
  value: string
  /** "line 3", "line 3, item 2" or "item 2 of the JSON array". */
  where: string
}

const NOTHING_REVOKED = 'Nothing was revoked.'
const USE_REVOKE = "To revoke the current token use 'revoke: now' or 'revoke: post'."

function candidatesFromJson(input: string, text: string, echo: boolean): Candidate[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' starts like a JSON array but is not valid JSON${echo ? `: ${quoteValue(text)}` : ''}. Pass a JSON array of ID strings or IDs separated by spaces, commas or newlines. ${NOTHING_REVOKED}`,
    )
  }
  if (!Array.isArray(parsed)) {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' is a JSON value but not an array${echo ? `: ${quoteValue(text)}` : ''}. Pass for example ["ID1","ID2"]. ${NOTHING_REVOKED}`,
    )
  }
  return parsed.map((item: unknown, i) => {
    if (typeof item !== 'string') {
      throw new InputError(
        'input-not-valid',
        input,
        `Input '${input}' is a JSON array whose item ${i + 1} is not a string. Pass for example ["ID1","ID2"]. ${NOTHING_REVOKED}`,
      )
    }
    return { value: item.trim(), where: `item ${i + 1} of the JSON array` }
  })
}

function candidatesFromLines(text: string): Candidate[] {
  const candidates: Candidate[] = []
  text.split(/\r\n|\n|\r/).forEach((line, lineIndex) => {
    const items = line.split(/[\s,]+/).filter((item) => item !== '')
    items.forEach((value, itemIndex) =>
      candidates.push({
        value,
        where: items.length > 1 ? `line ${lineIndex + 1}, item ${itemIndex + 1}` : `line ${lineIndex + 1}`,
      }),
    )
  })
  return candidates
}

/**
 * The IDs, checked, in order and without repeats. `echo` says whether a bad
 * value may be quoted in the error: yes for an input the workflow wrote, no
 * for a file, whose content may be anything (a credential, /etc/passwd).
 */
function readTokenIds(input: string, raw: string, echo: boolean): string[] {
  // A byte order mark from an editor is not part of the first ID.
  const text = raw.replace(/^\uFEFF/, '').trim()
  // The audit file itself, given whole: it lists every token, the healthy ones too; which to revoke is the
  // workflow's choice, never the action's guess.
  if (/^\{\s*"generatedAt"/.test(text))
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' is an audit file, which lists every token, not only those to revoke. Pick the IDs to revoke from it in an earlier step, for example: jq -r '(.expiredTokenIds + .staleTokenIds) | unique | .[]' (see examples/cleanup-expired.yml). ${NOTHING_REVOKED}`,
    )
  const candidates = text.startsWith('[') ? candidatesFromJson(input, text, echo) : candidatesFromLines(text)
  const ids: string[] = []
  for (const { value, where } of candidates) {
    if (value === '') continue
    const problem = tokenIdProblem(value)
    if (problem !== undefined) {
      const named = value.toLowerCase() === 'self' ? ` ${USE_REVOKE}` : ''
      throw new InputError(
        'input-not-valid',
        input,
        echo
          ? `Input '${input}' has ${quoteValue(value)}, which ${problem}. ${NOTHING_REVOKED}${named}`
          : `Input '${input}': in the file, ${where} ${problem}. ${NOTHING_REVOKED}${named}`,
      )
    }
    ids.push(value)
  }
  return [...new Set(ids)]
}

/**
 * Reads token IDs from an input: a JSON array (so another step's JSON output
 * can be passed straight in) or a list separated by spaces, commas or
 * newlines. Every ID is checked before any request: letters and digits only,
 * and never a word such as `self` that Fastly's API reads as a path.
 */
export function parseTokenIds(input: string, raw: string): string[] {
  // Most steps revoke nothing: the reader and its checks are not even compiled for them (cold start).
  if (raw.trim() === '') return []
  return readTokenIds(input, raw, true)
}

/** The same for the content of `revoke-token-ids-file`; its errors name the line, never the content. */
export function parseTokenIdsFile(input: string, text: string): string[] {
  return readTokenIds(input, text, false)
}
