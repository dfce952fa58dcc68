import type { Toolkit } from './actions/toolkit.js'
import { describeUnknownError } from './core/describe-error.js'
import { InputError } from './core/input-error.js'
import { verifyOutputs } from './core/outputs.js'
import type { VerifyReport } from './core/report.js'
import { buildVerifySummary } from './core/summary.js'
import { renderSummaryHtml } from './core/summary-html.js'
import type { CheckOutcome } from './core/verdict.js'
import { FastlyClient } from './fastly/client.js'
import { DEFAULT_RETRY_POLICY } from './fastly/retry-policy.js'
import { readSettings, type Settings, tokenCandidate } from './settings.js'
import { verifyToken } from './verify.js'

/** What the main step needs from the outside world besides the toolkit; tests replace it. */
export interface MainDependencies {
  now: () => Date
  createClient: (settings: Settings, toolkit: Toolkit) => FastlyClient
}

export const defaultDependencies: MainDependencies = {
  now: () => new Date(),
  createClient: (settings, toolkit) =>
    new FastlyClient({
      apiUrl: settings.apiUrl,
      token: settings.token,
      timeoutMs: settings.timeoutMs,
      retry: { ...DEFAULT_RETRY_POLICY, maxRetries: settings.maxRetries },
      log: { debug: (message) => toolkit.debug(message), info: (message) => toolkit.info(message) },
    }),
}

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

/** The single message the step fails with, or undefined when it passes. */
export function failureMessage(report: VerifyReport): string | undefined {
  if (report.status === 'invalid' || report.status === 'error') return report.message
  const { failures } = report.verdict
  if (failures.length === 0) return undefined
  if (failures.length === 1) return failures[0]
  return `${failures.length} checks failed: ${failures.map((failure, i) => `(${i + 1}) ${failure}`).join(' ')}`
}

async function writeSummary(toolkit: Toolkit, html: string): Promise<void> {
  try {
    await toolkit.appendSummary(html)
  } catch (error) {
    // The summary is for people; losing it must not fail a deploy gate.
    toolkit.warning(`Could not write the job summary: ${describeUnknownError(error)}`)
  }
}

function publishOutputs(toolkit: Toolkit, report: VerifyReport): void {
  for (const [name, value] of Object.entries(verifyOutputs(report))) toolkit.setOutput(name, value)
}

/** The main step: verify the token, publish what was learned, then pass or fail the gate. */
export async function runMain(toolkit: Toolkit, deps: MainDependencies = defaultDependencies): Promise<void> {
  try {
    // Mask first: nothing may be printed before the runner knows the secret.
    const candidate = tokenCandidate((name) => toolkit.getInput(name), toolkit.env)
    if (candidate !== '') toolkit.setSecret(candidate)

    const settings = readSettings((name) => toolkit.getInput(name), toolkit.env)
    const client = deps.createClient(settings, toolkit)
    // One clock reading for the verdict and the summary, so their "in N days" agree.
    let now = deps.now()
    const report = await toolkit.group('Fastly token check', async () => {
      const result = await verifyToken(client, settings.policy, () => (now = deps.now()))
      logReport(toolkit, settings, result)
      return result
    })

    // Outputs come before any failure, so `continue-on-error` users can branch on them.
    publishOutputs(toolkit, report)
    if (settings.jobSummary) {
      await writeSummary(toolkit, renderSummaryHtml(buildVerifySummary(report, { now, runUrl: settings.runUrl })))
    }
    if (report.status === 'valid' || report.status === 'expiring') {
      for (const warning of report.verdict.warnings) toolkit.warning(warning, 'Fastly token expires soon')
    }
    const failure = failureMessage(report)
    if (failure !== undefined) toolkit.setFailed(failure)
  } catch (error) {
    if (error instanceof InputError) {
      publishOutputs(toolkit, { status: 'error', message: error.message })
      toolkit.setFailed(error.message)
      return
    }
    toolkit.setFailed(`Fastly Token Guard failed unexpectedly: ${describeUnknownError(error)}`)
  }
}
