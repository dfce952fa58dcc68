import { type ClientLog, FastlyClient } from '../fastly/client.js'
import { DEFAULT_RETRY_POLICY } from '../fastly/retry-policy.js'

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
  /** `log`: where the client's retries and timings go (the step's toolkit). */
  createClient: (connection: Connection, log: ClientLog) => FastlyClient
}

export const defaultDependencies: StepDependencies = {
  now: () => new Date(),
  createClient: (connection, log) =>
    new FastlyClient({
      apiUrl: connection.apiUrl,
      token: connection.token,
      timeoutMs: connection.timeoutMs,
      retry: { ...DEFAULT_RETRY_POLICY, maxRetries: connection.maxRetries },
      log: { debug: (message) => log.debug(message), info: (message) => log.info(message) },
    }),
}
