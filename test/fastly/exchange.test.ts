import { readFileSync } from 'node:fs'
import * as https from 'node:https'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exchange, TransportError } from '../../src/fastly/exchange.js'
import { PROJECT_ROOT } from '../../tools/runner.js'

const TLS = join(PROJECT_ROOT, 'test', 'fixtures', 'tls')
const cert = readFileSync(join(TLS, 'api.fastly.test.crt'))
let server: https.Server
let port: number

beforeAll(async () => {
  server = https.createServer({ cert, key: readFileSync(join(TLS, 'api.fastly.test.key')) }, (_request, response) =>
    response.end('{}'),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as { port: number }).port
})
afterAll(async () => new Promise((resolve) => server.close(resolve)))

describe('exchange', () => {
  it('says a certificate for another host name is that, not an untrusted CA', async () => {
    // The CA is trusted; the certificate names api.fastly.test, not localhost.
    const agent = new https.Agent({ ca: cert })
    const error = await exchange(
      { method: 'GET', url: new URL(`https://localhost:${port}/tokens/self`), headers: {}, maxBodyBytes: 1024 },
      agent,
      5_000,
    ).catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).message).toBe(
      `the TLS certificate of localhost:${port} is for another host name (ERR_TLS_CERT_ALTNAME_INVALID); check that api-url names the API's own host`,
    )
  })
})
