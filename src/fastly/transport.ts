import * as http from 'node:http'
import * as https from 'node:https'
import type { HttpClient } from '@actions/http-client'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { exchange, type Transport, TransportError } from './exchange.js'

/** The toolkit's proxy rule; a variable it cannot read is named (never echoed: it may hold a password). */
function proxyFor(url: URL): URL | undefined {
  try {
    return getProxyUrl(url)
  } catch {
    const variable = url.protocol === 'https:' ? 'https_proxy (or HTTPS_PROXY)' : 'http_proxy (or HTTP_PROXY)'
    throw new TransportError(
      'proxy',
      `the proxy that ${variable} names is not a URL; give one such as http://proxy.example:3128, or unset it`,
      false,
    )
  }
}

/**
 * The transport: one `exchange` per request. Whether a request goes through a
 * proxy is `@actions/http-client`'s rule (https_proxy, no_proxy), as for the
 * runner's other tools; through a proxy, the agent is the toolkit's too. Only
 * the agent comes from the toolkit: its request path would follow redirects
 * (forwarding Fastly-Key to any host a 3xx names) and time out only when idle.
 *
 * Without a proxy the agent is Node's own, the one the toolkit would pick then:
 * the toolkit's client loads undici (some 400 kB), which a step needs only
 * behind a proxy.
 *
 * Connections are kept alive within the step, so the request that confirms a
 * revocation reuses the connection of the revocation instead of paying for a
 * new TLS handshake; an idle kept connection does not hold the process open.
 */
export function createHttpTransport(userAgent: string, timeoutMs: number): Transport {
  // One per protocol: an https request cannot go through an http agent.
  const direct = new Map<string, http.Agent>()
  let proxied: Promise<HttpClient> | undefined
  return async (request) => {
    if (proxyFor(request.url) === undefined) {
      const { protocol } = request.url
      let agent = direct.get(protocol)
      if (agent === undefined) {
        agent = new (protocol === 'https:' ? https : http).Agent({ keepAlive: true })
        direct.set(protocol, agent)
      }
      return exchange(request, agent, timeoutMs)
    }
    proxied ??= import('@actions/http-client').then(
      ({ HttpClient }) =>
        new HttpClient(userAgent, [], { allowRedirects: false, allowRetries: false, keepAlive: true }),
    )
    const agent = (await proxied).getAgent(request.url.href)
    // The tunnel's TLS options, where the toolkit itself puts its own (it never turns checking on explicitly).
    const tunnel = agent as http.Agent & { options?: Record<string, unknown> }
    if (request.url.protocol === 'https:') tunnel.options = { ...tunnel.options, rejectUnauthorized: true }
    return exchange(request, agent, timeoutMs)
  }
}
