import { describeUnknownError } from '../shared/describe-error.js'
import type { RevocationResult } from './revocation-result.js'
import type { FastlyClient } from '../fastly/client.js'
import { FastlyApiError } from '../fastly/errors.js'

/** IDs per bulk request. Fastly documents no limit; 100 keeps each request small and a failure contained. */
const BULK_CHUNK_SIZE = 100
/** A bulk call answering these may not support bulk (or one ID is unknown): retry that chunk one ID at a time. */
const BULK_FALLBACK_STATUSES: readonly number[] = [400, 404, 405, 415]

interface RevokeOptions {
  dryRun: boolean
  /** Names this step already knows (the current token, an audit's tokens); no extra requests for names. */
  names: ReadonlyMap<string, string | null>
  log: (message: string) => void
}

function label(id: string, name: string | null): string {
  return name !== null ? `${id} (${name})` : id
}

/** A revocation that failed for good: logged and reported with the same words (status, request, Fastly's message). */
function failed(
  id: string,
  name: string | null,
  current: boolean,
  error: unknown,
  log: RevokeOptions['log'],
): RevocationResult {
  const detail = describeUnknownError(error)
  log(`Could not revoke ${current ? 'the current token' : 'token'} ${label(id, name)}: ${detail}`)
  return { id, name, current, outcome: 'failed', detail }
}

async function revokeOne(
  client: FastlyClient,
  id: string,
  name: string | null,
  log: RevokeOptions['log'],
): Promise<RevocationResult> {
  try {
    const outcome = await client.revokeToken(id)
    if (outcome === 'already-gone') {
      log(`Token ${label(id, name)} was already revoked or does not exist (HTTP 404).`)
      return { id, name, current: false, outcome, detail: 'already revoked or unknown (HTTP 404)' }
    }
    log(`Revoked token ${label(id, name)}.`)
    return { id, name, current: false, outcome, detail: 'revoked' }
  } catch (error) {
    return failed(id, name, false, error, log)
  }
}

/**
 * Revokes tokens by ID: one ID with `DELETE /tokens/{id}`, several in bulk
 * chunks of `BULK_CHUNK_SIZE`, falling back to one request per ID only when
 * a bulk call answers a status that says bulk did not apply.
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
  const results: RevocationResult[] = []
  for (let start = 0; start < ids.length; start += BULK_CHUNK_SIZE) {
    const chunk = ids.slice(start, start + BULK_CHUNK_SIZE)
    if (chunk.length === 1) {
      results.push(await revokeOne(client, chunk[0]!, nameOf(chunk[0]!), options.log))
      continue
    }
    try {
      await client.revokeTokens(chunk)
      for (const id of chunk) {
        options.log(`Revoked token ${label(id, nameOf(id))}.`)
        results.push({ id, name: nameOf(id), current: false, outcome: 'revoked', detail: 'revoked (bulk)' })
      }
    } catch (error) {
      if (
        error instanceof FastlyApiError &&
        error.kind === 'http' &&
        error.status !== undefined &&
        BULK_FALLBACK_STATUSES.includes(error.status)
      ) {
        options.log(
          `Bulk revocation answered HTTP ${error.status}; revoking these ${chunk.length} tokens one at a time.`,
        )
        for (const id of chunk) results.push(await revokeOne(client, id, nameOf(id), options.log))
        continue
      }
      for (const id of chunk) results.push(failed(id, nameOf(id), false, error, options.log))
    }
  }
  return results
}

/** Revokes the token the client authenticates with (`DELETE /tokens/self`). */
export async function revokeCurrentToken(
  client: FastlyClient,
  token: { id: string | null; name: string | null },
  options: Pick<RevokeOptions, 'dryRun' | 'log'>,
): Promise<RevocationResult> {
  const id = token.id ?? '(current token)'
  if (options.dryRun) {
    options.log(`Dry run: would revoke the current token ${label(id, token.name)}.`)
    return { id, name: token.name, current: true, outcome: 'would-revoke', detail: 'dry run: not sent' }
  }
  try {
    const outcome = await client.revokeSelf()
    if (outcome === 'already-gone') {
      options.log(`The current token ${label(id, token.name)} was already revoked.`)
      return { id, name: token.name, current: true, outcome, detail: 'already revoked' }
    }
    options.log(`Revoked the current token ${label(id, token.name)}.`)
    return { id, name: token.name, current: true, outcome, detail: 'revoked' }
  } catch (error) {
    return failed(id, token.name, true, error, options.log)
  }
}
