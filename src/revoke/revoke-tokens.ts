import type { FastlyClient, WriteBudget } from '../fastly/client.js'
import { FastlyApiError } from '../fastly/errors.js'
import { describeUnknownError } from '../shared/describe-error.js'
import { formatUtc } from '../shared/time.js'
import type { RevocationResult } from './revocation-result.js'

/** IDs per bulk request. Fastly documents no limit; 100 keeps each request small and a failure contained. */
const BULK_CHUNK_SIZE = 100
/** A bulk call answering these may not support bulk (or one ID is unknown): retry that chunk one ID at a time. */
const BULK_FALLBACK_STATUSES: readonly number[] = [400, 404, 405, 415]

interface RevokeOptions {
  dryRun: boolean
  /** Names this step already knows (the current token, an audit's tokens); no extra requests for names. */
  names: ReadonlyMap<string, string | null>
  log: (message: string) => void
  /**
   * The IDs of the tokens Fastly still lists, from one list request that covers
   * every token the caller may revoke: how a revocation Fastly accepted is confirmed.
   */
  listRemainingIds: () => Promise<ReadonlySet<string>>
}

function label(id: string, name: string | null): string {
  return name !== null ? `${id} (${name})` : id
}

/** A revocation that failed for good: logged and reported with the same words (status, request, Fastly's message). */
function failed(
  id: string,
  name: string | null,
  current: boolean,
  detail: string,
  log: RevokeOptions['log'],
): RevocationResult {
  log(`Could not revoke ${current ? 'the current token' : 'token'} ${label(id, name)}: ${detail}`)
  return { id, name, current, outcome: 'failed', detail }
}

/** Why a batch cannot be sent within the hourly write budget; undefined when it can (or the budget is unknown). */
function budgetShortfall(budget: WriteBudget | undefined, writes: number): string | undefined {
  if (budget === undefined || budget.remaining >= writes) return undefined
  const reset = budget.resetAt !== undefined ? ` until ${formatUtc(budget.resetAt)}` : ''
  return `not sent: it needs ${writes} write${writes === 1 ? '' : 's'} and Fastly's hourly write budget has ${budget.remaining} left${reset}. Run again after the reset`
}

/** One chunk: bulk, or one request per ID when bulk does not apply. IDs Fastly accepted come back 'accepted'. */
async function sendChunk(
  client: FastlyClient,
  chunk: readonly string[],
  options: RevokeOptions,
): Promise<Map<string, 'accepted' | 'not-found' | { error: string }>> {
  const outcome = new Map<string, 'accepted' | 'not-found' | { error: string }>()
  const one = async (id: string) => {
    try {
      outcome.set(id, await client.revokeToken(id))
    } catch (error) {
      outcome.set(id, { error: describeUnknownError(error) })
    }
  }
  if (chunk.length === 1) {
    await one(chunk[0]!)
    return outcome
  }
  try {
    await client.revokeTokens(chunk)
    for (const id of chunk) outcome.set(id, 'accepted')
  } catch (error) {
    const fallback =
      error instanceof FastlyApiError &&
      error.kind === 'http' &&
      error.status !== undefined &&
      BULK_FALLBACK_STATUSES.includes(error.status)
    if (!fallback) {
      for (const id of chunk) outcome.set(id, { error: describeUnknownError(error) })
      return outcome
    }
    const shortfall = budgetShortfall(client.writeBudget, chunk.length)
    if (shortfall !== undefined) {
      for (const id of chunk)
        outcome.set(id, { error: `bulk revocation answered HTTP ${error.status}; one by one is ${shortfall}` })
      return outcome
    }
    options.log(`Bulk revocation answered HTTP ${error.status}; revoking these ${chunk.length} tokens one at a time.`)
    for (const id of chunk) await one(id)
  }
  return outcome
}

/**
 * Revokes tokens by ID: one ID with `DELETE /tokens/{id}`, several in bulk
 * chunks of `BULK_CHUNK_SIZE`, falling back to one request per ID only when
 * a bulk call answers a status that says bulk did not apply. A revocation
 * counts only once confirmed: one list request afterwards must no longer
 * show the token. Nothing is sent that the hourly write budget cannot take.
 */
export async function revokeTokenIds(
  client: FastlyClient,
  ids: readonly string[],
  options: RevokeOptions,
): Promise<RevocationResult[]> {
  const nameOf = (id: string) => options.names.get(id) ?? null
  if (options.dryRun) {
    return ids.map((id) => {
      options.log(`Dry run: would revoke token ${label(id, nameOf(id))}.`)
      return { id, name: nameOf(id), current: false, outcome: 'would-revoke', detail: 'dry run: not sent' }
    })
  }
  const chunks: string[][] = []
  for (let start = 0; start < ids.length; start += BULK_CHUNK_SIZE)
    chunks.push(ids.slice(start, start + BULK_CHUNK_SIZE))

  const sent = new Map<string, 'accepted' | 'not-found' | { error: string }>()
  for (const [index, chunk] of chunks.entries()) {
    // Each chunk is one write; what is left must fit what Fastly said remains.
    const shortfall = budgetShortfall(client.writeBudget, chunks.length - index)
    if (shortfall !== undefined) {
      const rest = chunks.slice(index).flat()
      options.log(`Stopping before ${rest.length} more revocations: ${shortfall}.`)
      for (const id of rest) sent.set(id, { error: shortfall })
      break
    }
    for (const [id, outcome] of await sendChunk(client, chunk, options)) sent.set(id, outcome)
  }

  const accepted = ids.filter((id) => sent.get(id) === 'accepted')
  let remaining: ReadonlySet<string> | { error: string } = new Set()
  if (accepted.length > 0) {
    try {
      remaining = await options.listRemainingIds()
    } catch (error) {
      remaining = { error: describeUnknownError(error) }
    }
  }

  return ids.map((id): RevocationResult => {
    const name = nameOf(id)
    const outcome = sent.get(id)!
    if (outcome === 'not-found') {
      options.log(`Token ${label(id, name)} was already revoked or does not exist (HTTP 404).`)
      return { id, name, current: false, outcome: 'already-gone', detail: 'already revoked or unknown (HTTP 404)' }
    }
    if (typeof outcome === 'object') return failed(id, name, false, outcome.error, options.log)
    if (!(remaining instanceof Set)) {
      const why = 'error' in remaining ? remaining.error : ''
      return failed(
        id,
        name,
        false,
        `Fastly accepted the revocation, but the list that confirms it failed: ${why}`,
        options.log,
      )
    }
    if (remaining.has(id)) {
      return failed(
        id,
        name,
        false,
        'Fastly accepted the revocation, but still lists the token afterwards',
        options.log,
      )
    }
    options.log(`Revoked token ${label(id, name)} (confirmed: Fastly no longer lists it).`)
    return { id, name, current: false, outcome: 'revoked', detail: 'revoked, confirmed' }
  })
}

/**
 * Revokes the token the client authenticates with (`DELETE /tokens/self`), then
 * asks `GET /tokens/self` with the same token: it is revoked only when Fastly
 * now rejects it (401 or 403), whatever the DELETE answered.
 */
export async function revokeCurrentToken(
  client: FastlyClient,
  token: { id: string | null; name: string | null },
  options: Pick<RevokeOptions, 'dryRun' | 'log'>,
): Promise<RevocationResult> {
  const id = token.id ?? '(current token)'
  const result = (outcome: RevocationResult['outcome'], detail: string): RevocationResult => ({
    id,
    name: token.name,
    current: true,
    outcome,
    detail,
  })
  if (options.dryRun) {
    options.log(`Dry run: would revoke the current token ${label(id, token.name)}.`)
    return result('would-revoke', 'dry run: not sent')
  }
  const shortfall = budgetShortfall(client.writeBudget, 1)
  if (shortfall !== undefined) return failed(id, token.name, true, `DELETE /tokens/self ${shortfall}`, options.log)

  let deleteError: unknown
  try {
    await client.revokeSelf()
  } catch (error) {
    deleteError = error
  }
  let rejected: boolean
  try {
    rejected = await client.isSelfRejected()
  } catch (error) {
    const why = deleteError !== undefined ? describeUnknownError(deleteError) : 'Fastly accepted the revocation'
    return failed(
      id,
      token.name,
      true,
      `${why}; asking Fastly whether it still accepts the token failed: ${describeUnknownError(error)}`,
      options.log,
    )
  }
  if (!rejected) {
    const why =
      deleteError !== undefined
        ? describeUnknownError(deleteError)
        : 'Fastly answered the revocation with success, but still accepts the token'
    return failed(id, token.name, true, `${why} (GET /tokens/self still answers 200)`, options.log)
  }
  // Fastly rejects it now. Our DELETE did that, unless Fastly refused it as already gone the first time.
  const alreadyGone =
    deleteError instanceof FastlyApiError &&
    deleteError.kind === 'http' &&
    [401, 403, 404].includes(deleteError.status ?? 0) &&
    !deleteError.afterPossibleDelivery
  if (alreadyGone) {
    options.log(`The current token ${label(id, token.name)} was already revoked.`)
    return result('already-gone', 'already revoked (Fastly rejects it)')
  }
  options.log(`Revoked the current token ${label(id, token.name)} (confirmed: Fastly now rejects it).`)
  return result('revoked', 'revoked, confirmed')
}
