import { describe, expect, it } from 'vitest'
import { redactSecrets } from '../../src/shared/redact.js'

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret, the longest first', () => {
    expect(redactSecrets('a hunter2 b hunter2hunter2', ['hunter2', 'hunter2hunter2'])).toBe('a *** b ***')
  })

  it('leaves text without secrets, and ignores empty ones', () => {
    expect(redactSecrets('nothing here', ['', 'absent'])).toBe('nothing here')
  })

  it('treats secrets as text, not patterns', () => {
    expect(redactSecrets('p.a$s(w)o*r+d? and pXaXs', ['p.a$s(w)o*r+d?'])).toBe('*** and pXaXs')
  })
})
