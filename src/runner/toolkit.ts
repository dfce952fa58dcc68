import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import * as core from '@actions/core'
import { describeUnknownError } from '../shared/describe-error.js'

/**
 * Everything the action does to the runner, in one small interface. The
 * entries take it as a parameter, so tests can hand in a recording fake and
 * the end-to-end tests exercise the real one through `dist/`.
 */
export interface Toolkit {
  getInput(name: string): string
  readonly env: Record<string, string | undefined>
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  saveState(name: string, value: string): void
  /** What the main step saved under this name; undefined when it saved nothing (it never ran, or stopped first). */
  getState(name: string): string | undefined
  debug(message: string): void
  info(message: string): void
  warning(message: string, title?: string): void
  group<T>(name: string, body: () => Promise<T>): Promise<T>
  setFailed(message: string): void
  /** Appends HTML to the job summary; a no-op outside a runner. */
  appendSummary(html: string): Promise<void>
}

export function createActionsToolkit(): Toolkit {
  return {
    getInput: (name) => core.getInput(name),
    env: process.env,
    setSecret: (value) => core.setSecret(value),
    setOutput: (name, value) => core.setOutput(name, value),
    saveState: (name, value) => core.saveState(name, value),
    // core.getState reads '' for both; the difference matters to the post step.
    getState: (name) => process.env[`STATE_${name}`],
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    warning: (message, title) => core.warning(message, title !== undefined ? { title } : {}),
    group: (name, body) => core.group(name, body),
    setFailed: (message) => core.setFailed(message),
    appendSummary: async (html) => {
      // Outside a runner (local runs) there is no summary file; that is not an error.
      const file = process.env.GITHUB_STEP_SUMMARY
      if (!file) return
      // What core.summary.addRaw(html, true).write() does, without loading fs/promises:
      // 2.5 ms of a gate step's cold start, which is budgeted.
      appendFileSync(file, `${html}${EOL}`, { encoding: 'utf8' })
    },
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
