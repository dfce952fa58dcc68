import { appendFileSync, existsSync } from 'node:fs'
import { EOL } from 'node:os'
import { type ActionsCore, prepareKeyValueMessage } from './actions-core.js'
import { inputsFromEnvironment } from '../inputs/environment.js'
import { catalogueTitle, type Notice } from '../report/catalogue.js'
import { escapeHtml } from '../report/summary-html.js'
import { flattenLineBreaks, neutraliseLogLine } from '../shared/log-line.js'
import { SecretRedactor, secretForms } from '../shared/redact.js'

/**
 * Everything the action does to the runner, in one small interface. The
 * entries take it as a parameter, so tests can hand in a recording fake and
 * the end-to-end tests exercise the real one through `dist/`.
 */
export interface Toolkit {
  getInput(name: string): string
  readonly env: Record<string, string | undefined>
  /**
   * Masks the value in the runner's log, and redacts it (and every piece of it) from all this toolkit writes.
   * `wholeOnly` (a password): redacted where it appears whole, in any encoding, never as pieces.
   */
  setSecret(value: string, options?: { wholeOnly?: boolean }): void
  /**
   * Sets the step's outputs. `holdingSecret` names the output that holds the secret of a token this step
   * made, which it exists to hand on (SECURITY.md's first exception); it is masked, not redacted.
   */
  setOutputs(outputs: Readonly<Record<string, string>>, options?: { holdingSecret?: string }): void
  /** Saves state. `holdsSecret`: the post step's record of a made token (SECURITY.md's second exception). */
  saveState(name: string, value: string, options?: { holdsSecret?: boolean }): void
  /** What the main step saved under this name; undefined when it saved nothing (it never ran, or stopped first). */
  getState(name: string): string | undefined
  debug(message: string): void
  info(message: string): void
  /** A warning annotation, titled by the catalogue entry (src/report/catalogue.ts) its notice names, not its words. */
  warning(notice: Notice): void
  group<T>(name: string, body: () => Promise<T>): Promise<T>
  /** Fails the step with one error annotation, titled by the catalogue entry its notice names. */
  setFailed(notice: Notice): void
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
export function createActionsToolkit(core: ActionsCore): Toolkit {
  const secrets = new SecretRedactor()
  const line = (text: string) => neutraliseLogLine(secrets.redact(text))
  const value = (text: string) => flattenLineBreaks(secrets.redact(text))
  return {
    getInput: inputsFromEnvironment(process.env),
    env: process.env,
    setSecret: (secret, options) => {
      if (options?.wholeOnly === true) {
        const forms = [...secretForms(secret), escapeHtml(secret)]
        for (const form of new Set(forms)) core.setSecret(form)
        secrets.addWhole(...forms)
        return
      }
      core.setSecret(secret)
      secrets.add(secret, escapeHtml(secret))
    },
    setOutputs: (outputs, options) =>
      writeOutputs(
        core,
        Object.entries(outputs).map(([name, output]) => [
          name,
          name === options?.holdingSecret ? flattenLineBreaks(output) : value(output),
        ]),
      ),
    saveState: (name, state, options) =>
      core.saveState(name, options?.holdsSecret === true ? flattenLineBreaks(state) : value(state)),
    // core.getState reads '' for both; the difference matters to the post step. (@github/local-action keeps
    // state in memory, not in STATE_*: what core.getState answers there is the saved value.)
    getState: (name) => process.env[`STATE_${name}`] ?? (core.getState(name) || undefined),
    debug: (message) => core.debug(line(message)),
    info: (message) => core.info(line(message)),
    // A title is the catalogue's own text: nothing from outside, so nothing to redact (a one-letter secret would
    // garble it); core escapes it as a command property.
    warning: ({ key, message }) => core.warning(line(message), { title: catalogueTitle(key) }),
    group: (name, body) => core.group(line(name), body),
    // What core.setFailed does, with a title: the exit code, and one error annotation.
    setFailed: ({ key, message }) => {
      process.exitCode = 1
      core.error(line(message), { title: catalogueTitle(key) })
    },
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

/**
 * What core.setOutput writes to the runner's output file (core's own `prepareKeyValueMessage`: a fresh
 * delimiter per output), for every output in one append: a file open per output cost about 1 ms of a gate
 * step's cold start (some 40 outputs), which is budgeted. Outside a runner (local runs, where the file is not
 * set) each goes through core.setOutput.
 */
function writeOutputs(core: ActionsCore, outputs: ReadonlyArray<readonly [string, string]>): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    for (const [name, output] of outputs) core.setOutput(name, output)
    return
  }
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  const text = outputs.map(([name, output]) => `${prepareKeyValueMessage(name, output)}${EOL}`)
  appendFileSync(file, text.join(''), { encoding: 'utf8' })
}
