import { describe, expect, it } from 'vitest'
import { redactSecrets } from '../../src/shared/redact.js'
import { InputError } from '../../src/inputs/input-error.js'
import { parseOtpSecret } from '../../src/inputs/otp-secret.js'

function refusal(raw: string): InputError {
  try {
    parseOtpSecret('otp-secret', raw)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`expected ${raw} to be refused`)
}

describe('parseOtpSecret', () => {
  it('is empty for a user without two-factor authentication', () => {
    expect(parseOtpSecret('otp-secret', '')).toBeUndefined()
    expect(parseOtpSecret('otp-secret', '  ')).toBeUndefined()
  })

  it('keeps the seed in one form, whatever way the app showed it', () => {
    expect(parseOtpSecret('otp-secret', 'jbsw y3dp ehpk 3pxp')).toBe('JBSWY3DPEHPK3PXP')
    expect(parseOtpSecret('otp-secret', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP==')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')
  })

  it.each([
    ['123456', /looks like a one-time code/],
    [
      'otpauth://totp/Fastly:me?secret=JBSWY3DPEHPK3PXP&issuer=Fastly',
      /is a key URI \(an otpauth link, as a QR code holds it\); give only the value of its 'secret'/,
    ],
    ['JBSWY3DPEHPK3PX1', /not a base32 seed/],
    ['JBSWY3DPEHPK', /is 12 base32 characters long; a seed has at least 16/],
    ['A'.repeat(200), /at most 128/],
  ])('refuses %j naming the input, saying what to give, never showing the value', (raw, why) => {
    const error = refusal(raw)
    expect(error.input).toBe('otp-secret')
    expect(error.message).toMatch(/^Input 'otp-secret' /)
    expect(error.message).toMatch(why)
    expect(error.message).toContain('the value is not shown')
    expect(error.message).not.toContain(raw)
  })

  it('says what a key URI is in words that survive the masking of the value', () => {
    const uri = 'otpauth://totp/Fastly:me?secret=JBSWY3DPEHPK3PXP&issuer=Fastly'
    const message = refusal(uri).message
    // The runner masks the input's value, and the action any 8 characters of it: the explanation must stay readable.
    expect(redactSecrets(message, [uri])).toBe(message)
  })
})
