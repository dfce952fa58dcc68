import type { AuditPhase } from '../audit/run-audit.js'
import type { WriteBudget } from '../fastly/client.js'
import { InputError } from '../inputs/input-error.js'
import { tokenCandidate } from '../inputs/environment.js'
import { INPUTS } from '../inputs/input-table.js'
import { readSettings, type Settings } from '../inputs/settings.js'
import type { Notice } from '../report/catalogue.js'
import { initialOutputs, revocationOutputs, type StepOutputs, verifyOutputs } from '../report/outputs.js'
import { normalizeBase32 } from '../mint/base32.js'
import { orderToken } from '../mint/mint-request.js'
import { madeTokenFate, madeTokenSection } from '../mint/mint-summary.js'
import type { MadeToken } from '../mint/mint-token.js'
import { escapeHtml, renderSummaryHtml } from '../report/summary-html.js'
import { buildVerifySummary, type SummaryModel, type SummarySection } from '../report/summary-model.js'
import { encodePendingMint, encodePostRecord, fingerprintToken, POST_RECORD_STATE } from '../revoke/post-record.js'
import {
  namesIdsFile,
  planRevocations,
  givesRevocationPhaseWork,
  type RevocationPlan,
} from '../revoke/revocation-plan.js'
import { revocationFailure, revocationSection, type RevocationResult } from '../revoke/revocation-result.js'
import { type CoreSource, coreEntry } from '../runner/core-source.js'
import { createActionsToolkit, type Toolkit } from '../runner/toolkit.js'
import { describeUnknownError } from '../shared/describe-error.js'
import { redactorFor } from '../shared/redact.js'
import { formatTimestamp } from '../shared/time.js'
import { isPlainRole } from '../fastly/token.js'
import type { CheckOutcome } from '../verify/verdict.js'
import { combineFailures, type VerifyReport, verifyFailures } from '../verify/verify-report.js'
import { verifyToken } from '../verify/verify-token.js'
import { appendSummarySafely } from './append-summary.js'
import { defaultDependencies, type StepDependencies } from './dependencies.js'

const LOG_MARK: Record<CheckOutcome, string> = { pass: '✔', warn: '⚠', fail: '✖' }

function logReport(toolkit: Toolkit, settings: Settings, report: VerifyReport): void {
  toolkit.info(`Fastly API: ${settings.apiUrl}`)
  if (report.status === 'invalid' || report.status === 'error') {
    toolkit.info(`${LOG_MARK.fail} ${report.failure.message}`)
    return
  }
  const { token, verdict } = report
  // A role that is not a plain word is shown JSON-quoted: a newline in it cannot start a workflow command.
  const role =
    token.role === null ? '' : ` with role ${isPlainRole(token.role) ? token.role : JSON.stringify(token.role)}`
  const owner = token.kind === 'automation' ? `an automation token${role}` : `user ${token.userId ?? 'unknown'}`
  toolkit.info(`Token: ${token.name ?? '(no name)'} (${token.id}), ${owner}, customer ${token.customerId ?? 'unknown'}`)
  for (const check of verdict.checks) toolkit.info(`${LOG_MARK[check.outcome]} ${check.name}: ${check.detail}`)
  toolkit.info(`Status: ${report.status}; ${verdict.passed ? 'all checks passed' : 'a check failed'}`)
}

/**
 * Hands the token to the post step. Saved unverified before the step waits
 * for its first answer (a job cancelled while it waits is still cleaned up: the
 * post step verifies first), then again once the token is verified, so a later
 * crash cannot skip the revocation. A token this step made goes in with its secret (see post-record.ts).
 */
function recordForPost(
  toolkit: Toolkit,
  settings: Settings,
  report: VerifyReport | undefined,
  made: MadeToken | undefined,
  secrets: KnownSecrets,
): void {
  const token =
    report !== undefined && (report.status === 'valid' || report.status === 'expiring') ? report.token : undefined
  const expiresAt = token !== undefined ? token.expiresAt : (made?.expiresAt ?? null)
  const record = encodePostRecord({
    apiUrl: settings.apiUrl,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    dryRun: settings.revocation.dryRun,
    failOnError: settings.revocation.failOnError,
    jobSummary: settings.jobSummary,
    allowNonExpiring: settings.revocation.allowNonExpiring,
    fingerprint: fingerprintToken(settings.token),
    madeToken: made?.secret ?? null,
    tokenId: token?.id ?? made?.id ?? null,
    // Fastly's words: whatever they echo of a secret stays out of state (the made token's own field aside).
    tokenName: redactName(token?.name ?? made?.name ?? null, secrets),
    expiresAt: expiresAt !== null ? formatTimestamp(expiresAt) : null,
    verified: token !== undefined,
  })
  // The record of a made token holds its secret (SECURITY.md's second exception); the name in it is redacted above.
  toolkit.saveState(POST_RECORD_STATE, record, { holdsSecret: made !== undefined })
  if (report === undefined) return
  toolkit.info(
    `The post step will ${settings.revocation.dryRun ? 'report (dry run) the revocation of' : 'revoke'} this token at the end of the job.`,
  )
}

/**
 * The secrets this step knows: tokens (redacted with every piece of 8 characters) and passwords (only whole,
 * in every encoding). The toolkit redacts all it writes; the step redacts too, where it writes around it (the
 * post step's record of a made token) and so that no caller depends on one layer alone.
 */
interface KnownSecrets {
  pieces: string[]
  whole: string[]
}

function redactKnown(text: string, secrets: KnownSecrets): string {
  return redactorFor(secrets.pieces, secrets.whole).redact(text)
}

function redactName(name: string | null, secrets: KnownSecrets): string | null {
  return name !== null ? redactKnown(name, secrets) : null
}

/** The summary's first heading: what the step did, so a cleanup or an audit is not titled a check. */
function stepTitle(settings: Settings, results: readonly RevocationResult[], made: boolean): string {
  const dryRun = settings.revocation.dryRun && results.length > 0 ? ' (dry run)' : ''
  const byId = results.some((result) => !result.current)
  if (settings.audit.mode !== 'none') return `Fastly token audit${byId ? ' and revocation' : ''}${dryRun}`
  if (byId || namesIdsFile(settings.revocation)) return `Fastly token revocation${dryRun}`
  if (made) return `Fastly token made for this job${dryRun}`
  if (results.some((result) => result.current)) return `Fastly token check and revocation${dryRun}`
  return 'Fastly token check'
}

/** What the step did, for the reporting at its end. */
interface StepOutcome {
  report: VerifyReport
  plan: RevocationPlan
  audit: AuditPhase | undefined
  results: RevocationResult[]
  now: Date
  /** The token this step made, if it made one. */
  made: MadeToken | undefined
  /** Every secret the step knows: taken out of whatever it writes to files. */
  secrets: KnownSecrets
}

/**
 * The end of the step: the summary, the annotations, and one failure for
 * everything that failed (the gate, the audit, a refused or failed
 * revocation). Returns that failure; undefined when the step passes.
 */
async function reportStep(
  toolkit: Toolkit,
  settings: Settings,
  { report, plan, audit, results, now, made, secrets }: StepOutcome,
): Promise<Notice | undefined> {
  const revokeFailure = revocationFailure(results)
  const otherFailures = [...(audit?.failures ?? [])]
  if (plan.refusal !== undefined) otherFailures.push(plan.refusal)
  if (revokeFailure !== undefined && settings.revocation.failOnError) otherFailures.push(revokeFailure)

  if (settings.jobSummary) {
    // What the step was run for comes first: the token made, the audit, a cleanup's revocations; the checks
    // and facts of the token the step ran with follow.
    const leading: SummarySection[] = []
    const extra: SummarySection[] = []
    if (made !== undefined) leading.push(madeTokenSection(made, settings.revocation, now))
    leading.push(...(audit?.sections ?? []))
    const idResults = results.filter((result) => !result.current)
    if (idResults.length > 0) {
      leading.push(
        revocationSection(
          settings.revocation.dryRun ? 'Revocations (dry run: nothing was sent)' : 'Revocations',
          idResults,
        ),
      )
    }
    const selfResults = results.filter((result) => result.current)
    if (selfResults.length > 0) {
      extra.push(
        revocationSection(
          settings.revocation.dryRun ? "This job's token (dry run: nothing was sent)" : "This job's token",
          selfResults,
        ),
      )
    }
    for (const note of plan.notes) extra.push({ kind: 'note', text: note })
    const otherWarning = (audit?.result?.needsAttention.length ?? 0) > 0
    const model = buildVerifySummary(
      report,
      {
        now,
        runUrl: settings.runUrl,
        otherFailures: otherFailures.map((failure) => failure.message),
        otherWarning,
        madeForJob: made !== undefined,
        title: stepTitle(settings, results, made !== undefined),
        leading,
      },
      extra,
    )
    await writeSummary(toolkit, model, secrets)
  }

  if (report.status === 'valid' || report.status === 'expiring') {
    // A token this job made or revokes is short-lived by design: "renew it" would be noise.
    const why =
      made !== undefined
        ? 'this step made the token for this job'
        : plan.revokeSelfNow || plan.recordForPost
          ? 'this job revokes the token'
          : undefined
    for (const warning of report.verdict.warnings) {
      if (why !== undefined) toolkit.info(`Not warning, as ${why}: ${warning.message}`)
      else toolkit.warning(warning)
    }
  }
  for (const warning of plan.warnings) toolkit.warning(warning)
  for (const warning of audit?.warnings ?? []) toolkit.warning(warning)
  if (revokeFailure !== undefined && !settings.revocation.failOnError) toolkit.warning(revokeFailure)

  return combineFailures([...verifyFailures(report), ...otherFailures])
}

/** The summary; the toolkit takes every secret out of it (the runner masks the log, not the summary file). */
async function writeSummary(toolkit: Toolkit, model: SummaryModel, secrets: KnownSecrets): Promise<void> {
  const html = renderSummaryHtml(model)
  const escaped: KnownSecrets = { pieces: secrets.pieces.map(escapeHtml), whole: secrets.whole.map(escapeHtml) }
  await appendSummarySafely(toolkit, redactKnown(redactKnown(html, secrets), escaped))
}

/**
 * Sets every output, once; `passed` is true only when the step passes. Only
 * `token` may carry a secret (SECURITY.md's first exception): the toolkit
 * redacts every other output, whatever Fastly's answers held.
 */
function publish(toolkit: Toolkit, outputs: StepOutputs, failure: Notice | undefined, secrets: KnownSecrets): void {
  const all: StepOutputs = { ...outputs, passed: String(failure === undefined) }
  // One redactor for some 40 outputs: each one builds a 64 KiB table.
  const redactor = redactorFor(secrets.pieces, secrets.whole)
  const written = Object.fromEntries(
    Object.entries(all).map(([name, value]) => [name, name === 'token' ? value : redactor.redact(value)]),
  )
  toolkit.setOutputs(written, { holdingSecret: 'token' })
}

/** Masks a value with the runner (once it is not empty) and remembers it for what the step writes to files. */
function maskWith(toolkit: Toolkit, secrets: KnownSecrets): (value: string, options?: { wholeOnly?: boolean }) => void {
  return (value, options) => {
    if (value === '' || secrets.pieces.includes(value) || secrets.whole.includes(value)) return
    toolkit.setSecret(value, options)
    ;(options?.wholeOnly === true ? secrets.whole : secrets.pieces).push(value)
  }
}

/**
 * Masks every secret among the inputs before anything else can be printed:
 * the token, the GitHub token, and the password and seed of a user the step
 * makes a token for (the seed also in the form the step keeps it in).
 */
function maskInputSecrets(toolkit: Toolkit, mask: ReturnType<typeof maskWith>): void {
  mask(tokenCandidate((name) => toolkit.getInput(name), toolkit.env))
  // The table's own rule: an unevaluated `${{ github.token }}` (a local run) is no token.
  mask(INPUTS['github-token'].parse(toolkit.getInput('github-token'), 'github-token'))
  // A password a person chose: redacted whole, in every encoding it may be echoed in, never as pieces.
  const password = toolkit.getInput('password')
  mask(password, { wholeOnly: true })
  mask(password.trim(), { wholeOnly: true })
  const seed = toolkit.getInput('otp-secret').trim()
  if (seed === '') return
  mask(seed)
  mask(normalizeBase32(seed))
}

/**
 * A step that was to make its token and could not: no token, so nothing to
 * verify, audit or revoke. The outputs say error, the summary says why.
 */
async function failMint(
  toolkit: Toolkit,
  settings: Settings,
  failure: Notice,
  secrets: KnownSecrets,
  writeBudget: WriteBudget | undefined,
): Promise<void> {
  toolkit.info(`${LOG_MARK.fail} ${failure.message}`)
  if (settings.jobSummary) {
    const model: SummaryModel = {
      title: 'Fastly token for this job',
      outcome: 'fail',
      lead: failure.message,
      sections: [],
      runUrl: settings.runUrl,
    }
    await writeSummary(toolkit, model, secrets)
  }
  publish(
    toolkit,
    { ...initialOutputs(), 'rate-limit-remaining': String(writeBudget?.remaining ?? '') },
    failure,
    secrets,
  )
  toolkit.setFailed(failure)
}

/**
 * The main step: make the token (username) or take the one given, verify it, gate on it, audit and revoke what
 * was asked, and report.
 */
export async function runMain(toolkit: Toolkit, deps: StepDependencies = defaultDependencies): Promise<void> {
  let outputs = initialOutputs()
  const secrets: KnownSecrets = { pieces: [], whole: [] }
  const mask = maskWith(toolkit, secrets)
  try {
    // Mask first: nothing may be printed before the runner knows the secrets.
    maskInputSecrets(toolkit, mask)
    // The post step's one record, withdrawn before anything else: whatever an earlier step put in the
    // environment under that name, the runner hands the post step what this step saved last.
    toolkit.saveState(POST_RECORD_STATE, '')

    // The one parse of the settings: every input, checked, or the InputError of the first bad one.
    let settings = await readSettings((name) => toolkit.getInput(name), toolkit.env)
    for (const warning of settings.warnings) toolkit.warning(warning)
    // One clock reading for the verdict and the summary, so their "in N days" agree.
    let now = deps.now()
    let made: MadeToken | undefined
    let writeBudget: WriteBudget | undefined
    if (settings.mint !== undefined) {
      const mint = settings.mint
      if ((toolkit.env.FASTLY_API_TOKEN ?? '').trim() !== '')
        toolkit.info('FASTLY_API_TOKEN is set but not used: this step makes its own token (username).')
      const mintClient = deps.createClient(settings, toolkit)
      // Should the job end while the create is in flight, the post step can at least say what may be left behind
      // (whatever revoke says: a token whose secret never reached the job is nobody's to keep or revoke).
      toolkit.saveState(
        POST_RECORD_STATE,
        encodePendingMint({ name: mint.name, expiresAt: formatTimestamp(orderToken(mint, now).expiresAt) }),
      )
      const minted = await toolkit.group('Fastly token for this job', async () => {
        // Loaded only when a token is made.
        const { mintToken } = await import('../mint/mint-token.js')
        return mintToken(toolkit, mintClient, mint, now, mask)
      })
      // The create is a write of the same user: its answer tells the hourly budget the rest of the step spends.
      writeBudget = mintClient.writeBudget
      if ('failure' in minted) {
        // The failure says what may be left behind; the post step has nothing to add.
        toolkit.saveState(POST_RECORD_STATE, '')
        await failMint(toolkit, settings, minted.failure, secrets, writeBudget)
        return
      }
      made = minted.made
      // The pending create is settled: the post step gets the full record below (revoke: post) or nothing.
      if (settings.revocation.mode !== 'post') toolkit.saveState(POST_RECORD_STATE, '')
      settings = { ...settings, token: made.secret, policy: { ...settings.policy, asked: made.asked } }
      outputs = { ...outputs, token: made.secret }
    }
    const client = deps.createClient(settings, toolkit)
    client.writeBudget = writeBudget
    if (settings.revocation.mode === 'post') recordForPost(toolkit, settings, undefined, made, secrets)
    if (made !== undefined)
      toolkit.info(`The token made for this job is ${madeTokenFate(settings.revocation, made.expiresAt)}.`)
    const report = await toolkit.group('Fastly token check', async () => {
      const result = await verifyToken(client, settings.policy, () => (now = deps.now()))
      logReport(toolkit, settings, result)
      return result
    })

    if (made !== undefined && (report.status === 'valid' || report.status === 'expiring')) {
      // Fastly's own account of the token it made is what the summary and the post step go by.
      made = { ...made, expiresAt: report.token.expiresAt }
      // A token wider than asked is not handed on: no later step gets more than was asked for.
      if (report.verdict.checks.some((check) => check.kind === 'as-asked' && check.outcome === 'fail')) {
        made = { ...made, withheld: true }
        outputs = { ...outputs, token: '' }
      }
    }
    const plan = planRevocations(report, settings.revocation)
    if (plan.recordForPost) recordForPost(toolkit, settings, report, made, secrets)
    else if (settings.revocation.mode === 'post') toolkit.saveState(POST_RECORD_STATE, '')
    outputs = { ...outputs, ...verifyOutputs(report) }

    // Order within the step: verify, audit, revoke IDs, revoke the current token.
    const audit =
      settings.audit.mode !== 'none'
        ? await (await import('../audit/run-audit.js')).runAuditPhase(toolkit, client, settings, report, now)
        : undefined
    outputs = { ...outputs, ...audit?.outputs }
    // Loaded only when something is to be revoked: most steps revoke nothing.
    const results = givesRevocationPhaseWork(plan)
      ? await (
          await import('../revoke/run-revocations.js')
        ).runRevocations(toolkit, client, settings, report, plan, made, now)
      : []
    outputs = {
      ...outputs,
      ...revocationOutputs(results),
      'rate-limit-remaining': String(client.writeBudget?.remaining ?? ''),
    }

    const failure = await reportStep(toolkit, settings, { report, plan, audit, results, now, made, secrets })
    // Outputs come before the failure, so `continue-on-error` users can branch on them.
    publish(toolkit, outputs, failure, secrets)
    if (failure !== undefined) toolkit.setFailed(failure)
  } catch (error) {
    const failure: Notice =
      error instanceof InputError
        ? { key: error.key, message: error.message }
        : {
            key: 'unexpected-failure',
            message: `Fastly Token Guard failed unexpectedly: ${describeUnknownError(error)}`,
          }
    try {
      publish(toolkit, outputs, failure, secrets)
    } catch {
      // The outputs cannot be written (the runner's output file is gone, say): what failed is said below, once.
    }
    toolkit.setFailed(failure)
  }
}

/**
 * The main step as GitHub runs it (and as `npm run local-action` does, with its stand-in toolkit); `core` says
 * where the toolkit takes @actions/core's functions from (runner/core-source.ts).
 */
export async function run(core: CoreSource = coreEntry): Promise<void> {
  await runMain(createActionsToolkit(await core()))
}
