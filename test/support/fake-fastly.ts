/** A Fastly stand-in for unit tests: a transport that answers by method and path, and a client over it. */
import { FastlyClient } from '../../src/fastly/client.js'
import type { HttpRequest, Transport } from '../../src/fastly/exchange.js'
import { DEFAULT_RETRY_POLICY } from '../../src/fastly/retry-policy.js'
import type { StepDependencies } from '../../src/steps/dependencies.js'

export interface FakeAnswer {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export function fakeFastly(answer: (request: HttpRequest) => FakeAnswer) {
  const seen: HttpRequest[] = []
  const transport: Transport = async (request) => {
    seen.push(request)
    const { status, body, headers } = answer(request)
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
    // Streamed answers (token lists) go to the request's sink, as the real exchange does.
    const sink = status >= 200 && status < 300 ? request.sink?.() : undefined
    if (sink !== undefined) {
      sink.push(Buffer.from(text))
      sink.end()
    }
    return {
      status,
      headers: { 'content-type': 'application/json', ...headers },
      body: Buffer.from(text),
      size: text.length,
      headersAt: 0,
    }
  }
  const client = new FastlyClient({
    apiUrl: 'https://api.fastly.test',
    token: 'unit-test-token-0000000000000000',
    timeoutMs: 5_000,
    retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
    log: { debug: () => undefined, info: () => undefined },
    transport,
  })
  return { seen, transport, client }
}

/** What a step gets to make its clients: over `transport`, without retries, logging through the step's toolkit. */
export function fakeStepDependencies(transport: Transport, now: Date): StepDependencies {
  return {
    now: () => now,
    createClient: (connection, toolkit) =>
      new FastlyClient({
        ...connection,
        retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
        log: { debug: (m) => toolkit.debug(m), info: (m) => toolkit.info(m) },
        transport,
      }),
  }
}
