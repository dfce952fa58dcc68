import { HttpClient } from '@actions/http-client'
import { exchange, type Transport } from './exchange.js'

/**
 * The transport: one `exchange` per request, through the agent that
 * `@actions/http-client` picks, so https_proxy and no_proxy are honoured as
 * by the runner's other tools. Only the agent comes from the toolkit: its
 * request path would follow redirects (forwarding Fastly-Key to any host a
 * 3xx names) and time out only when idle. Connections are kept alive within
 * the step, so the request that confirms a revocation reuses the connection
 * of the revocation instead of paying for a new TLS handshake; an idle kept
 * connection does not hold the process open.
 */
export function createHttpTransport(userAgent: string, timeoutMs: number): Transport {
  const client = new HttpClient(userAgent, [], { allowRedirects: false, allowRetries: false, keepAlive: true })
  return (request) => exchange(request, client.getAgent(request.url.href), timeoutMs)
}
