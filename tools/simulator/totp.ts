/**
 * One-time codes as Fastly's two-factor authentication uses them: TOTP
 * (RFC 6238) over HOTP (RFC 4226) with SHA-1, 6 digits and a 30-second step,
 * and the base32 seeds authenticator apps are given.
 */
import { createHmac } from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32, the form TOTP seeds are shown in; spaces, '=' padding and lower case are accepted. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of clean) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error(`not a base32 character: ${JSON.stringify(char)}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((value >>> bits) & 0xff)
    }
  }
  return Buffer.from(bytes)
}

export function base32Encode(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += BASE32[(value >>> bits) & 31]
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** RFC 4226: HMAC-SHA-1 of the 8-byte big-endian counter, dynamically truncated to `digits` decimal digits. */
export function hotp(key: Uint8Array, counter: number, digits = 6): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(code).padStart(digits, '0')
}

export const TOTP_STEP_SECONDS = 30

/** The TOTP time step that holds `atMs`. */
function totpCounter(atMs: number, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(atMs / 1000 / stepSeconds)
}

/** RFC 6238 TOTP at `atMs` (SHA-1). */
export function totp(key: Uint8Array, atMs: number, digits = 6, stepSeconds = TOTP_STEP_SECONDS): string {
  return hotp(key, totpCounter(atMs, stepSeconds), digits)
}

/**
 * The time step `code` belongs to, looking `window` steps either side of
 * `atMs` (RFC 6238 section 5.2 allows one step of clock drift), or undefined.
 */
export function matchTotp(key: Uint8Array, code: string, atMs: number, window = 1): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const now = totpCounter(atMs)
  for (let counter = now - window; counter <= now + window; counter++) {
    if (counter >= 0 && hotp(key, counter) === code) return counter
  }
  return undefined
}
