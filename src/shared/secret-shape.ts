import { SPACE_OR_CONTROL } from './control-characters.js'

/**
 * The shape of a secret the action can use: one run of visible characters
 * that a request header can carry and the post step's record can keep.
 * Fastly's secrets are 32 characters; far longer is not one, nor far shorter
 * (a one-letter secret, masked, would also garble everything the log says).
 */
export const MAX_SECRET_LENGTH = 1024

/** Shorter than any Fastly token, with room for other token formats. */
export const MIN_SECRET_LENGTH = 16

export function isCarriableSecret(value: string): boolean {
  return value.length >= MIN_SECRET_LENGTH && value.length <= MAX_SECRET_LENGTH && !SPACE_OR_CONTROL.test(value)
}
