import { describe, expect, it } from 'vitest'
import { revokeTokenIds } from '../../src/revoke/revoke-tokens.js'
import { fakeFastly } from '../support/fake-fastly.js'

const ids = (count: number) => Array.from({ length: count }, (_, i) => `Tok${i}`)
/** Fastly lists `before` (all of `ids(300)` by default) until the first DELETE, and `after` from then on. */
const options = (log: string[] = [], after: string[] = [], before: string[] = ids(300)) => {
  let calls = 0
  const listed = (list: string[]) =>
    new Map(list.map((id) => [id, { name: id === 'Tok0' ? 'first' : null, owner: 'U1', category: '⛔ expired' }]))
  return {
    dryRun: false,
    log: (line: string) => void log.push(line),
    listRevocable: async () => ((calls += 1) === 1 ? listed(before) : listed(after)),
    lists: () => calls,
  }
}
const budget = (remaining: number) => ({
  'fastly-ratelimit-remaining': String(remaining),
  'fastly-ratelimit-reset': String(Math.ceil(Date.now() / 3_600_000) * 3600),
})

describe('revokeTokenIds', () => {
  it('takes no absence from the list as proof when Fastly answered the DELETE with an error', async () => {
    // Every DELETE answers 500; the list afterwards is empty, as a cache or a proxy might answer.
    const broken = fakeFastly(() => ({ status: 500, body: { msg: 'boom' } }))
    const results = await revokeTokenIds(broken.client, ['Tok0', 'Tok1'], options([], [], ['Tok0', 'Tok1']))
    expect(results.map((result) => result.outcome)).toEqual(['failed', 'failed'])
    expect(results[0]!.detail).toMatch(
      /answered HTTP 500.*the list no longer shows the token, but as Fastly answered the revocation with an error that is no proof/,
    )
    // A 404 (a retry after a lost answer meets one) is no such error: absence still confirms it.
    const gone = fakeFastly(() => ({ status: 404, body: { msg: 'not found' } }))
    expect((await revokeTokenIds(gone.client, ['Tok0'], options([], [], ['Tok0'])))[0]!.outcome).toBe('revoked')
  })

  it('sends one DELETE for one ID and bulk requests of at most 100 for more, and confirms with one list', async () => {
    const one = fakeFastly(() => ({ status: 204 }))
    expect(await revokeTokenIds(one.client, ['Tok0'], options())).toMatchObject([
      {
        id: 'Tok0',
        name: 'first',
        owner: 'U1',
        category: '⛔ expired',
        outcome: 'revoked',
        detail: 'revoked, confirmed',
      },
    ])
    expect(one.seen.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(['DELETE /tokens/Tok0'])

    const many = fakeFastly(() => ({ status: 204 }))
    const manyOptions = options()
    const results = await revokeTokenIds(many.client, ids(250), manyOptions)
    expect(results.filter((result) => result.outcome === 'revoked')).toHaveLength(250)
    expect(many.seen.map((request) => (JSON.parse(request.body!) as { data: unknown[] }).data.length)).toEqual([
      100, 100, 50,
    ])
    // One list before (only what Fastly lists is sent) and one after (to confirm).
    expect(manyOptions.lists()).toBe(2)
  })

  it('reports a token Fastly still lists after a 204 as not revoked', async () => {
    const { client } = fakeFastly(() => ({ status: 204 }))
    const [result] = await revokeTokenIds(client, ['Tok0'], options([], ['Tok0']))
    expect(result).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/still lists the token/) })
  })

  it('reports a revocation it could not confirm as not revoked, with the list’s error', async () => {
    const { client } = fakeFastly(() => ({ status: 204 }))
    let calls = 0
    const [result] = await revokeTokenIds(client, ['Tok0'], {
      ...options(),
      listRevocable: async () => {
        if ((calls += 1) === 1) return new Map([['Tok0', { name: null, owner: null, category: null }]])
        throw new Error('list failed')
      },
    })
    expect(result).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/would confirm it failed: list failed/),
    })
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

  it('never sends an ID Fastly does not list, and reports it as not found', async () => {
    const { client, seen } = fakeFastly(() => ({ status: 204 }))
    const results = await revokeTokenIds(client, ['Tok0', 'Ghost1'], options([], [], ['Tok0']))
    expect(seen.map((request) => request.url.pathname)).toEqual(['/tokens/Tok0'])
    expect(results).toMatchObject([
      { id: 'Tok0', outcome: 'revoked', owner: 'U1' },
      { id: 'Ghost1', outcome: 'not-found' },
    ])
  })

  it('sends nothing when the list to check the IDs against fails', async () => {
    const { client, seen } = fakeFastly(() => ({ status: 204 }))
    const results = await revokeTokenIds(client, ['Tok0'], {
      ...options(),
      listRevocable: async () => {
        throw new Error('no list')
      },
    })
    expect(seen).toEqual([])
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/^not sent: listing .* failed: no list/),
    })
  })

  it('counts as revoked a token whose DELETE answer was lost but which Fastly no longer lists', async () => {
    const { client } = fakeFastly(() => ({ status: 502, body: 'gateway' }))
    const [result] = await revokeTokenIds(client, ['Tok0'], options())
    expect(result).toMatchObject({ outcome: 'revoked' })
  })

  it('counts a 404 on a listed token as revoked once it is gone, and reports a refusal with its status and Fastly’s words', async () => {
    const { client } = fakeFastly((request) =>
      request.url.pathname.endsWith('Tok0')
        ? { status: 404, body: { msg: 'Record not found' } }
        : { status: 403, body: { msg: 'Not yours' } },
    )
    const log: string[] = []
    const [gone] = await revokeTokenIds(client, ['Tok0'], options(log))
    const [refused] = await revokeTokenIds(client, ['Tok1'], options(log, ['Tok1']))
    // Listed before, a 404, gone after: revoked (by this step or just before it).
    expect(gone).toMatchObject({ outcome: 'revoked' })
    expect(refused).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/HTTP 403: Not yours/) })
    expect(log.join('\n')).toMatch(/Could not revoke token Tok1: .*HTTP 403: Not yours/)
  })

  it('stops before the chunks the hourly write budget cannot take, naming what remains and the reset', async () => {
    let remaining = 2
    const { client, seen } = fakeFastly(() => ({ status: 204, headers: budget((remaining -= 1)) }))
    const log: string[] = []
    const results = await revokeTokenIds(client, ids(350), options(log, [], ids(400)))
    // First chunk: budget unknown, sent; Fastly says 1 left; 3 more chunks need 3: stop.
    expect(seen).toHaveLength(1)
    expect(results.filter((result) => result.outcome === 'revoked')).toHaveLength(100)
    expect(results[300]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/needs 3 writes.*has 1 left until/),
    })
  })

  it('never falls back to one request per ID into a spent budget', async () => {
    const { client, seen } = fakeFastly((request) =>
      request.url.pathname === '/tokens' ? { status: 400, body: { msg: 'bad' }, headers: budget(2) } : { status: 204 },
    )
    const results = await revokeTokenIds(client, ids(3), options([], ids(3)))
    expect(seen.map((request) => request.url.pathname)).toEqual(['/tokens'])
    expect(results.every((result) => result.outcome === 'failed' && /has 2 left/.test(result.detail))).toBe(true)
  })

  it('sends no further chunk after a 429 that outlasted the retries, even without rate-limit headers', async () => {
    const { client, seen } = fakeFastly(() => ({
      status: 429,
      body: { msg: 'You have exceeded your hourly rate limit' },
    }))
    const results = await revokeTokenIds(client, ids(250), options([], ids(300)))
    expect(seen).toHaveLength(1)
    expect(results[200]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/hourly write budget is spent/),
    })
  })

  it('sends nothing more after a 429 whose reset is beyond the wait this action allows', async () => {
    const far = String(Math.floor(Date.now() / 1000) + 3000)
    const { client, seen } = fakeFastly(() => ({
      status: 429,
      body: { msg: 'You have exceeded your hourly rate limit' },
      headers: { 'fastly-ratelimit-remaining': '0', 'fastly-ratelimit-reset': far },
    }))
    const results = await revokeTokenIds(client, ids(250), options([], ids(300)))
    expect(seen).toHaveLength(1)
    expect(results.every((result) => result.outcome === 'failed')).toBe(true)
    expect(results[0]!.detail).toMatch(/HTTP 429: You have exceeded your hourly rate limit/)
  })

  it('sends nothing in a dry run', async () => {
    const { client, seen } = fakeFastly(() => ({ status: 204 }))
    const results = await revokeTokenIds(client, [...ids(2), 'Ghost1'], { ...options(), dryRun: true })
    expect(seen).toEqual([])
    expect(results.map((result) => result.outcome)).toEqual(['would-revoke', 'would-revoke', 'not-found'])
  })
})

describe('the client refuses what is not a token ID, whatever the caller checked', () => {
  it.each([['self'], ['SELF'], ['../self'], [''], ['a/b']])('sends nothing for %j, alone or in bulk', async (id) => {
    const { client, seen } = fakeFastly(() => ({ status: 204 }))
    // A hostile list that shows such an "ID": the client still sends nothing for it.
    const alone = await revokeTokenIds(client, [id], options([], [], [id]))
    const bulk = await revokeTokenIds(client, ['TkOld1', id], options([], [], ['TkOld1', id]))
    expect(seen.filter((request) => request.method === 'DELETE')).toEqual([])
    for (const result of [...alone, ...bulk]) {
      expect(result.outcome).toBe('failed')
      expect(result.detail).toMatch(/^Refused to revoke .*Nothing was sent\.$/)
    }
  })
})
