import type { TokenFacts } from '../fastly/token.js'

/**
 * The customer's list and the automation list, as one list without repeats
 * (by token ID).
 * Whether `GET /customer/{id}/tokens` also lists automation tokens is not
 * known, so a token may come in both: it is kept once, at its place in the
 * first list, with the facts of the automation list (which always says the
 * kind, role and creator).
 */
export function mergeTokenLists(
  first: readonly TokenFacts[],
  automation: readonly TokenFacts[],
): { tokens: TokenFacts[]; inBoth: number } {
  const tokens: TokenFacts[] = []
  const position = new Map<string, number>()
  for (const token of first) {
    if (position.has(token.id)) continue
    position.set(token.id, tokens.length)
    tokens.push(token)
  }
  let inBoth = 0
  for (const token of automation) {
    const at = position.get(token.id)
    if (at === undefined) {
      position.set(token.id, tokens.length)
      tokens.push(token)
    } else {
      tokens[at] = token
      inBoth += 1
    }
  }
  return { tokens, inBoth }
}
