/**
 * RFC 4648 base32, the form authenticator apps are given a TOTP seed in.
 * Pure, so the `otp-secret` input can be checked before anything runs.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * The bytes of a base32 seed; spaces, hyphens, '=' padding and lower case are
 * accepted, as apps show seeds in groups. Undefined when a character is not
 * base32. Never echoes the text: it is a secret.
 */
export function decodeBase32(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase()
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of clean) {
    const index = ALPHABET.indexOf(char)
    if (index < 0) return undefined
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((value >>> bits) & 0xff)
    }
  }
  return Uint8Array.from(bytes)
}

/** The seed as base32 without spaces, padding or lower case: the one form the action keeps. */
export function normalizeBase32(text: string): string {
  return text.replace(/[\s=-]/g, '').toUpperCase()
}
