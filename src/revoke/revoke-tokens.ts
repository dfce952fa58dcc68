import type { FastlyClient } from '../fastly/client.js'
import { FastlyApiError, RefusedTokenIdError } from '../fastly/errors.js'
import { describeUnknownError } from '../shared/describe-error.js'
import type { RevocationResult } from './revocation-result.js'
import { budgetShortfall, failed, label, type RevokeBasics } from './revoke-current.js'

/** IDs per bulk request. Fastly documents no limit; 100 keeps each request small and a failure contained. */
const BULK_CHUNK_SIZE = 100
/** A bulk call answering these may not support bulk (or one ID is unknown): retry that chunk one ID at a time. */
const BULK_FALLBACK_STATUSES: readonly number[] = [400, 404, 405, 415]

/** A token Fastly lists, as the summary shows it beside a revocation. */
export interface ListedToken {
  name: string | null
  /** The user (or, for an automation token, the creator) it belongs to. */
  owner: string | null
  /** Its audit category as the step judges it now ("expired", "stale", ...), so a reviewer sees why it goes. */
  category: string | null
}

interface RevokeOptions extends RevokeBasics {
  /**
   * Every token Fastly lists that the caller may revoke, by ID. Asked before
   * the first DELETE (an ID it does not list is reported as not found and never
   * sent) and once after (a revocation counts only when the token is gone).
   */
  listRevocable: () => Promise<ReadonlyMap<string, ListedToken>>
  /**
   * The token the requests are sent with, which keeps working: a list that showed it before and not after has
   * not shown what Fastly holds (an empty answer from a cache or a proxy), so it confirms nothing.
   */
  anchorId?: string
}

const isRateLimited = (error: unknown) =>
  error instanceof FastlyApiError && error.kind === 'http' && error.status === 429

/**
 * What a DELETE came to. `answered`: Fastly itself answered it with an error, so it did not revoke: then a list
 * that no longer shows the token is not taken as proof, as an empty answer from a cache or a proxy would
 * "confirm" every revocation it was asked to. A 404 (which a retry after a lost answer meets) and a gateway's
 * 502, 503 or 504 (the answer was lost on the way; Fastly may have acted) leave the list to decide.
 */
type Sent = { error?: string; stop?: string; answered?: boolean }

const OUTCOME_UNKNOWN_STATUSES: readonly number[] = [404, 502, 503, 504]

const answeredWithError = (error: unknown) =>
  error instanceof FastlyApiError &&
  error.kind === 'http' &&
  error.status !== undefined &&
  !OUTCOME_UNKNOWN_STATUSES.includes(error.status)

/**
 * One chunk: bulk, or one request per ID when bulk does not apply. What each
 * request answered is kept only to explain a token that is still listed;
 * the list afterwards decides. `stop` says why no further chunk may go out.
 */
async function sendChunk(
  client: FastlyClient,
  chunk: readonly string[],
  log: RevokeOptions['log'],
): Promise<{ sent: Map<string, Sent>; stop?: string }> {
  const sent = new Map<string, Sent>()
  const one = async (id: string): Promise<string | undefined> => {
    try {
      await client.revokeToken(id)
      sent.set(id, {})
    } catch (error) {
      // Refused by the client before any request: never sent, so never "confirmed" by its absence from a list.
      if (error instanceof RefusedTokenIdError) {
        sent.set(id, { stop: error.message })
        return undefined
      }
      sent.set(id, { error: describeUnknownError(error), answered: answeredWithError(error) })
      if (isRateLimited(error)) return describeUnknownError(error)
    }
    return undefined
  }
  if (chunk.length === 1) {
    const stop = await one(chunk[0]!)
    return stop !== undefined ? { sent, stop } : { sent }
  }
  try {
    await client.revokeTokens(chunk)
    for (const id of chunk) sent.set(id, {})
    return { sent }
  } catch (error) {
    if (error instanceof RefusedTokenIdError) {
      for (const id of chunk) sent.set(id, { stop: error.message })
      return { sent }
    }
    const fallback =
      error instanceof FastlyApiError &&
      error.kind === 'http' &&
      error.status !== undefined &&
      BULK_FALLBACK_STATUSES.includes(error.status)
    if (!fallback) {
      for (const id of chunk) sent.set(id, { error: describeUnknownError(error), answered: answeredWithError(error) })
      // After a 429 that outlasted the retries, the budget is spent: nothing more goes out.
      return isRateLimited(error) ? { sent, stop: describeUnknownError(error) } : { sent }
    }
    const shortfall = budgetShortfall(client.writeBudget, chunk.length)
    if (shortfall !== undefined) {
      for (const id of chunk)
        sent.set(id, {
          error: `bulk revocation answered HTTP ${error.status}; one by one is ${shortfall}`,
          answered: true,
        })
      return { sent }
    }
    log(`Bulk revocation answered HTTP ${error.status}; revoking these ${chunk.length} tokens one at a time.`)
    for (const [index, id] of chunk.entries()) {
      const stop = await one(id)
      if (stop !== undefined) {
        for (const rest of chunk.slice(index + 1)) sent.set(rest, { stop })
        return { sent, stop }
      }
    }
    return { sent }
  }
}

/**
 * Revokes tokens by ID: one ID with `DELETE /tokens/{id}`, several in bulk
 * chunks of `BULK_CHUNK_SIZE`, falling back to one request per ID only when a
 * bulk call answers a status that says bulk did not apply. Only IDs Fastly
 * lists are sent, and a revocation counts only once the list afterwards no
 * longer shows the token. Nothing is sent that the hourly write budget cannot
 * take, and nothing more after a 429 that outlasted the retries.
 */
export async function revokeTokenIds(
  client: FastlyClient,
  ids: readonly string[],
  options: RevokeOptions,
): Promise<RevocationResult[]> {
  const { log } = options
  if (ids.length === 0) return []
  let before: ReadonlyMap<string, ListedToken>
  try {
    before = await options.listRevocable()
  } catch (error) {
    const detail = `not sent: listing the tokens to check the IDs against failed: ${describeUnknownError(error)}`
    return ids.map((id) => failed(id, null, false, detail, log))
  }
  const nameOf = (id: string) => before.get(id)?.name ?? null
  const owner = (id: string) => before.get(id)?.owner ?? null
  const category = (id: string) => before.get(id)?.category ?? null
  const result = (id: string, outcome: RevocationResult['outcome'], detail: string): RevocationResult => ({
    id,
    name: nameOf(id),
    owner: owner(id),
    category: category(id),
    current: false,
    outcome,
    detail,
  })
  const fail = (id: string, detail: string): RevocationResult => ({
    ...failed(id, nameOf(id), false, detail, log),
    owner: owner(id),
    category: category(id),
  })
  const notListed = (id: string) => {
    log(
      `Token ${id} is not among the tokens Fastly lists for this token: already revoked, never existed, or not its to revoke. Not sent.`,
    )
    return result(id, 'not-found', 'Fastly does not list it: not sent')
  }
  const targets = ids.filter((id) => before.has(id))

  if (options.dryRun) {
    return ids.map((id) => {
      if (!before.has(id)) return notListed(id)
      log(`Dry run: would revoke token ${label(id, nameOf(id))}.`)
      return result(id, 'would-revoke', 'dry run: not sent')
    })
  }

  const chunks: string[][] = []
  for (let start = 0; start < targets.length; start += BULK_CHUNK_SIZE)
    chunks.push(targets.slice(start, start + BULK_CHUNK_SIZE))
  const sent = new Map<string, Sent>()
  for (const [index, chunk] of chunks.entries()) {
    // Each chunk is one write; what is left must fit what Fastly said remains.
    const stop = budgetShortfall(client.writeBudget, chunks.length - index)
    if (stop !== undefined) {
      const rest = chunks.slice(index).flat()
      log(`Stopping before ${rest.length} more revocations: ${stop}.`)
      for (const id of rest) sent.set(id, { stop })
      break
    }
    const answer = await sendChunk(client, chunk, log)
    for (const [id, outcome] of answer.sent) sent.set(id, outcome)
    if (answer.stop !== undefined) {
      const rest = chunks.slice(index + 1).flat()
      if (rest.length > 0)
        log(`Stopping before ${rest.length} more revocations: Fastly's hourly write budget is spent.`)
      for (const id of rest) sent.set(id, { stop: `not sent: Fastly's hourly write budget is spent (${answer.stop})` })
      break
    }
  }

  let after: Map<string, ListedToken> | { error: string } = new Map()
  if ([...sent.values()].some((outcome) => outcome.stop === undefined)) {
    try {
      after = new Map(await options.listRevocable())
    } catch (error) {
      after = { error: describeUnknownError(error) }
    }
    const anchor = options.anchorId
    if (after instanceof Map && anchor !== undefined && before.has(anchor) && !after.has(anchor))
      after = {
        error: `the list no longer shows ${anchor}, the token this step runs on, which still works: it cannot be trusted to confirm anything`,
      }
  }

  return ids.map((id): RevocationResult => {
    if (!before.has(id)) return notListed(id)
    const outcome = sent.get(id)!
    if (outcome.stop !== undefined) return fail(id, outcome.stop)
    if (!(after instanceof Map)) {
      return fail(
        id,
        `${outcome.error ?? 'Fastly accepted the revocation'}; the list that would confirm it failed: ${after.error}`,
      )
    }
    if (after.has(id))
      return fail(id, outcome.error ?? 'Fastly accepted the revocation, but still lists the token afterwards')
    if (outcome.answered === true)
      return fail(
        id,
        `${outcome.error}; the list no longer shows the token, but as Fastly answered the revocation with an error that is no proof: not counted as revoked, check it by hand`,
      )
    // Listed before, gone after: revoked, whatever the DELETE's own answer was (a lost answer, a 404 on its retry).
    log(`Revoked token ${label(id, nameOf(id))} (confirmed: Fastly no longer lists it).`)
    return result(id, 'revoked', 'revoked, confirmed')
  })
}
