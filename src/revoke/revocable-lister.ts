/**
 * The lists a revocation by ID is checked against: before the first DELETE
 * (an ID Fastly does not list is never sent) and after (a revocation counts
 * only when the token is gone). Which lists: the customer's for a superuser;
 * the user's own when Fastly refuses the customer's (it does for anyone
 * else, who may revoke only their own); and the customer's automation tokens
 * when an ID is in neither.
 *
 * Only a refusal (401 or 403) moves on to another list. Any other failure
 * fails the listing, before and after alike: a user's own list read in place
 * of a customer's list that failed for a moment would call every other
 * user's token "not found" before, and "gone" after.
 */
import type { FastlyClient, TokenList } from '../fastly/client.js'
import { FastlyApiError } from '../fastly/errors.js'
import type { TokenFacts } from '../fastly/token.js'
import type { ListedToken } from './revoke-tokens.js'

type TokenListName = 'customer' | 'user' | 'automation'

/** How each list reads in a sentence. */
export const LIST_WORDS: Record<TokenListName, string> = {
  customer: "the customer's token list",
  user: "the user's own token list",
  automation: "the customer's automation-token list",
}

interface RevocableLister {
  /** Every token of the lists, by ID; throws when a list fails for any reason but a refusal. */
  list: () => Promise<ReadonlyMap<string, ListedToken>>
  /** The lists Fastly refused (401 or 403) the first time. */
  refused: () => readonly TokenListName[]
}

/**
 * Fastly's refusal of a list as a whole: 401 or 403 on it (on its first page, for the paged automation list).
 * The same status halfway through a paged list is a failure: the pages before it were not refused.
 */
const isRefusal = (error: unknown) =>
  error instanceof FastlyApiError &&
  error.kind === 'http' &&
  (error.status === 403 || error.status === 401) &&
  !/[?&]page=(?:[2-9]|\d{2,})/.test(error.path)

export function revocableLister(
  client: Pick<FastlyClient, 'listCustomerTokens' | 'listUserTokens' | 'listAutomationTokens'>,
  customerId: string | null,
  ids: readonly string[],
  categorize: (token: TokenFacts) => Promise<string>,
): RevocableLister {
  const wanted = new Set(ids)
  const refused = new Set<TokenListName>()
  /** The lists the first call could read: every later call reads exactly these. */
  let chosen: TokenListName[] | undefined

  const read = (name: TokenListName): Promise<TokenList> =>
    name === 'customer'
      ? client.listCustomerTokens(customerId!)
      : name === 'user'
        ? client.listUserTokens()
        : client.listAutomationTokens()

  const add = async (listed: Map<string, ListedToken>, list: TokenList) => {
    for (const token of list.tokens) {
      // Only the tokens asked for are judged: a customer's list may hold 100,000.
      const category = wanted.has(token.id) ? await categorize(token) : null
      listed.set(token.id, { name: token.name, owner: token.userId ?? token.creatorId, category })
    }
    // An entry whose other fields are odd is still a token Fastly lists.
    for (const id of list.unreadableIds)
      if (!listed.has(id)) listed.set(id, { name: null, owner: null, category: null })
  }

  const list = async (): Promise<ReadonlyMap<string, ListedToken>> => {
    const listed = new Map<string, ListedToken>()
    if (chosen !== undefined) {
      for (const name of chosen) await add(listed, await read(name))
      return listed
    }
    const readable: TokenListName[] = []
    let refusal: unknown
    const attempt = async (name: TokenListName) => {
      try {
        await add(listed, await read(name))
        readable.push(name)
      } catch (error) {
        if (!isRefusal(error)) throw error
        refused.add(name)
        refusal = error
      }
    }
    if (customerId !== null) await attempt('customer')
    if (!readable.includes('customer')) await attempt('user')
    if (ids.some((id) => !listed.has(id))) await attempt('automation')
    if (readable.length === 0) throw refusal ?? new Error('no list of tokens could be read')
    chosen = readable
    return listed
  }

  return { list, refused: () => [...refused] }
}
