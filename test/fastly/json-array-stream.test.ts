import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonArraySplitter } from '../../src/fastly/json-array-stream.js'

function split(text: string, cuts: number[]): unknown[] {
  const elements: unknown[] = []
  const splitter = new JsonArraySplitter((element) => elements.push(JSON.parse(element)))
  const bytes = Buffer.from(text, 'utf8')
  let at = 0
  for (const cut of [...cuts.map((c) => Math.min(c, bytes.length))].sort((a, b) => a - b)) {
    splitter.push(bytes.subarray(at, cut))
    at = cut
  }
  splitter.push(bytes.subarray(at))
  splitter.end()
  return elements
}

describe('JsonArraySplitter', () => {
  it('hands over each element of an array, however the bytes are chunked', () => {
    const text = ' [ {"a":"x,]}\\"{"}, [1,[2]] ,"s\\\\",3, null ,true,{"n":{"m":[{}]}} ] \n'
    const expected = JSON.parse(text) as unknown[]
    for (let cut = 0; cut <= Buffer.byteLength(text); cut++) expect(split(text, [cut])).toEqual(expected)
  })

  it('agrees with JSON.parse on random arrays split at random places', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.array(fc.nat({ max: 4000 }), { maxLength: 8 }), (values, cuts) => {
        const text = JSON.stringify(values)
        expect(split(text, cuts)).toEqual(JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  it('accepts an empty array and multi-byte text', () => {
    expect(split('[]', [])).toEqual([])
    expect(split('[{"name":"déploiement ✓ 🚀"}]', [10, 17, 20])).toEqual([{ name: 'déploiement ✓ 🚀' }])
  })

  it.each([
    ['{"id":"x"}', /not a JSON array/],
    ['[{"id":"x"}', /cut off/],
    ['', /empty body/],
    ['[1,]', /missing array element/],
    ['[,1]', /missing array element/],
    ['[1]x', /after the end/],
    ['[1}]', /unbalanced|Unexpected|JSON/],
  ])('refuses %j', (text, message) => {
    expect(() => split(text, [])).toThrow(message)
  })
})
