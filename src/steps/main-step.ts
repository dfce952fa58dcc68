import type { AuditPhase } from '../audit/run-audit.js'
import type { FastlyClient } from '../fastly/client.js'
import { InputError } from '../inputs/input-error.js'
import { readSettings, type Settings, tokenCandidate } from '../inputs/settings.js'
import { initialOutputs, revocationOutputs, type StepOutputs, verifyOutputs } from '../report/outputs.js'
import { renderSummaryHtml } from '../report/summary-html.js'
import { buildVerifySummary, type SummarySection } from '../report/summary-model.js'
import { encodePostRecord, fingerprintToken, POST_RECORD_STATE } from '../revoke/post-record.js'
import { planRevocations, type RevocationPlan } from '../revoke/revocation-plan.js'
import { revocationFailureMessage, revocationSection, type RevocationResult } from '../revoke/revocation-result.js'
import { appendSummarySafely, createActionsToolkit, type Toolkit } from '../runner/toolkit.js'
import { describeUnknownError } from '../shared/describe-error.js'
import { formatTimestamp } from '../shared/time.js'
import type { CheckOutcome } from '../verify/verdict.js'
import { combineFailures, type VerifyReport, verifyFailures } from '../verify/verify-report.js'
import { verifyToken } from '../verify/verify-token.js'
import { defaultDependencies, type StepDependencies } from './dependencies.js'

const LOG_MARK: Record<CheckOutcome, string> = { pass: '✔', warn: '⚠', fail: '✖' }

function logReport(toolkit: Toolkit, settings: Settings, report: VerifyReport): void {
  toolkit.info(`Fastly API: ${settings.apiUrl}`)
  if (report.status === 'invalid' || report.status === 'error') {
    toolkit.info(`${LOG_MARK.fail} ${report.message}`)
    return
  }
  const { token, verdict } = report
  toolkit.info(
    `Token: ${token.name ?? '(no name)'} (${token.id}), user ${token.userId ?? 'unknown'}, customer ${token.customerId ?? 'unknown'}`,
  )
  for (const check of verdict.checks) toolkit.info(`${LOG_MARK[check.outcome]} ${check.name}: ${check.detail}`)
  toolkit.info(`Status: ${report.status}; ${verdict.passed ? 'all checks passed' : 'a check failed'}`)
}

/**
 * Hands the token to the post step. Saved unverified before the first request
 * (a job cancelled while it waits is still cleaned up: the post step verifies
 * first), then again once the token is verified, so a later crash cannot skip
 * the revocation.
 */
function recordForPost(toolkit: Toolkit, settings: Settings, report: VerifyReport | undefined): void {
  const token =
    report !== undefined && (report.status === 'valid' || report.status === 'expiring') ? report.token : undefined
  const record = encodePostRecord({
    apiUrl: settings.apiUrl,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    dryRun: settings.revocation.dryRun,
    failOnError: settings.revocation.failOnError,
    jobSummary: settings.jobSummary,
    allowNonExpiring: settings.revocation.allowNonExpiring,
    fingerprint: fingerprintToken(settings.token),
    tokenId: token?.id ?? null,
    tokenName: token?.name ?? null,
    expiresAt: token !== undefined && token.expiresAt !== null ? formatTimestamp(token.expiresAt) : null,
    verified: token !== undefined,
  })
  toolkit.saveState(POST_RECORD_STATE, record)
  if (report === undefined) return
  toolkit.info(
    `The post step will ${settings.revocation.dryRun ? 'report (dry run) the revocation of' : 'revoke'} this token at the end of the job.`,
  )
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
    const names = new Map<string, string | null>(
      (audit?.result?.entries ?? []).map((entry) => [entry.token.id, entry.token.name]),
    )
    if (token !== undefined) names.set(token.id, token.name)
    const log = (message: string) => toolkit.info(message)
    // Loaded only when something is to be revoked.
    const { revokeCurrentToken, revokeTokenIds } = await import('../revoke/revoke-tokens.js')
    const results = await revokeTokenIds(client, plan.revokeIds, { dryRun: settings.revocation.dryRun, names, log })
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
 * for everything that failed (the gate, the audit, a refused or failed
 * revocation). Returns that message; undefined when the step passes.
 */
async function reportStep(
  toolkit: Toolkit,
  settings: Settings,
  { report, plan, audit, results, now }: StepOutcome,
): Promise<string | undefined> {
  const revokeFailure = revocationFailureMessage(results)
  const otherFailures = [...(audit?.failures ?? [])]
  if (plan.refusal !== undefined) otherFailures.push(plan.refusal)
  if (revokeFailure !== undefined && settings.revocation.failOnError) otherFailures.push(revokeFailure)

  if (settings.jobSummary) {
    const extra: SummarySection[] = [...(audit?.sections ?? [])]
    if (results.length > 0) {
      extra.push(
        revocationSection(
          settings.revocation.dryRun ? 'Revocations (dry run: nothing was sent)' : 'Revocations',
          results,
        ),
      )
    }
    for (const note of plan.notes) extra.push({ kind: 'note', text: note })
    const otherWarning = (audit?.result?.needsAttention.length ?? 0) > 0
    const model = buildVerifySummary(report, { now, runUrl: settings.runUrl, otherFailures, otherWarning }, extra)
    await appendSummarySafely(toolkit, renderSummaryHtml(model))
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
  if (revokeFailure !== undefined && !settings.revocation.failOnError)
    toolkit.warning(revokeFailure, 'Fastly token not revoked')

  return combineFailures([...verifyFailures(report), ...otherFailures])
}

/** Sets every output, once; `passed` is true only when the step passes. */
function publish(toolkit: Toolkit, outputs: StepOutputs, failure: string | undefined): void {
  const all: StepOutputs = { ...outputs, passed: String(failure === undefined) }
  for (const [name, value] of Object.entries(all)) toolkit.setOutput(name, value)
}

/** The main step: verify the token, gate on it, audit and revoke what was asked, and report. */
export async function runMain(toolkit: Toolkit, deps: StepDependencies = defaultDependencies): Promise<void> {
  let outputs = initialOutputs()
  try {
    // Mask first: nothing may be printed before the runner knows the secret.
    const candidate = tokenCandidate((name) => toolkit.getInput(name), toolkit.env)
    if (candidate !== '') toolkit.setSecret(candidate)
    const githubToken = toolkit.getInput('github-token').trim()
    if (githubToken !== '' && !githubToken.includes('${{')) toolkit.setSecret(githubToken)
    // The post step's one record, withdrawn before anything else: whatever an earlier step put in the
    // environment under that name, the runner hands the post step what this step saved last.
    toolkit.saveState(POST_RECORD_STATE, '')

    const settings = await readSettings((name) => toolkit.getInput(name), toolkit.env)
    const client = deps.createClient(settings, toolkit)
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
    else if (settings.revocation.mode === 'post') toolkit.saveState(POST_RECORD_STATE, '')
    outputs = { ...outputs, ...verifyOutputs(report) }

    // Order within the step: verify, audit, revoke IDs, revoke the current token.
    const audit =
      settings.audit.mode !== 'none'
        ? await (await import('../audit/run-audit.js')).runAuditPhase(toolkit, client, settings, report, now)
        : undefined
    outputs = { ...outputs, ...audit?.outputs }
    const results = await executeRevocations(toolkit, client, settings, report, plan, audit)
    outputs = { ...outputs, ...revocationOutputs(results) }

    const failure = await reportStep(toolkit, settings, { report, plan, audit, results, now })
    // Outputs come before the failure, so `continue-on-error` users can branch on them.
    publish(toolkit, outputs, failure)
    if (failure !== undefined) toolkit.setFailed(failure)
  } catch (error) {
    const message =
      error instanceof InputError
        ? error.message
        : `Fastly Token Guard failed unexpectedly: ${describeUnknownError(error)}`
    publish(toolkit, outputs, message)
    toolkit.setFailed(message)
  }
}

/** The main step as GitHub runs it (and as `npm run local-action` does, with its stand-in toolkit). */
export async function run(): Promise<void> {
  await runMain(createActionsToolkit())
}
