import { describe, expect, it } from 'vitest'
import { mergeTokenLists } from '../../src/audit/merge-tokens.js'
import { normalizeToken } from '../../src/fastly/token.js'

const user = (id: string) => normalizeToken({ id, user_id: 'U1', name: id })
const robot = (id: string) => normalizeToken({ id, creator_id: 'U1', role: 'engineer', name: id }, 'automation')

describe('mergeTokenLists', () => {
  it('appends the automation tokens the customer list does not have', () => {
    const { tokens, inBoth } = mergeTokenLists([user('U1'), user('U2')], [robot('A1'), robot('A2')])
    expect(tokens.map((t) => t.id)).toEqual(['U1', 'U2', 'A1', 'A2'])
    expect(inBoth).toBe(0)
  })

  it('keeps a token that is in both lists once, in its place, with the automation list’s facts', () => {
    // The customer list may show an automation token too, without its role.
    const listedByCustomer = normalizeToken({ id: 'A1', name: 'A1' })
    const { tokens, inBoth } = mergeTokenLists([user('U1'), listedByCustomer, user('U2')], [robot('A1'), robot('A2')])
    expect(tokens.map((t) => t.id)).toEqual(['U1', 'A1', 'U2', 'A2'])
    expect(tokens[1]).toMatchObject({ kind: 'automation', role: 'engineer' })
    expect(inBoth).toBe(1)
  })

  it('drops repeats within the customer list', () => {
    expect(mergeTokenLists([user('U1'), user('U1')], []).tokens).toHaveLength(1)
  })
})
