import { describe, expect, it } from 'vitest'
import type { TokenList } from '../../src/fastly/client.js'
import { FastlyApiError } from '../../src/fastly/errors.js'
import { normalizeToken } from '../../src/fastly/token.js'
import { revocableLister } from '../../src/revoke/revocable-lister.js'

type Answer = string[] | number
/** A client whose three lists answer, call after call, the IDs or the HTTP status given for each call. */
function client(answers: { customer?: Answer[]; user?: Answer[]; automation?: Answer[] }) {
  const calls: string[] = []
  const answer = (name: 'customer' | 'user' | 'automation') => async (): Promise<TokenList> => {
    calls.push(name)
    const next = (answers[name] ?? []).shift()
    if (next === undefined) throw new Error(`unexpected ${name} list`)
    if (typeof next === 'number')
      throw new FastlyApiError({ kind: 'http', method: 'GET', path: `/${name}`, status: next, detail: 'x' })
    const tokens = next.map((id) => normalizeToken({ id, name: `n-${id}`, user_id: 'U1', scope: 'global' }))
    return { tokens, unreadable: 0, unreadableIds: [], bytes: 0, responses: 1, busyMs: 0, finishedAt: 0 }
  }
  return {
    calls,
    client: {
      listCustomerTokens: answer('customer'),
      listUserTokens: answer('user'),
      listAutomationTokens: answer('automation'),
    },
  }
}
const category = async () => 'ok'

describe('revocableLister', () => {
  it("reads the customer's list, then exactly that list again to confirm", async () => {
    const fake = client({ customer: [['A', 'B'], ['B']] })
    const lister = revocableLister(fake.client, 'C1', ['A'], category)
    expect([...(await lister.list()).keys()]).toEqual(['A', 'B'])
    expect([...(await lister.list()).keys()]).toEqual(['B'])
    expect(fake.calls).toEqual(['customer', 'customer'])
    expect(lister.refused()).toEqual([])
  })

  it("falls back to the user's own list only when Fastly refuses the customer's, and says it was refused", async () => {
    for (const status of [401, 403]) {
      const fake = client({ customer: [status], user: [['A'], []], automation: [403] })
      const lister = revocableLister(fake.client, 'C1', ['A', 'Other1'], category)
      expect([...(await lister.list()).keys()]).toEqual(['A'])
      expect(lister.refused()).toEqual(['customer', 'automation'])
      // The confirmation reads the list that answered, and asks the refused ones no more.
      await lister.list()
      expect(fake.calls).toEqual(['customer', 'user', 'automation', 'user'])
    }
  })

  it.each([500, 502, 503, 429])(
    "fails when the customer's list fails with %i, never reading the user's list in its place",
    async (status) => {
      const fake = client({ customer: [status], user: [['Mine1']] })
      const lister = revocableLister(fake.client, 'C1', ['Theirs1'], category)
      await expect(lister.list()).rejects.toThrow(`answered HTTP ${status}`)
      expect(fake.calls).toEqual(['customer'])
    },
  )

  it('fails the confirmation when a list that answered before fails after: a token it held is not "gone"', async () => {
    const fake = client({ customer: [['Theirs1'], 502], user: [[]] })
    const lister = revocableLister(fake.client, 'C1', ['Theirs1'], category)
    await lister.list()
    await expect(lister.list()).rejects.toThrow('answered HTTP 502')
    expect(fake.calls).toEqual(['customer', 'customer'])
  })

  it('fails when the automation list fails for any reason but a refusal', async () => {
    const fake = client({ customer: [['A']], automation: [503] })
    await expect(revocableLister(fake.client, 'C1', ['Robot1'], category).list()).rejects.toThrow('answered HTTP 503')
  })

  it('fails with the refusal when Fastly refuses every list', async () => {
    const fake = client({ customer: [403], user: [403], automation: [403] })
    await expect(revocableLister(fake.client, 'C1', ['A'], category).list()).rejects.toThrow('answered HTTP 403')
  })

  it('takes a 401 or 403 halfway through the paged automation list as a failure, not a refusal of the list', async () => {
    const fake = client({ customer: [['A']] })
    const pageTwo = new FastlyApiError({
      kind: 'http',
      method: 'GET',
      path: '/automation-tokens?page=2&per_page=100',
      status: 403,
      detail: 'x',
    })
    const lister = revocableLister(
      { ...fake.client, listAutomationTokens: async () => Promise.reject(pageTwo) },
      'C1',
      ['Robot1'],
      category,
    )
    await expect(lister.list()).rejects.toBe(pageTwo)
    expect(lister.refused()).toEqual([])
  })
})
