/**
 * The start of the main step, before the toolkit loads: the one parse of the
 * settings, from the environment, and, when the step checks the token it was
 * given, its first request (`GET /tokens/self`). Fastly answers while the
 * rest of the start runs: loading the toolkit, masking the secrets, saving
 * the empty record. Since the toolkit loads only core's command modules
 * (runner/actions-core.ts) that is a few milliseconds, and nothing on
 * loopback. Nothing here writes: no log line, output or state, so masking
 * still comes before anything is printed (runMain).
 */
import type { FastlyClient } from '../fastly/client.js'
import type { Environment } from '../inputs/environment.js'
import type { InputReader } from '../inputs/input-table.js'
import { readSettings, type Settings } from '../inputs/settings.js'
import { DeferredLog } from './deferred-log.js'
import type { StepDependencies } from './dependencies.js'

export interface MainStart {
  /**
   * The settings, and the client that checks the token given (none when the step makes its own token).
   * Rejects with the InputError of the first bad input, which runMain reports once the secrets are masked.
   */
  begun: Promise<{ settings: Settings; client: FastlyClient | undefined }>
  /** Where that client logs until runMain hands it the toolkit. */
  log: DeferredLog
}

export function beginMainStep(getInput: InputReader, env: Environment, deps: StepDependencies): MainStart {
  const log = new DeferredLog()
  const begun = readSettings(getInput, env).then((settings) => {
    // A token the step makes is asked for with a password, after masking and a saved record: never early.
    // Nor is anything sent while Node's own debug log is on (NODE_DEBUG=http, net...): it prints the request's
    // headers, Fastly-Key among them, and the runner masks only what it was told to before.
    if (settings.mint !== undefined || (env.NODE_DEBUG ?? '').trim() !== '') return { settings, client: undefined }
    const client = deps.createClient(settings, log)
    client.prefetchSelf()
    return { settings, client }
  })
  // Reported by runMain; until then the rejection must not end the process as an unhandled one.
  begun.catch(() => undefined)
  return { begun, log }
}
