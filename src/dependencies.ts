import type { Toolkit } from './actions/toolkit.js'
import { FastlyClient } from './fastly/client.js'
import { DEFAULT_RETRY_POLICY } from './fastly/retry-policy.js'
import type { Settings } from './settings.js'

/** What the main and post steps need besides the toolkit: the clock and the Fastly client. Tests replace them. */
export interface StepDependencies {
  now: () => Date
  createClient: (settings: Settings, toolkit: Toolkit) => FastlyClient
}

export const defaultDependencies: StepDependencies = {
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
