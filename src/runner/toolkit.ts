import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import * as core from '@actions/core'
import { escapeHtml } from '../report/summary-html.js'
import { describeUnknownError } from '../shared/describe-error.js'
import { flattenLineBreaks, neutraliseLogLine } from '../shared/log-line.js'
import { SecretRedactor } from '../shared/redact.js'

/**
 * Everything the action does to the runner, in one small interface. The
 * entries take it as a parameter, so tests can hand in a recording fake and
 * the end-to-end tests exercise the real one through `dist/`.
 */
export interface Toolkit {
  getInput(name: string): string
  readonly env: Record<string, string | undefined>
  /** Masks the value in the runner's log, and redacts it (and every piece of it) from all this toolkit writes. */
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  saveState(name: string, value: string): void
  getState(name: string): string
  debug(message: string): void
  info(message: string): void
  warning(message: string, title?: string): void
  group<T>(name: string, body: () => Promise<T>): Promise<T>
  setFailed(message: string): void
  /** Appends HTML to the job summary; a no-op outside a runner. */
  appendSummary(html: string): Promise<void>
  /** The text without the secrets given to setSecret, for what the action writes elsewhere (the audit file, the issue). */
  redact(text: string): string
}

/**
 * The toolkit over @actions/core, and the one edge where the action's text
 * meets the runner: every log line, annotation, failure message, output,
 * state value and summary passes through here, so no caller can forget to
 * neutralise a hostile string or to redact a secret.
 *
 * - Log lines, annotations and the failure message: secrets redacted, then one
 *   line that the runner cannot read as a workflow command (log-line.ts).
 * - Outputs and state: secrets redacted and line breaks flattened; otherwise
 *   the value as given (JSON stays JSON).
 * - The summary: secrets redacted, in their HTML-escaped form too.
 */
export function createActionsToolkit(): Toolkit {
  const secrets = new SecretRedactor()
  const line = (text: string) => neutraliseLogLine(secrets.redact(text))
  const value = (text: string) => flattenLineBreaks(secrets.redact(text))
  return {
    getInput: (name) => core.getInput(name),
    env: process.env,
    setSecret: (secret) => {
      core.setSecret(secret)
      secrets.add(secret, escapeHtml(secret))
    },
    setOutput: (name, output) => core.setOutput(name, value(output)),
    saveState: (name, state) => core.saveState(name, value(state)),
    getState: (name) => core.getState(name),
    debug: (message) => core.debug(line(message)),
    info: (message) => core.info(line(message)),
    warning: (message, title) => core.warning(line(message), title !== undefined ? { title: line(title) } : {}),
    group: (name, body) => core.group(line(name), body),
    setFailed: (message) => core.setFailed(line(message)),
    appendSummary: async (html) => {
      // Outside a runner (local runs) there is no summary file; that is not an error.
      const file = process.env.GITHUB_STEP_SUMMARY
      if (!file) return
      // What core.summary.addRaw(html, true).write() does, without loading fs/promises:
      // 2.5 ms of a gate step's cold start, which is budgeted.
      appendFileSync(file, `${secrets.redact(html)}${EOL}`, { encoding: 'utf8' })
    },
    redact: (text) => secrets.redact(text),
  }
}

/** Appends to the summary; a failure to write it is a warning, never a failed step (the summary is for people). */
export async function appendSummarySafely(toolkit: Toolkit, html: string): Promise<void> {
  try {
    await toolkit.appendSummary(html)
  } catch (error) {
    toolkit.warning(`Could not write the job summary: ${describeUnknownError(error)}`)
  }
}
