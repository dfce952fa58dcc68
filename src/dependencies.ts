import type { Toolkit } from './actions/toolkit.js'
import { type EarlyRequest, FastlyClient } from './fastly/client.js'
import { DEFAULT_RETRY_POLICY } from './fastly/retry-policy.js'
import type { Settings } from './settings.js'

/** What the main and post steps need besides the toolkit: the clock and the Fastly client. Tests replace them. */
export interface StepDependencies {
  now: () => Date
  createClient: (settings: Settings, toolkit: Toolkit) => FastlyClient
  /** The request the entry sent before the toolkit loaded, if it sent one. */
  early?: EarlyRequest | undefined
}

/** The real clock and client; `early` is handed to the client as its first attempt. */
export function stepDependencies(early?: EarlyRequest): StepDependencies {
  return {
    now: () => new Date(),
    early,
    createClient: (settings, toolkit) => new FastlyClient({ ...clientOptions(settings, toolkit), early }),
  }
}

export const defaultDependencies: StepDependencies = stepDependencies()

function clientOptions(settings: Settings, toolkit: Toolkit) {
  return {
    apiUrl: settings.apiUrl,
    token: settings.token,
    timeoutMs: settings.timeoutMs,
    retry: { ...DEFAULT_RETRY_POLICY, maxRetries: settings.maxRetries },
    log: { debug: (message: string) => toolkit.debug(message), info: (message: string) => toolkit.info(message) },
  }
}
