/**
 * One-time codes for a user with two-factor authentication: TOTP (RFC 6238)
 * over HOTP (RFC 4226) with SHA-1, 6 digits and a 30-second step, the codes
 * Fastly asks for in `Fastly-OTP`. The time is passed in.
 */
import { createHmac } from 'node:crypto'

export const TOTP_STEP_SECONDS = 30

/** RFC 4226: HMAC-SHA-1 of the 8-byte big-endian counter, dynamically truncated to `digits` decimal digits. */
export function hotp(key: Uint8Array, counter: number, digits = 6): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(code).padStart(digits, '0')
}

/** RFC 6238 TOTP (SHA-1) at `atMs`: the code an authenticator app shows then. */
export function totp(key: Uint8Array, atMs: number, digits = 6): string {
  return hotp(key, Math.floor(atMs / 1000 / TOTP_STEP_SECONDS), digits)
}
