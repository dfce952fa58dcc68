import { describe, expect, it } from 'vitest'
import { parseFileCommands } from '../../tools/runner.js'

describe('parseFileCommands reads the runner files as the runner on Linux does', () => {
  it('keeps a carriage return inside a value: lines end at \\n only', () => {
    expect(parseFileCommands('name<<EOF_1\nfirst\r\nsecond\nEOF_1\n')).toEqual({ name: 'first\r\nsecond' })
  })

  it('refuses a block that is never closed, as the runner does', () => {
    expect(() => parseFileCommands('name<<EOF_1\nvalue\n')).toThrow(/never closed/)
  })

  it('reads several blocks and the short name=value form', () => {
    expect(parseFileCommands('a<<D1\none\nD1\nb=two\nc<<D2\n\nD2\n')).toEqual({ a: 'one', b: 'two', c: '' })
  })
})
