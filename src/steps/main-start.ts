/**
 * The start of the main step, before the toolkit loads: the one parse of the
 * settings, from the environment, and, when the step checks the token it was
 * given, its first request (`GET /tokens/self`). Loading the toolkit
 * (@actions/core and the undici it brings) is most of the step's cold start;
 * Fastly answers meanwhile. Nothing here writes: no log line, output or state,
 * so masking still comes before anything is printed (runMain).
 */
import type { FastlyClient } from '../fastly/client.js'
import { type Environment, inputsFromEnvironment } from '../inputs/environment.js'
import type { InputReader } from '../inputs/input-table.js'
import { readSettings, type Settings } from '../inputs/settings.js'
import { DeferredLog } from './deferred-log.js'
import { defaultDependencies, type StepDependencies } from './dependencies.js'

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

/** The main step as GitHub runs it (and as `npm run local-action` does, with its stand-in toolkit). */
export async function run(): Promise<void> {
  const start = beginMainStep(inputsFromEnvironment(process.env), process.env, defaultDependencies)
  // One turn of the event loop: the connection opens and the request leaves before loading blocks the thread.
  await new Promise((resolve) => setImmediate(resolve))
  // In index.js all the same (webpackMode eager), but evaluated only now.
  const [{ runMain }, { createActionsToolkit }] = await Promise.all([
    import(/* webpackMode: "eager" */ './main-step.js'),
    import(/* webpackMode: "eager" */ '../runner/toolkit.js'),
  ])
  try {
    await runMain(createActionsToolkit(), defaultDependencies, start)
  } finally {
    // A step that failed before it checked the token never took the early answer: stop waiting for it.
    ;(await start.begun.catch(() => undefined))?.client?.close()
  }
}
