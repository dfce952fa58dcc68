import { describe, expect, it } from 'vitest'
import { revokeCurrentToken } from '../../src/revoke/revoke-current.js'
import { fakeFastly } from '../support/fake-fastly.js'

describe('revokeCurrentToken', () => {
  const self = (del: { status: number; body?: unknown }, get: { status: number; body?: unknown }) =>
    fakeFastly((request) => (request.method === 'DELETE' ? del : get))

  it('sends DELETE /tokens/self, then confirms with GET /tokens/self that Fastly rejects the token', async () => {
    const { client, seen } = self(
      { status: 204 },
      { status: 401, body: { msg: 'Provided credentials are missing or invalid' } },
    )
    expect(
      await revokeCurrentToken(client, { id: 'T1', name: 'ci' }, { dryRun: false, log: () => undefined }),
    ).toMatchObject({
      id: 'T1',
      current: true,
      outcome: 'revoked',
    })
    expect(seen.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'DELETE /tokens/self',
      'GET /tokens/self',
    ])
  })

  it('reports a 204 after which Fastly still accepts the token as not revoked', async () => {
    const { client } = self({ status: 204 }, { status: 200, body: { id: 'T1' } })
    expect(
      await revokeCurrentToken(client, { id: 'T1', name: null }, { dryRun: false, log: () => undefined }),
    ).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/still accepts the token/),
    })
  })

  it('reports a refused revocation (a read-only token) with Fastly’s words', async () => {
    const { client } = self(
      { status: 403, body: { msg: 'Read only tokens are not allowed to access this endpoint' } },
      { status: 200, body: { id: 'T1' } },
    )
    expect(
      await revokeCurrentToken(client, { id: 'T1', name: null }, { dryRun: false, log: () => undefined }),
    ).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/HTTP 403: Read only tokens are not allowed/),
    })
  })

  it('reads a 401 or 403 on DELETE that Fastly confirms as already gone', async () => {
    for (const status of [401, 403]) {
      const { client } = self({ status, body: { msg: 'x' } }, { status, body: { msg: 'x' } })
      expect(
        await revokeCurrentToken(client, { id: 'T1', name: null }, { dryRun: false, log: () => undefined }),
      ).toMatchObject({
        outcome: 'already-gone',
      })
    }
  })

  it('counts a lost answer followed by a 401 as a confirmed revocation', async () => {
    let deletes = 0
    const { client } = fakeFastly((request) =>
      request.method === 'DELETE' ? ((deletes += 1) === 1 ? { status: 503 } : { status: 401 }) : { status: 401 },
    )
    ;(
      client as unknown as { options: { retry: { maxRetries: number; baseDelayMs: number } } }
    ).options.retry.maxRetries = 1
    expect(
      await revokeCurrentToken(client, { id: 'T1', name: null }, { dryRun: false, log: () => undefined }),
    ).toMatchObject({
      outcome: 'revoked',
    })
  })
})
