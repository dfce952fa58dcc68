import { HttpClient } from '@actions/http-client'
import { exchange, type Transport } from './exchange.js'

/**
 * The transport: one `exchange` per request, through the agent that
 * `@actions/http-client` picks, so https_proxy and no_proxy are honoured as
 * by the runner's other tools. Only the agent comes from the toolkit: its
 * request path would follow redirects (forwarding Fastly-Key to any host a
 * 3xx names) and time out only when idle.
 */
export function createHttpTransport(userAgent: string, timeoutMs: number): Transport {
  const client = new HttpClient(userAgent, [], { allowRedirects: false, allowRetries: false, keepAlive: false })
  return (request) => exchange(request, client.getAgent(request.url.href), timeoutMs)
}
