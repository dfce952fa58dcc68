/**
 * The revocation phase of the main step: the IDs asked for, then the current
 * token (`revoke: now`). Loaded only when the plan revokes something.
 */
import type { FastlyClient } from '../fastly/client.js'
import type { Settings } from '../inputs/settings.js'
import type { MadeToken } from '../mint/mint-token.js'
import type { Toolkit } from '../runner/toolkit.js'
import type { VerifyReport } from '../verify/verify-report.js'
import { LIST_WORDS, revocableLister } from './revocable-lister.js'
import type { RevocationPlan } from './revocation-plan.js'
import type { RevocationResult } from './revocation-result.js'
import { revokeCurrentToken } from './revoke-current.js'
import { revokeTokenIds } from './revoke-tokens.js'

/** The IDs first, then the current token: `revoke: now` never pulls the ground from under the rest. */
export async function runRevocations(
  toolkit: Toolkit,
  client: FastlyClient,
  settings: Settings,
  report: VerifyReport,
  plan: RevocationPlan,
  made: MadeToken | undefined,
  now: Date,
): Promise<RevocationResult[]> {
  return toolkit.group('Fastly token revocation', async () => {
    for (const note of plan.notes) toolkit.info(note)
    // A token this step made is known without Fastly's verdict on it.
    const token =
      report.status === 'valid' || report.status === 'expiring'
        ? report.token
        : made !== undefined
          ? { id: made.id ?? '(current token)', name: made.name, customerId: null }
          : undefined
    const log = (message: string) => toolkit.info(message)
    // Fastly's answer for the token may name no customer (an automation token's has been seen without one).
    // customer-id first, as for the audit.
    const customerId = settings.audit.customerId !== '' ? settings.audit.customerId : (token?.customerId ?? null)
    const lister = revocableLister(client, customerId, plan.revokeIds, async (listed) => {
      // The audit's own rules and windows (stale-after, warn-if-expires-within), loaded only for a cleanup.
      const { CATEGORY_LABEL, flagToken } = await import('../audit/classify.js')
      return CATEGORY_LABEL[flagToken(listed, now, settings.audit.policy)[0] ?? 'ok']
    })
    const results = await revokeTokenIds(client, plan.revokeIds, {
      dryRun: settings.revocation.dryRun,
      log,
      listRevocable: lister.list,
      anchorId: token?.id,
    })
    // "Not found" among lists Fastly refused is not "gone": say so, so a cleanup with too weak a token is noticed.
    const unseen = results.filter((result) => result.outcome === 'not-found').length
    const refused = lister.refused()
    // No customer named: setting customer-id is the fix, whatever list was refused besides.
    const unseenWhy =
      customerId === null
        ? "Fastly's answer for this token names no customer, so the customer's token list could not be asked for and only the token's own were checked. Set customer-id to check the customer's tokens."
        : refused.length > 0
          ? `Fastly refused ${refused.map((name) => LIST_WORDS[name]).join(' and ')} to this token (the customer's lists are for superusers), so only the tokens it could list were checked. To revoke other users' tokens, run this step with a superuser's token.`
          : undefined
    if (unseen > 0 && unseenWhy !== undefined)
      toolkit.warning({
        key: 'revoke-ids-not-listable',
        message: `Not revoked: ${unseen} token ID(s) are not among the tokens this token may list, so they were never sent. ${unseenWhy}`,
      })
    if (plan.revokeSelfNow && token !== undefined) {
      results.push(
        await revokeCurrentToken(
          client,
          { id: token.id, name: token.name },
          { dryRun: settings.revocation.dryRun, log },
        ),
      )
    }
    return results
  })
}
