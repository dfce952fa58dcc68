/**
 * The step's first request, sent by the entry before the toolkit loads.
 *
 * Loading @actions/core (and the undici it pulls in) takes most of a gate
 * step's ~70 ms start-up. The first request does not need any of it, so the
 * entry sends it first and the wait for Fastly's answer overlaps the loading.
 * The step then takes the answer as its first attempt: the request is the one
 * the client would have sent, built by the same function, under the same rules.
 *
 * The entry waits until the request is written (`waitUntilSent`) before it
 * loads anything. Node connects and writes on later turns of the event loop,
 * and loading is synchronous: without the wait the request would leave only
 * after the loading, and overlap nothing. The wait is the connection set-up
 * (TCP, TLS), which the step would otherwise spend after the loading anyway.
 * It is bounded: behind a connection that hangs, the step must still start
 * promptly, above all to save the post step's record before a cancellation.
 *
 * It is sent only when the step would certainly send it next, unchanged:
 * - the inputs are valid (api-url, the token, every other input);
 * - no proxy applies (the proxy's tunnel comes with @actions/http-client);
 * - main step: `GET /tokens/self`;
 * - post step: `DELETE /tokens/self` only when the post step's own decision
 *   (decidePostRevocation, with the same clock reading) is to revoke, and not
 *   in a dry run. Anything else waits for the step itself.
 * Nothing is printed here: the step masks the token before it prints anything.
 */
import * as http from 'node:http'
import * as https from 'node:https'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { decidePostRevocation } from './core/post-decision.js'
import type { EarlyRequest } from './fastly/client.js'
import { exchange } from './fastly/exchange.js'
import { fastlyRequest } from './fastly/requests.js'
import { type Environment, readSettings, type Settings } from './settings.js'
import { fingerprintToken, isPostPhase, readPostRevocation } from './state.js'

/**
 * Room for TCP and TLS to api.fastly.com, usually tens of milliseconds from a runner; a connection
 * that hangs delays the step by no more than this.
 */
export const SEND_WAIT_LIMIT_MS = 250

/** Settles when the request is written or has failed, or after `limitMs`, whichever comes first. */
export async function waitUntilSent(early: EarlyRequest, limitMs: number = SEND_WAIT_LIMIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)))
  try {
    await Promise.race([early.sent, limit])
  } finally {
    clearTimeout(timer)
  }
}

/** An input as the runner passes it and core.getInput reads it: INPUT_<NAME>, trimmed. */
function inputFrom(env: Environment): (name: string) => string {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

function chooseMethod(env: Environment, settings: Settings, now: Date): 'GET' | 'DELETE' | undefined {
  const getState = (name: string) => env[`STATE_${name}`] ?? ''
  if (!isPostPhase(getState)) return 'GET'
  if (settings.revocation.dryRun) return undefined
  const decision = decidePostRevocation(readPostRevocation(getState), fingerprintToken(settings.token), now)
  return decision.action === 'revoke' ? 'DELETE' : undefined
}

export function startEarlyRequest(env: Environment, now: Date = new Date()): EarlyRequest | undefined {
  let settings: Settings
  try {
    settings = readSettings(inputFrom(env), env)
  } catch {
    // The step reports bad inputs itself; nothing is sent.
    return undefined
  }
  const method = chooseMethod(env, settings, now)
  if (method === undefined) return undefined
  const request = fastlyRequest(settings.apiUrl, settings.token, { method, path: '/tokens/self' })
  if (getProxyUrl(request.url) !== undefined) return undefined

  const agent = request.url.protocol === 'https:' ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false })
  let markSent: () => void = () => undefined
  const sent = new Promise<void>((resolve) => (markSent = resolve))
  const response = exchange(request, agent, settings.timeoutMs, () => markSent())
  // A request that fails before it is written still ends the wait. The response is consumed
  // by the step; never an unhandled rejection if the step ends first.
  response.then(markSent, markSent)
  return { method, url: request.url.href, response, sent, decidedAt: now }
}
