/**
 * The functions of @actions/core the toolkit uses, from core's own command modules instead of its entry
 * (on a runner: see core-source.ts).
 *
 * `@actions/core`'s entry also loads its OIDC client and platform helpers, and with them @actions/http-client,
 * undici and @actions/exec: about 30 ms of every step's cold start, for features this action never uses. Each
 * function below is the entry's own, calling the same command module functions (`issueCommand`,
 * `issueFileCommand`, `prepareKeyValueMessage`), so the workflow commands, their escaping and the file
 * commands' format stay core's; test/runner/actions-core.test.ts holds them byte for byte to the entry's.
 *
 * The package's exports map names only its entry, hence the paths. Should a new version of core move these
 * modules, the typecheck and the bundle fail: never a run.
 */
import { EOL } from 'node:os'
import { issue, issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import { issueFileCommand, prepareKeyValueMessage } from '../../node_modules/@actions/core/lib/file-command.js'
import { toCommandProperties, toCommandValue } from '../../node_modules/@actions/core/lib/utils.js'
import type { AnnotationProperties } from '../../node_modules/@actions/core/lib/core.js'

export { prepareKeyValueMessage }

/** What the toolkit calls of @actions/core. */
export interface ActionsCore {
  setSecret(secret: string): void
  setOutput(name: string, value: string): void
  saveState(name: string, value: string): void
  getState(name: string): string
  debug(message: string): void
  info(message: string): void
  warning(message: string, properties?: AnnotationProperties): void
  error(message: string, properties?: AnnotationProperties): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function setOutput(name: string, value: string): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, toCommandValue(value))
}

export function saveState(name: string, value: string): void {
  if (process.env.GITHUB_STATE) return issueFileCommand('STATE', prepareKeyValueMessage(name, value))
  issueCommand('save-state', { name }, toCommandValue(value))
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || ''
}

export function debug(message: string): void {
  issueCommand('debug', {}, message)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', toCommandProperties(properties), message)
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', toCommandProperties(properties), message)
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', name)
  try {
    return await fn()
  } finally {
    issue('endgroup')
  }
}

export const actionsCore: ActionsCore = {
  setSecret,
  setOutput,
  saveState,
  getState,
  debug,
  info,
  warning,
  error,
  group,
}
