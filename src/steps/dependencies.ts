import { FastlyClient } from '../fastly/client.js'
import { DEFAULT_RETRY_POLICY } from '../fastly/retry-policy.js'
import type { Toolkit } from '../runner/toolkit.js'

/** What a step needs to talk to Fastly: from the settings in the main step, from its record in the post step. */
export interface Connection {
  apiUrl: string
  token: string
  timeoutMs: number
  maxRetries: number
}

/** What the steps need besides the toolkit: the clock and the Fastly client. Tests hand in their own. */
export interface StepDependencies {
  now: () => Date
  createClient: (connection: Connection, toolkit: Toolkit) => FastlyClient
}

export const defaultDependencies: StepDependencies = {
  now: () => new Date(),
  createClient: (connection, toolkit) =>
    new FastlyClient({
      apiUrl: connection.apiUrl,
      token: connection.token,
      timeoutMs: connection.timeoutMs,
      retry: { ...DEFAULT_RETRY_POLICY, maxRetries: connection.maxRetries },
      log: { debug: (message) => toolkit.debug(message), info: (message) => toolkit.info(message) },
    }),
}
