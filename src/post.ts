import { appendSummarySafely, createActionsToolkit, type Toolkit } from './actions/toolkit.js'
import { describeUnknownError } from './core/describe-error.js'
import { InputError } from './core/input-error.js'
import { decidePostRevocation } from './core/post-decision.js'
import { planRevocations } from './core/revocation-plan.js'
import { buildPostSummary, revocationFailureMessage } from './core/revocation-report.js'
import { renderSummaryHtml } from './core/summary-html.js'
import { defaultDependencies, type StepDependencies, stepDependencies } from './dependencies.js'
import type { EarlyRequest } from './fastly/client.js'
import { revokeCurrentToken } from './revoke.js'
import { readSettings, type Settings, tokenCandidate } from './settings.js'
import { fingerprintToken, readPostRevocation } from './state.js'
import { verifyToken } from './verify.js'

type PostSummary = Parameters<typeof buildPostSummary>[0]

/**
 * The post step, run at the end of the job even when a step failed or the
 * job was cancelled (`post-if: always()`): revokes the token the main step
 * recorded, and only that token.
 */
export async function runPost(toolkit: Toolkit, deps: StepDependencies = defaultDependencies): Promise<void> {
  try {
    // The runner evaluates inputs again for the post step: mask what it gave us before anything else.
    const candidate = tokenCandidate((name) => toolkit.getInput(name), toolkit.env)
    if (candidate !== '') toolkit.setSecret(candidate)

    const record = readPostRevocation((name) => toolkit.getState(name))
    // The same clock reading as the entry's early request, if it sent one: the same decision, always.
    const decision = decidePostRevocation(record, candidate !== '' ? fingerprintToken(candidate) : undefined, deps.early?.decidedAt ?? deps.now())
    if (record === undefined && decision.action === 'skip') {
      // Not asked to revoke in this job: stay quiet, no summary.
      toolkit.info(decision.message)
      return
    }
    // The main step validated these inputs; reading them again gives this step its api-url, timeout and dry-run.
    const settings = readSettings((name) => toolkit.getInput(name), toolkit.env)
    const report = async (summary: PostSummary) => {
      if (settings.jobSummary) await appendSummarySafely(toolkit, renderSummaryHtml(buildPostSummary(summary, settings.runUrl)))
    }
    if (decision.action === 'skip') {
      if (decision.level === 'warning') toolkit.warning(decision.message, 'Fastly token not revoked')
      else toolkit.info(decision.message)
      await report({ skipped: decision.message, level: decision.level })
      return
    }

    const client = deps.createClient(settings, toolkit)
    let token = { id: record?.tokenId ?? null, name: record?.tokenName ?? null }
    if (decision.action === 'verify-first') {
      const verified = await verifyFirst(toolkit, client, settings, deps)
      if ('skipped' in verified) {
        await report(verified)
        return
      }
      token = verified
    }

    const result = await toolkit.group('Fastly token revocation (post step)', () =>
      revokeCurrentToken(client, token, { dryRun: settings.revocation.dryRun, log: (message) => toolkit.info(message) }),
    )
    await report({ result })
    const failure = revocationFailureMessage([result])
    if (failure !== undefined) failOrWarn(toolkit, settings, failure)
  } catch (error) {
    if (error instanceof InputError) {
      toolkit.setFailed(error.message)
      return
    }
    toolkit.setFailed(`Fastly Token Guard (post step) failed unexpectedly: ${describeUnknownError(error)}`)
  }
}

function failOrWarn(toolkit: Toolkit, settings: Settings, message: string): void {
  if (settings.revocation.failOnError) toolkit.setFailed(message)
  else toolkit.warning(message, 'Fastly token not revoked')
}

/** The main step had no verdict (Fastly unreachable): verify now and apply the same rules before revoking. */
async function verifyFirst(
  toolkit: Toolkit,
  client: ReturnType<StepDependencies['createClient']>,
  settings: Settings,
  deps: StepDependencies,
): Promise<{ id: string; name: string | null } | { skipped: string; level: 'info' | 'warning' | 'fail' }> {
  const verified = await verifyToken(client, settings.policy, deps.now)
  if (verified.status === 'invalid') {
    const message = 'Nothing to revoke: Fastly already rejects the token.'
    toolkit.info(message)
    return { skipped: message, level: 'info' }
  }
  if (verified.status === 'error') {
    const message = `The token was not revoked: the post step could not verify it either. ${verified.message}`
    failOrWarn(toolkit, settings, message)
    return { skipped: message, level: settings.revocation.failOnError ? 'fail' : 'warning' }
  }
  const plan = planRevocations(verified, { ...settings.revocation, mode: 'post', ids: [] })
  if (plan.refusal !== undefined) {
    toolkit.setFailed(plan.refusal)
    return { skipped: plan.refusal, level: 'fail' }
  }
  return { id: verified.token.id, name: verified.token.name }
}

/** The post step as GitHub runs it (and as `npm run local-action` does, with its stand-in toolkit). */
export async function run(early?: EarlyRequest): Promise<void> {
  await runPost(createActionsToolkit(), stepDependencies(early))
}
