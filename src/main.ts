import { appendSummarySafely, createActionsToolkit, type Toolkit } from './actions/toolkit.js'
import type { AuditPhase } from './audit.js'
import { describeUnknownError } from './core/describe-error.js'
import { InputError } from './core/input-error.js'
import { verifyOutputs } from './core/outputs.js'
import { combineFailures, type VerifyReport, verifyFailures } from './core/report.js'
import { planRevocations, type RevocationPlan } from './core/revocation-plan.js'
import { revocationFailureMessage, revocationOutputs, revocationSection, type RevocationResult } from './core/revocation-report.js'
import { buildVerifySummary, type SummarySection } from './core/summary.js'
import { renderSummaryHtml } from './core/summary-html.js'
import { formatTimestamp } from './core/token.js'
import type { CheckOutcome } from './core/verdict.js'
import { defaultDependencies, type StepDependencies, stepDependencies } from './dependencies.js'
import type { EarlyRequest, FastlyClient } from './fastly/client.js'

import { readSettings, type Settings, tokenCandidate } from './settings.js'
import { clearPostRevocation, fingerprintToken, markMainStarted, savePostRevocation } from './state.js'
import { verifyToken } from './verify.js'

const LOG_MARK: Record<CheckOutcome, string> = { pass: '✔', warn: '⚠', fail: '✖' }

function logReport(toolkit: Toolkit, settings: Settings, report: VerifyReport): void {
  toolkit.info(`Fastly API: ${settings.apiUrl}`)
  if (report.status === 'invalid' || report.status === 'error') {
    toolkit.info(`${LOG_MARK.fail} ${report.message}`)
    return
  }
  const { token, verdict } = report
  toolkit.info(`Token: ${token.name ?? '(no name)'} (${token.id}), user ${token.userId ?? 'unknown'}, customer ${token.customerId ?? 'unknown'}`)
  for (const check of verdict.checks) toolkit.info(`${LOG_MARK[check.outcome]} ${check.name}: ${check.detail}`)
  toolkit.info(`Status: ${report.status}; ${verdict.passed ? 'all checks passed' : 'a check failed'}`)
}

function publish(toolkit: Toolkit, outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) toolkit.setOutput(name, value)
}

/** Hands the token to the post step as soon as it is verified, so a later crash cannot skip the revocation. */
function recordForPost(toolkit: Toolkit, settings: Settings, report: VerifyReport | undefined): void {
  const token = report !== undefined && (report.status === 'valid' || report.status === 'expiring') ? report.token : undefined
  savePostRevocation((name, value) => toolkit.saveState(name, value), {
    tokenId: token?.id ?? null,
    tokenName: token?.name ?? null,
    fingerprint: fingerprintToken(settings.token),
    expiresAt: token?.expiresAt ? formatTimestamp(token.expiresAt) : null,
    verified: token !== undefined,
  })
  if (report === undefined) return
  toolkit.info(`The post step will ${settings.revocation.dryRun ? 'report (dry run) the revocation of' : 'revoke'} this token at the end of the job.`)
}

/** Verify, then revoke IDs, then the current token: `revoke: now` never pulls the ground from under the rest. */
async function executeRevocations(
  toolkit: Toolkit,
  client: FastlyClient,
  settings: Settings,
  report: VerifyReport,
  plan: RevocationPlan,
  audit: AuditPhase | undefined,
): Promise<RevocationResult[]> {
  if (plan.revokeIds.length === 0 && !plan.revokeSelfNow && plan.notes.length === 0) return []
  return toolkit.group('Fastly token revocation', async () => {
    for (const note of plan.notes) toolkit.info(note)
    const token = report.status === 'valid' || report.status === 'expiring' ? report.token : undefined
    // Names this step already knows, from the audit and the current token: no extra requests for names.
    const names = new Map<string, string | null>((audit?.result?.entries ?? []).map((entry) => [entry.token.id, entry.token.name]))
    if (token !== undefined) names.set(token.id, token.name)
    const log = (message: string) => toolkit.info(message)
    // Loaded only when something is to be revoked: the gate's cold start stays close to the toolkit's own.
    const { revokeCurrentToken, revokeTokenIds } = await import('./revoke.js')
    const results = await revokeTokenIds(client, plan.revokeIds, { dryRun: settings.revocation.dryRun, names, log })
    if (plan.revokeSelfNow && token !== undefined) {
      results.push(await revokeCurrentToken(client, { id: token.id, name: token.name }, { dryRun: settings.revocation.dryRun, log }))
    }
    return results
  })
}

/** What the step did, for the reporting at its end. */
interface StepOutcome {
  report: VerifyReport
  plan: RevocationPlan
  audit: AuditPhase | undefined
  results: RevocationResult[]
  now: Date
}

/**
 * The end of the step: the summary, the annotations, and one failure message
 * for everything that failed (the gate, the audit, a refused or failed revocation).
 */
async function reportStep(toolkit: Toolkit, settings: Settings, { report, plan, audit, results, now }: StepOutcome): Promise<void> {
  const revokeFailure = revocationFailureMessage(results)
  const otherFailures = [...(audit?.failures ?? [])]
  if (plan.refusal !== undefined) otherFailures.push(plan.refusal)
  if (revokeFailure !== undefined && settings.revocation.failOnError) otherFailures.push(revokeFailure)

  if (settings.jobSummary) {
    const extra: SummarySection[] = [...(audit?.sections ?? [])]
    if (results.length > 0) extra.push(revocationSection(settings.revocation.dryRun ? 'Revocations (dry run: nothing was sent)' : 'Revocations', results))
    for (const note of plan.notes) extra.push({ kind: 'note', text: note })
    const otherWarning = (audit?.result?.needsAttention.length ?? 0) > 0
    await appendSummarySafely(toolkit, renderSummaryHtml(buildVerifySummary(report, { now, runUrl: settings.runUrl, otherFailures, otherWarning }, extra)))
  }

  if (report.status === 'valid' || report.status === 'expiring') {
    // A token this job revokes is short-lived by design: "renew it" would be noise.
    const revokedByThisJob = plan.revokeSelfNow || plan.recordForPost
    for (const warning of report.verdict.warnings) {
      if (revokedByThisJob) toolkit.info(`Not warning, as this job revokes the token: ${warning}`)
      else toolkit.warning(warning, 'Fastly token expires soon')
    }
  }
  for (const warning of audit?.warnings ?? []) toolkit.warning(warning, 'Fastly token audit')
  if (revokeFailure !== undefined && !settings.revocation.failOnError) toolkit.warning(revokeFailure, 'Fastly token not revoked')

  const failure = combineFailures([...verifyFailures(report), ...otherFailures])
  if (failure !== undefined) toolkit.setFailed(failure)
}

/** The main step: verify the token, gate on it, audit and revoke what was asked, and report. */
export async function runMain(toolkit: Toolkit, deps: StepDependencies = defaultDependencies): Promise<void> {
  try {
    // Mask first: nothing may be printed before the runner knows the secret.
    const candidate = tokenCandidate((name) => toolkit.getInput(name), toolkit.env)
    if (candidate !== '') toolkit.setSecret(candidate)
    const githubToken = toolkit.getInput('github-token').trim()
    if (githubToken !== '') toolkit.setSecret(githubToken)
    markMainStarted((name, value) => toolkit.saveState(name, value))

    const settings = readSettings((name) => toolkit.getInput(name), toolkit.env)
    const client = deps.createClient(settings, toolkit)
    // Before waiting for the first answer (the entry may have sent the request already): if the job is cancelled
    // during the wait, the post step still finds the token (and verifies it first).
    if (settings.revocation.mode === 'post') recordForPost(toolkit, settings, undefined)
    // One clock reading for the verdict and the summary, so their "in N days" agree.
    let now = deps.now()
    const report = await toolkit.group('Fastly token check', async () => {
      const result = await verifyToken(client, settings.policy, () => (now = deps.now()))
      logReport(toolkit, settings, result)
      return result
    })

    const plan = planRevocations(report, settings.revocation)
    if (plan.recordForPost) recordForPost(toolkit, settings, report)
    else if (settings.revocation.mode === 'post') clearPostRevocation((name, value) => toolkit.saveState(name, value))
    // Outputs come before any failure, so `continue-on-error` users can branch on them.
    publish(toolkit, verifyOutputs(report))

    // Order within the step: verify, audit, revoke IDs, revoke the current token.
    const audit = settings.audit.mode !== 'none' ? await (await import('./audit.js')).runAuditPhase(toolkit, client, settings, report, now) : undefined
    const results = await executeRevocations(toolkit, client, settings, report, plan, audit)
    publish(toolkit, revocationOutputs(results))

    await reportStep(toolkit, settings, { report, plan, audit, results, now })
  } catch (error) {
    if (error instanceof InputError) {
      publish(toolkit, { ...verifyOutputs({ status: 'error', message: error.message }), ...revocationOutputs([]) })
      toolkit.setFailed(error.message)
      return
    }
    toolkit.setFailed(`Fastly Token Guard failed unexpectedly: ${describeUnknownError(error)}`)
  }
}

/** The main step as GitHub runs it (and as `npm run local-action` does, with its stand-in toolkit). */
export async function run(early?: EarlyRequest): Promise<void> {
  await runMain(createActionsToolkit(), stepDependencies(early))
}
