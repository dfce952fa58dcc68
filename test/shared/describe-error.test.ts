import { describe, expect, it } from 'vitest'
import { describeUnknownError } from '../../src/shared/describe-error.js'

describe('describeUnknownError', () => {
  it.each([
    [new Error('boom'), 'boom'],
    [new TypeError(''), 'TypeError without a message'],
    ['  a string  ', 'a string'],
    [{ code: 42 }, 'unexpected error: {"code":42}'],
    [{}, 'unexpected error of type object'],
    [undefined, 'an error was raised without any detail'],
    [null, 'an error was raised without any detail'],
    [7, 'unexpected error: 7'],
  ])('%o -> %s', (error, message) => {
    expect(describeUnknownError(error)).toBe(message)
  })
})
