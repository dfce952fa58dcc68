/**
 * Revoking the token the step runs with, which the post step does and
 * nothing more: kept apart from the revocation of other tokens by ID
 * (revoke-tokens.ts), so the post step loads only this.
 */
import type { FastlyClient, WriteBudget } from '../fastly/client.js'
import { FastlyApiError } from '../fastly/errors.js'
import { describeUnknownError } from '../shared/describe-error.js'
import { formatUtc } from '../shared/time.js'
import type { RevocationResult } from './revocation-result.js'

export interface RevokeBasics {
  dryRun: boolean
  log: (message: string) => void
}

export function label(id: string, name: string | null): string {
  return name !== null ? `${id} (${name})` : id
}

/** A revocation that failed for good: logged and reported with the same words (status, request, Fastly's message). */
export function failed(
  id: string,
  name: string | null,
  current: boolean,
  detail: string,
  log: RevokeBasics['log'],
): RevocationResult {
  log(`Could not revoke ${current ? 'the current token' : 'token'} ${label(id, name)}: ${detail}`)
  return { id, name, current, outcome: 'failed', detail }
}

/** Why a batch cannot be sent within the hourly write budget; undefined when it can (or the budget is unknown). */
export function budgetShortfall(budget: WriteBudget | undefined, writes: number): string | undefined {
  if (budget === undefined || budget.remaining >= writes) return undefined
  const reset = budget.resetAt !== undefined ? ` until ${formatUtc(budget.resetAt)}` : ''
  return `not sent: it needs ${writes} write${writes === 1 ? '' : 's'} and Fastly's hourly write budget has ${budget.remaining} left${reset}. Run again after the reset`
}

/**
 * Revokes the token the client authenticates with (`DELETE /tokens/self`), then
 * asks `GET /tokens/self` with the same token: it is revoked only when Fastly
 * now rejects it (401 or 403), whatever the DELETE answered.
 */
export async function revokeCurrentToken(
  client: FastlyClient,
  token: { id: string | null; name: string | null },
  options: RevokeBasics,
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
