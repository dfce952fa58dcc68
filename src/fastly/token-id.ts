/**
 * What may stand in `/tokens/{id}`: a Fastly token ID, never a word the API
 * reads as something else. `DELETE /tokens/self` revokes the token that sends
 * it, so an "ID" of `self` from a dispatch form would revoke the job's own,
 * often shared, token while every guard for the current token looked away.
 */
/** Service, customer and token IDs are letters and digits; anything else could reach another API path. */
export const FASTLY_ID = /^[A-Za-z0-9]+$/

/** Words that are paths of Fastly's token API rather than token IDs, in lower case (Fastly's routing case is unknown). */
const TOKEN_PATH_WORDS: readonly string[] = ['self']

/** Why `id` cannot be sent as a token ID, or undefined when it can. Pure, so the input parser and the client share it. */
export function tokenIdProblem(id: string): string | undefined {
  if (id === '') return 'is empty'
  if (!FASTLY_ID.test(id)) return 'is not a Fastly token ID (letters and digits only)'
  if (TOKEN_PATH_WORDS.includes(id.toLowerCase()))
    return `is the word ${id.toLowerCase()}, which Fastly's API reads as the token that sends the request, not as a token ID`
  return undefined
}
