import { describe, expect, it } from 'vitest'
import { isLoopbackHost, parseApiUrl } from '../../src/inputs/api-url.js'

describe('parseApiUrl', () => {
  it('defaults to Fastly and normalises trailing slashes', () => {
    expect(parseApiUrl('api-url', '')).toBe('https://api.fastly.com')
    expect(parseApiUrl('api-url', 'https://api.fastly.com/')).toBe('https://api.fastly.com')
    expect(parseApiUrl('api-url', 'https://proxy.example.com/fastly/')).toBe('https://proxy.example.com/fastly')
  })

  it.each(['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:3000', 'http://[::1]:9000'])(
    'allows plain http to this machine: %s',
    (url) => {
      expect(parseApiUrl('api-url', url)).toBe(url)
    },
  )

  it.each([
    ['http://api.fastly.com', /plain http:\/\/ to a host other than this machine/],
    ['http://127.0.0.1.evil.example', /plain http/],
    ['http://10.0.0.1', /plain http/],
    ['http://128.0.0.1', /plain http/],
    ['ftp://api.fastly.com', /scheme ftp/],
    ['api.fastly.com', /not a URL/],
    ['https://user:pass@api.fastly.com', /user name or password/],
    ['https://api.fastly.com/?x=1', /query or fragment/],
  ])('refuses %s before any token is sent', (url, why) => {
    expect(() => parseApiUrl('api-url', url)).toThrow(why)
    expect(() => parseApiUrl('api-url', url)).toThrow(/Input 'api-url' has/)
  })

  it.each([
    'https://admin:HunterPassw0rd77@api.fastly.com',
    'https://admin:HunterPassw0rd77@[bad',
    'https://admin:HunterPassw0rd77\uff20api.fastly.com',
    'https://admin:HunterPassw0rd77%40api.fastly.com',
  ])('never echoes a value that may hold a password: %s', (url) => {
    expect(() => parseApiUrl('api-url', url)).toThrow(/not shown: it may hold a password/)
    let message = ''
    try {
      parseApiUrl('api-url', url)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).not.toContain('HunterPassw0rd77')
    expect(message).not.toContain('admin')
  })

  it('knows the loopback range', () => {
    expect(isLoopbackHost('127.255.255.255')).toBe(true)
    expect(isLoopbackHost('127.256.0.1')).toBe(false)
    expect(isLoopbackHost('LOCALHOST')).toBe(true)
    expect(isLoopbackHost('localhost.example')).toBe(false)
  })
})

describe('a long api-url', () => {
  it('is refused past 2048 characters (as normalised), so the post step record stays small', () => {
    expect(() => parseApiUrl('api-url', `https://api.fastly.com/${'é'.repeat(1000)}`)).toThrow(
      /longer than 2048 characters/,
    )
    expect(parseApiUrl('api-url', `https://api.fastly.com/${'a'.repeat(100)}`)).toHaveLength(123)
  })
})
