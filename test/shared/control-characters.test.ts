import { describe, expect, it } from 'vitest'
import { CONTROL_CHARACTER, SPACE_OR_CONTROL } from '../../src/shared/control-characters.js'

describe('control characters written out', () => {
  it('match exactly what the Unicode property escapes match, over the whole Basic Multilingual Plane', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code)
      expect(CONTROL_CHARACTER.test(char), `U+${code.toString(16)}`).toBe(/\p{Cc}/u.test(char))
      expect(SPACE_OR_CONTROL.test(char), `U+${code.toString(16)}`).toBe(/[\s\p{Cc}]/u.test(char))
    }
  })

  it('find a control character anywhere in a string', () => {
    expect(CONTROL_CHARACTER.test('name\u0085')).toBe(true)
    expect(CONTROL_CHARACTER.test('a name with spaces')).toBe(false)
    expect(SPACE_OR_CONTROL.test('no-spaces\u00a0here')).toBe(true)
    expect(SPACE_OR_CONTROL.test('deployer@example.test')).toBe(false)
  })
})
