import { decodeBase32, normalizeBase32 } from '../mint/base32.js'
import { InputError } from './input-error.js'

/** 80 bits: the shortest seed authenticator apps use (RFC 4226 asks for 128). Shorter is a paste gone wrong. */
const MIN_SEED_CHARACTERS = 16
/** Far beyond any real seed (512 bits); keeps the post step's environment small. */
const MAX_SEED_CHARACTERS = 128

const WHAT_TO_GIVE =
  "Give the base32 secret key the user's authenticator was set up with (the text shown beside the QR code when two-factor authentication was turned on), from a secret: otp-secret: ${{ secrets.FASTLY_OTP_SECRET }}."

/**
 * Reads `otp-secret`, the seed of the user's authenticator: empty (no
 * two-factor authentication) or base32. Returns it normalised (upper case,
 * no spaces or padding). The value is a secret: no message ever shows it.
 */
export function parseOtpSecret(input: string, raw: string): string | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  const fail = (why: string): never => {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' ${why} (the value is not shown: it is a secret). ${WHAT_TO_GIVE}`,
    )
  }
  if (/^\d{6,8}$/.test(value)) fail('looks like a one-time code, not the seed the codes are made from')
  if (/^otpauth:/i.test(value))
    fail("is a key URI (an otpauth link, as a QR code holds it); give only the value of its 'secret' parameter")
  if (decodeBase32(value) === undefined)
    fail("is not a base32 seed: it has characters other than A-Z and 2-7 (spaces, hyphens and '=' are ignored)")
  const seed = normalizeBase32(value)
  if (seed.length < MIN_SEED_CHARACTERS)
    fail(`is ${seed.length} base32 characters long; a seed has at least ${MIN_SEED_CHARACTERS}`)
  if (seed.length > MAX_SEED_CHARACTERS)
    fail(`is ${seed.length} base32 characters long; a seed has at most ${MAX_SEED_CHARACTERS}`)
  return seed
}
