import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBase32, normalizeBase32 } from '../../src/mint/base32.js'
import { hotp, totp } from '../../src/mint/totp.js'
import { base32Encode, totp as simulatorTotp } from '../../tools/simulator.js'

/** RFC 6238 appendix B: the SHA-1 seed is the ASCII of "12345678901234567890". */
const RFC_SEED = new TextEncoder().encode('12345678901234567890')

describe('totp (RFC 6238, SHA-1)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('gives the RFC test vector at T=%i s: %s', (seconds, code) => {
    expect(totp(RFC_SEED, seconds * 1000, 8)).toBe(code)
    // Fastly's codes are the same truncation, to 6 digits.
    expect(totp(RFC_SEED, seconds * 1000)).toBe(code.slice(2))
  })

  it('keeps one code for the whole 30-second step', () => {
    expect(totp(RFC_SEED, 30_000)).toBe(totp(RFC_SEED, 59_999))
    expect(totp(RFC_SEED, 59_999)).not.toBe(totp(RFC_SEED, 60_000))
  })

  it('gives the RFC 4226 HOTP test vectors', () => {
    const codes = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
    codes.forEach((code, counter) => expect(hotp(RFC_SEED, counter)).toBe(code))
  })

  it('agrees with the simulator that checks the codes, for any seed and time', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 64 }), fc.integer({ min: 0, max: 4e12 }), (seed, at) => {
        expect(totp(decodeBase32(base32Encode(seed))!, at)).toBe(simulatorTotp(seed, at))
      }),
      { numRuns: 300 },
    )
  })
})

describe('decodeBase32 (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['MY======', 'f'],
    ['MZXQ====', 'fo'],
    ['MZXW6===', 'foo'],
    ['MZXW6YQ=', 'foob'],
    ['MZXW6YTB', 'fooba'],
    ['MZXW6YTBOI======', 'foobar'],
  ])('decodes %j', (text, plain) => {
    expect(new TextDecoder().decode(decodeBase32(text))).toBe(plain)
  })

  it('reads seeds as apps show them: lower case, in groups, with hyphens', () => {
    const expected = decodeBase32('JBSWY3DPEHPK3PXP')
    expect(decodeBase32('jbsw y3dp ehpk 3pxp')).toEqual(expected)
    expect(decodeBase32('JBSW-Y3DP-EHPK-3PXP')).toEqual(expected)
    expect(normalizeBase32(' jbsw y3dp-ehpk 3pxp== ')).toBe('JBSWY3DPEHPK3PXP')
  })

  it('refuses characters base32 does not have', () => {
    for (const text of ['JBSWY3DP1', 'JBSWY3DP0', 'JBSWY3DP8', 'ÄBC', 'AB_C'])
      expect(decodeBase32(text)).toBeUndefined()
  })

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(decodeBase32(base32Encode(bytes))).toEqual(bytes)
      }),
    )
  })
})
