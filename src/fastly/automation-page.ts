import { MalformedTokenError, normalizeToken, type TokenFacts } from './token.js'

/** One page of `GET /automation-tokens`, read. */
interface AutomationPage {
  tokens: TokenFacts[]
  /** Items that were not token objects Fastly documents: counted, not fatal. */
  unreadable: number
  /** How many pages the list has, as far as this page tells. */
  totalPages: number
}

function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined
}

/**
 * Reads one page: `{"data":[...],"meta":{"per_page","current_page","record_count","total_pages"}}`
 * as go-fastly's recorded traffic shows it. Without `meta.total_pages` a full
 * page means another may follow, so a list is never cut short. A page that is
 * not the one asked for is refused: reading page 1 again and again would look
 * like a complete list.
 */
export function readAutomationPage(json: unknown, page: number, perPage: number): AutomationPage {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new MalformedTokenError('the answer is not a page of automation tokens ({"data":[...],"meta":{...}})')
  const body = json as Record<string, unknown>
  if (!Array.isArray(body.data))
    throw new MalformedTokenError('the page of automation tokens has no "data" array of tokens')
  const meta = body.meta !== null && typeof body.meta === 'object' ? (body.meta as Record<string, unknown>) : {}
  const current = wholeNumber(meta.current_page)
  if (current !== undefined && current !== page)
    throw new MalformedTokenError(`page ${page} was asked for, but the answer is page ${current} (meta.current_page)`)

  const tokens: TokenFacts[] = []
  let unreadable = 0
  for (const item of body.data as unknown[]) {
    try {
      tokens.push(normalizeToken(item, 'automation'))
    } catch (error) {
      if (!(error instanceof MalformedTokenError)) throw error
      unreadable += 1
    }
  }
  const declared = wholeNumber(meta.total_pages)
  const pageSize = wholeNumber(meta.per_page) || perPage
  const totalPages = declared ?? (body.data.length >= pageSize ? page + 1 : page)
  return { tokens, unreadable, totalPages }
}
