/**
 * A cancelled job: the runner sends SIGINT, then SIGTERM, to a step that is
 * still running. The step must end promptly, and `revoke: post` must still
 * revoke the token in the post step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction, tokenLeaks } from '../../tools/runner.js'
import { startSilentServer } from '../../tools/silent-server.js'
import { FastlySimulator, isoSeconds } from '../../tools/simulator.js'

let simulator: FastlySimulator
beforeAll(async () => {
  simulator = await FastlySimulator.start()
})
afterAll(async () => simulator.close())

describe.each(['SIGINT', 'SIGTERM'] as const)('a job cancelled with %s during the verify request', (signal) => {
  it('ends the step promptly, and the post step still revokes the token', async () => {
    const token = simulator.addToken({
      name: `cancelled-${signal}`,
      expires_at: isoSeconds(new Date(Date.now() + 3_600_000)),
    })
    simulator.injectFault({ kind: 'hang', path: '/tokens/self', method: 'GET' })
    const inputs = { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post', timeout: '30s' }
    const main = await runAction({ inputs, signal: { name: signal, afterMs: 700 } })
    expect(main.exitCode).not.toBe(0)
    expect(main.durationMs).toBeLessThan(3_000)
    // Saved before the step waits for the answer: the post step knows which token to look at, and verifies it first.
    expect(JSON.parse(main.state['post-revoke']!)).toMatchObject({ verified: false, tokenId: null })

    const post = await runAction({ step: 'post', inputs, state: main.state })
    expect(post.exitCode).toBe(0)
    expect(simulator.isRevoked(token.record.id)).toBe(true)
    expect(post.stdout).toContain(`Revoked the current token ${token.record.id}`)
    expect(post.stdout).toContain('(confirmed: Fastly now rejects it)')
    expect(tokenLeaks(main, token.secret)).toEqual([])
    expect(tokenLeaks(post, token.secret)).toEqual([])
  })
})

describe('a job cancelled while the connection to Fastly hangs (no TLS answer)', () => {
  it('still saves the record the post step needs before it ends', async () => {
    // The TLS handshake never completes, so the entry's first request is never written.
    const silent = await startSilentServer()
    try {
      const token = simulator.addToken({
        name: 'cancelled-handshake',
        expires_at: isoSeconds(new Date(Date.now() + 3_600_000)),
      })
      const inputs = {
        'api-token': token.secret,
        'api-url': `https://127.0.0.1:${silent.port}`,
        revoke: 'post',
        timeout: '30s',
      }
      const main = await runAction({ inputs, signal: { name: 'SIGTERM', afterMs: 1_000 } })
      expect(main.exitCode).not.toBe(0)
      expect(main.durationMs).toBeLessThan(3_000)
      expect(JSON.parse(main.state['post-revoke']!)).toMatchObject({ verified: false, tokenId: null })
      expect(tokenLeaks(main, token.secret)).toEqual([])
    } finally {
      await silent.close()
    }
  })
})
