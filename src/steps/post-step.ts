import type { FastlyClient } from '../fastly/client.js'
import { tokenCandidate, workflowRunUrl } from '../inputs/environment.js'
import { escapeHtml, renderSummaryHtml } from '../report/summary-html.js'
import { decidePostRevocation } from '../revoke/post-decision.js'
import {
  decodePendingMint,
  decodePostRecord,
  fingerprintToken,
  POST_RECORD_STATE,
  type PostRecord,
} from '../revoke/post-record.js'
import { buildPostSummary, revocationFailure } from '../revoke/revocation-result.js'
import type { Notice } from '../report/catalogue.js'
import { revokeCurrentToken } from '../revoke/revoke-current.js'
import { type CoreSource, coreEntry } from '../runner/core-source.js'
import { createActionsToolkit, type Toolkit } from '../runner/toolkit.js'
import { appendSummarySafely } from './append-summary.js'
import { describeUnknownError } from '../shared/describe-error.js'
import { redactSecrets } from '../shared/redact.js'
import { formatUtc } from '../shared/time.js'
import { defaultDependencies, type StepDependencies } from './dependencies.js'

type PostSummary = Parameters<typeof buildPostSummary>[0]
type Skip = { skipped: string; level: 'info' | 'warning' | 'fail' }

/**
 * The post step, run at the end of the job even when a step failed or the
 * job was cancelled (`post-if: always()`): revokes the token the main step
 * recorded, and only that token. It reads the record and the token, nothing
 * else: every setting it needs was saved by the main step.
 */
export async function runPost(toolkit: Toolkit, deps: StepDependencies = defaultDependencies): Promise<void> {
  try {
    const saved = toolkit.getState(POST_RECORD_STATE)
    const record = decodePostRecord(saved ?? '')
    // A token the main step made is in its record; any other is read again (the runner evaluates the inputs
    // again for the post step). Either is masked before anything else.
    const token = record?.madeToken ?? tokenCandidate((name) => toolkit.getInput(name), toolkit.env)
    if (token !== '') toolkit.setSecret(token)

    const decision = decidePostRevocation(record, token !== '' ? fingerprintToken(token) : undefined, deps.now())
    if (decision.action === 'none' || record === undefined) {
      // No record at all: the main step never got to save one (the job was cancelled as it started). The only
      // input read besides the token, and only to say so: it cannot stop a revocation, as there is none to stop.
      if (saved === undefined && (await revocationWasAsked(toolkit))) {
        toolkit.warning({
          key: 'post-no-record',
          message:
            'Not revoking: the main step saved no record for the post step (it stopped before it began, for example when the job was cancelled at once), so the post step cannot tell which token it verified. If that step made or was given a token to revoke, revoke it by hand.',
        })
        return
      }
      const pending = decodePendingMint(saved ?? '')
      if (pending !== undefined) {
        toolkit.warning({
          key: 'mint-interrupted',
          message: `The job ended while the main step was making a token for it (POST /tokens), before Fastly answered: if Fastly made the token "${pending.name}", nobody holds its secret and nothing can revoke it but a person. It expires at ${formatUtc(Date.parse(pending.expiresAt))}; to revoke it sooner, find it in the user's tokens.`,
        })
        return
      }
      // Not empty (the main step's word for "nothing to revoke") and not a record: changed or cut on the way. The
      // main step wrote it to have something revoked, so saying nothing would let a token outlive its job unseen.
      if (saved !== undefined && saved !== '') {
        toolkit.warning({
          key: 'post-record-unreadable',
          message:
            'Not revoking: the record the main step saved for the post step cannot be read (it was changed or cut on the way), so the post step cannot tell which token to revoke. If that step made or was given a token to revoke, revoke it by hand.',
        })
        return
      }
      toolkit.debug('No post-step revocation was asked for in this job.')
      return
    }
    const runUrl = workflowRunUrl(toolkit.env)
    const report = async (summary: PostSummary) => {
      if (record.jobSummary) {
        const html = renderSummaryHtml(buildPostSummary(summary, runUrl, record.madeToken !== null))
        await appendSummarySafely(toolkit, redactSecrets(html, [token, escapeHtml(token)]))
      }
    }
    if (decision.action === 'skip') {
      if (decision.level === 'warning') toolkit.warning({ key: decision.key, message: decision.message })
      else toolkit.info(decision.message)
      await report({ skipped: decision.message, level: decision.level })
      return
    }

    const client = deps.createClient({ ...record, token }, toolkit)
    let target = { id: record.tokenId, name: record.tokenName }
    if (decision.action === 'verify-first') {
      const verified = await verifyFirst(toolkit, client, record, deps)
      if ('skipped' in verified) {
        await report(verified)
        return
      }
      target = verified
    }

    const result = await toolkit.group('Fastly token revocation (post step)', () =>
      revokeCurrentToken(client, target, { dryRun: record.dryRun, log: (message) => toolkit.info(message) }),
    )
    await report({ result })
    const failure = revocationFailure([result])
    if (failure !== undefined) failOrWarn(toolkit, record, failure)
  } catch (error) {
    toolkit.setFailed({
      key: 'unexpected-failure',
      message: `Fastly Token Guard (post step) failed unexpectedly: ${describeUnknownError(error)}`,
    })
  }
}

/**
 * revoke: post, or auto for a step that makes its token (username): read by the input table's own rows, so an
 * empty input is its default as in the main step. A value the main step refused asked for nothing it could do.
 */
async function revocationWasAsked(toolkit: Toolkit): Promise<boolean> {
  // Loaded only on this rare path (no record at all): the post step's cold start is budgeted.
  const [{ readInput }, { resolveRevokeMode }] = await Promise.all([
    import('../inputs/input-table.js'),
    import('../revoke/revocation-plan.js'),
  ])
  const read = (name: string) => toolkit.getInput(name)
  try {
    return resolveRevokeMode(readInput(read, 'revoke'), readInput(read, 'username') !== '') === 'post'
  } catch {
    return false
  }
}

function failOrWarn(toolkit: Toolkit, record: PostRecord, notice: Notice): void {
  if (record.failOnError) toolkit.setFailed(notice)
  else toolkit.warning(notice)
}

/** The main step had no verdict (Fastly unreachable, or cancelled while waiting): verify now and apply the same rules. */
async function verifyFirst(
  toolkit: Toolkit,
  client: FastlyClient,
  record: PostRecord,
  deps: StepDependencies,
): Promise<{ id: string; name: string | null } | Skip> {
  // Only the rules revocation depends on: the gate's own windows and scopes are the main step's business.
  const policy = {
    failWithin: undefined,
    warnWithin: undefined,
    requireExpiry: false,
    requiredScopes: [],
    requiredServices: [],
  }
  // Loaded only on this path: most post steps revoke a token the main step verified (cold start is budgeted).
  const [{ verifyToken }, { planRevocations }] = await Promise.all([
    import('../verify/verify-token.js'),
    import('../revoke/revocation-plan.js'),
  ])
  const verified = await verifyToken(client, policy, deps.now)
  if (verified.status === 'invalid') {
    const message = 'Nothing to revoke: Fastly already rejects the token.'
    toolkit.info(message)
    return { skipped: message, level: 'info' }
  }
  if (verified.status === 'error') {
    const message = `The token was not revoked: the post step could not verify it either. ${verified.failure.message}`
    failOrWarn(toolkit, record, { key: 'post-verify-failed', message })
    return { skipped: message, level: record.failOnError ? 'fail' : 'warning' }
  }
  const plan = planRevocations(verified, {
    mode: 'post',
    ids: [],
    allowNonExpiring: record.allowNonExpiring,
    dryRun: record.dryRun,
    madeForJob: false,
  })
  if (plan.refusal !== undefined) {
    toolkit.setFailed(plan.refusal)
    return { skipped: plan.refusal.message, level: 'fail' }
  }
  return { id: verified.token.id, name: verified.token.name }
}

/** The post step as GitHub runs it (and as `npm run local-action` does, with its stand-in toolkit). */
export async function run(core: CoreSource = coreEntry): Promise<void> {
  await runPost(createActionsToolkit(await core()))
}
