/**
 * Proxies and TLS as enterprises run them. @actions/http-client bypasses the
 * proxy for loopback hosts before it reads no_proxy, so the action is pointed
 * at a name only the proxy resolves: https://api.fastly.test.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConnectProxy } from '../../tools/connect-proxy.js'
import { encodePostRecord, fingerprintToken } from '../../src/revoke/post-record.js'
import { PROJECT_ROOT, runAction, tokenLeaks } from '../../tools/runner.js'
import { startSilentServer } from '../../tools/silent-server.js'
import { FastlySimulator, type SimulatedToken } from '../../tools/simulator.js'

const TLS_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'tls')
const CA = join(TLS_DIR, 'api.fastly.test.crt')

let simulator: FastlySimulator
let proxy: ConnectProxy
let token: SimulatedToken
let apiUrl: string

beforeAll(async () => {
  simulator = await FastlySimulator.start({
    tls: { cert: readFileSync(CA), key: readFileSync(join(TLS_DIR, 'api.fastly.test.key')) },
  })
  proxy = await ConnectProxy.start({ 'api.fastly.test': '127.0.0.1' })
  token = simulator.addToken({ name: 'behind-a-proxy' })
  apiUrl = `https://api.fastly.test:${new URL(simulator.url).port}`
})
afterAll(async () => {
  await proxy.close()
  await simulator.close()
})

describe('behind an HTTP CONNECT proxy, with a private CA', () => {
  it('reaches Fastly through https_proxy and trusts the CA from NODE_EXTRA_CA_CERTS', async () => {
    proxy.connects.length = 0
    const result = await runAction({
      inputs: { 'api-token': token.secret, 'api-url': apiUrl },
      env: { https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: CA },
    })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(result.outputs['token-id']).toBe(token.record.id)
    expect(proxy.connects).toEqual([`api.fastly.test:${new URL(simulator.url).port}`])
    expect(tokenLeaks(result, token.secret)).toEqual([])
  })

  it('goes direct for a host in no_proxy, so the proxy sees nothing', async () => {
    proxy.connects.length = 0
    const result = await runAction({
      inputs: { 'api-token': token.secret, 'api-url': apiUrl, 'max-retries': '0' },
      env: { https_proxy: proxy.url, no_proxy: 'api.fastly.test', NODE_EXTRA_CA_CERTS: CA },
    })
    expect(result.exitCode).toBe(1)
    expect(proxy.connects).toEqual([])
    // Only the proxy knows the name: going direct, DNS cannot find it.
    expect(result.annotations[0]!.message).toMatch(
      /^Could not verify the token: GET \/tokens\/self failed: the host api\.fastly\.test (was not found|could not be looked up) \(DNS\)\.$/,
    )
  })

  it('refuses a certificate it does not trust, clearly and without retrying', async () => {
    const before = simulator.requests.length
    const result = await runAction({
      inputs: { 'api-token': token.secret, 'api-url': apiUrl },
      env: { https_proxy: proxy.url },
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('error')
    expect(result.annotations[0]!.message).toMatch(
      /^Could not verify the token: GET \/tokens\/self failed: the TLS certificate of api\.fastly\.test:\d+ is not trusted \([A-Z_]+\); if your network inspects TLS, give its CA certificate to Node with NODE_EXTRA_CA_CERTS\.$/,
    )
    expect(simulator.requests.length).toBe(before)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('names a proxy variable that is no URL, without echoing it and without retrying', async () => {
    const before = simulator.requests.length
    const result = await runAction({
      inputs: { 'api-token': token.secret, 'api-url': apiUrl },
      env: { https_proxy: ':::pr0xy-passw0rd', NODE_EXTRA_CA_CERTS: CA },
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('error')
    expect(result.annotations).toHaveLength(1)
    expect(result.annotations[0]!.message).toBe(
      'Could not verify the token: GET /tokens/self failed: the proxy that https_proxy (or HTTPS_PROXY) names is not a URL; give one such as http://proxy.example:3128, or unset it.',
    )
    expect(`${result.stdout}${result.stderr}`).not.toContain('pr0xy-passw0rd')
    expect(result.stdout).not.toMatch(/retry \d+ of/)
    expect(simulator.requests.length).toBe(before)
  })

  it('checks certificates even when NODE_TLS_REJECT_UNAUTHORIZED=0, direct and through the proxy', async () => {
    const before = simulator.requests.length
    for (const [apiUrlHere, env] of [
      // Direct: the certificate is trusted but names api.fastly.test, not localhost.
      [`https://localhost:${new URL(simulator.url).port}`, { NODE_EXTRA_CA_CERTS: CA }],
      // Through the proxy: the certificate is not trusted at all.
      [apiUrl, { https_proxy: proxy.url }],
    ] as const) {
      const result = await runAction({
        inputs: { 'api-token': token.secret, 'api-url': apiUrlHere, 'max-retries': '0' },
        env: { ...env, NODE_TLS_REJECT_UNAUTHORIZED: '0' },
      })
      expect(result.exitCode).toBe(1)
      expect(result.annotations[0]!.message).toMatch(/failed: the TLS certificate of /)
    }
    expect(simulator.requests.length).toBe(before)
  })
})

describe('behind a proxy that accepts connections and never answers CONNECT', () => {
  it('still gives up at the timeout, in the main step and the post step, and the process ends', async () => {
    const silent = await startSilentServer()
    try {
      const env = { https_proxy: `http://127.0.0.1:${silent.port}`, NODE_EXTRA_CA_CERTS: CA }
      const main = await runAction({
        inputs: { 'api-token': token.secret, 'api-url': apiUrl, timeout: '2s', 'max-retries': '0' },
        env,
        killAfterMs: 25_000,
      })
      expect(main.exitCode).toBe(1)
      expect(main.annotations[0]!.message).toMatch(/no complete answer from api\.fastly\.test:\d+ within 2 s/)
      expect(main.durationMs).toBeLessThan(15_000)

      const record = encodePostRecord({
        apiUrl,
        timeoutMs: 2_000,
        maxRetries: 0,
        dryRun: false,
        failOnError: true,
        jobSummary: false,
        allowNonExpiring: false,
        fingerprint: fingerprintToken(token.secret),
        madeToken: null,
        tokenId: token.record.id,
        tokenName: null,
        expiresAt: null,
        verified: true,
      })
      const post = await runAction({
        step: 'post',
        inputs: { 'api-token': token.secret },
        state: { 'post-revoke': record },
        env,
        killAfterMs: 25_000,
      })
      expect(post.exitCode).toBe(1)
      expect(post.annotations[0]!.message).toMatch(/within 2 s/)
      expect(post.durationMs).toBeLessThan(15_000)
    } finally {
      await silent.close()
    }
  })
})
