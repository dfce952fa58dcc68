import { describe, expect, it } from 'vitest'
import { revokeCurrentToken, revokeTokenIds } from '../../src/revoke/revoke-tokens.js'
import { fakeFastly } from '../support/fake-fastly.js'

const ids = (count: number) => Array.from({ length: count }, (_, i) => `Tok${i}`)
const options = (log: string[] = []) => ({
  dryRun: false,
  names: new Map([['Tok0', 'first']]),
  log: (line: string) => void log.push(line),
})

describe('revokeTokenIds', () => {
  it('sends one DELETE for one ID and bulk requests of at most 100 for more', async () => {
    const one = fakeFastly(() => ({ status: 204 }))
    expect(await revokeTokenIds(one.client, ['Tok0'], options())).toMatchObject([
      { id: 'Tok0', name: 'first', outcome: 'revoked' },
    ])
    expect(one.seen.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(['DELETE /tokens/Tok0'])

    const many = fakeFastly(() => ({ status: 204 }))
    const results = await revokeTokenIds(many.client, ids(250), options())
    expect(results).toHaveLength(250)
    expect(many.seen.map((request) => (JSON.parse(request.body!) as { data: unknown[] }).data.length)).toEqual([
      100, 100, 50,
    ])
  })

  it('falls back to one request per ID when a bulk request answers that bulk does not apply', async () => {
    const { client, seen } = fakeFastly((request) =>
      request.url.pathname === '/tokens' ? { status: 400, body: { msg: 'bad' } } : { status: 204 },
    )
    const results = await revokeTokenIds(client, ids(3), options())
    expect(seen.map((request) => request.url.pathname)).toEqual([
      '/tokens',
      '/tokens/Tok0',
      '/tokens/Tok1',
      '/tokens/Tok2',
    ])
    expect(results.every((result) => result.outcome === 'revoked')).toBe(true)
  })

  it('reports a 404 as already gone and a failure with its status and Fastly’s words', async () => {
    const { client } = fakeFastly((request) =>
      request.url.pathname.endsWith('Tok0')
        ? { status: 404, body: { msg: 'Record not found' } }
        : { status: 403, body: { msg: 'Not yours' } },
    )
    const log: string[] = []
    const [gone] = await revokeTokenIds(client, ['Tok0'], options(log))
    const [refused] = await revokeTokenIds(client, ['Tok1'], options(log))
    expect(gone).toMatchObject({ outcome: 'already-gone' })
    expect(refused).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/HTTP 403: Not yours/) })
    expect(log.join('\n')).toMatch(/Could not revoke token Tok1: .*HTTP 403: Not yours/)
  })

  it('sends nothing in a dry run', async () => {
    const { client, seen } = fakeFastly(() => ({ status: 204 }))
    const results = await revokeTokenIds(client, ids(3), { ...options(), dryRun: true })
    expect(seen).toEqual([])
    expect(results.map((result) => result.outcome)).toEqual(['would-revoke', 'would-revoke', 'would-revoke'])
  })
})

describe('revokeCurrentToken', () => {
  it('sends DELETE /tokens/self and reports the token it names', async () => {
    const { client, seen } = fakeFastly(() => ({ status: 204 }))
    expect(
      await revokeCurrentToken(client, { id: 'T1', name: 'ci' }, { dryRun: false, log: () => undefined }),
    ).toMatchObject({
      id: 'T1',
      current: true,
      outcome: 'revoked',
    })
    expect(seen.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(['DELETE /tokens/self'])
  })
})

describe('the client refuses what is not a token ID, whatever the caller checked', () => {
  it.each([['self'], ['SELF'], ['../self'], [''], ['a/b']])('sends nothing for %j, alone or in bulk', async (id) => {
    const { client, seen } = fakeFastly(() => ({ status: 204 }))
    const alone = await revokeTokenIds(client, [id], options())
    const bulk = await revokeTokenIds(client, ['TkOld1', id], options())
    expect(seen).toEqual([])
    for (const result of [...alone, ...bulk]) {
      expect(result.outcome).toBe('failed')
      expect(result.detail).toMatch(/^Refused to revoke .*Nothing was sent\.$/)
    }
  })
})
