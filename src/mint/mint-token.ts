/**
 * The mint phase: makes the job's token with `POST /tokens`, the new secret
 * masked the moment it is read. One request: a create is never sent twice
 * once it may have reached Fastly (see FastlyClient.createToken).
 */
import type { FastlyClient } from '../fastly/client.js'
import { FastlyApiError } from '../fastly/errors.js'
import type { MintSettings } from '../inputs/settings.js'
import type { Notice } from '../report/catalogue.js'
import type { Toolkit } from '../runner/toolkit.js'
import { redactSecrets } from '../shared/redact.js'
import { formatTimestamp, formatUtc } from '../shared/time.js'
import type { AskedLimits } from '../verify/as-asked.js'
import { decodeBase32 } from './base32.js'
import { describeMintFailure } from './mint-failure.js'
import { orderToken } from './mint-request.js'
import { totp } from './totp.js'

/** The token this step made for the job. */
export interface MadeToken {
  secret: string
  /** From Fastly's answer; null when it did not say. */
  id: string | null
  name: string
  /**
   * Epoch milliseconds, as Fastly's answer gives it; null when the answer says
   * the token never expires. The one asked for only when the answer is no token
   * object the action can read. The gate's check of the token as Fastly then
   * shows it is what counts (main-step.ts takes its expiry from there).
   */
  expiresAt: number | null
  /** What the step asked for: the gate checks that Fastly made it no wider. */
  asked: AskedLimits
  /** Kept out of the token output: Fastly made it wider than asked. */
  withheld?: boolean
}

type MintOutcome = { made: MadeToken } | { failure: Notice }

/**
 * Makes the token. `mask` masks a secret with the runner (and keeps it out of
 * what the step writes); the new secret goes through it the moment it is read.
 */
export async function mintToken(
  toolkit: Toolkit,
  client: FastlyClient,
  mint: MintSettings,
  now: Date,
  mask: (secret: string) => void,
): Promise<MintOutcome> {
  const order = orderToken(mint, now)
  const seed = mint.otpSecret !== undefined ? decodeBase32(mint.otpSecret) : undefined
  const services = order.services.length === 0 ? 'all services' : `services ${order.services.join(', ')}`
  toolkit.info(
    `Making a token for this job (POST /tokens as the user in 'username'${seed !== undefined ? ', with a one-time code' : ''}): "${order.name}", scope ${order.scope}, ${services}, expiring at ${formatUtc(order.expiresAt)}.`,
  )
  try {
    const created = await client.createToken(
      {
        username: mint.username,
        password: mint.password,
        otp: seed !== undefined ? totp(seed, now.getTime()) : undefined,
        name: order.name,
        scope: order.scope,
        services: order.services,
        expiresAt: formatTimestamp(order.expiresAt),
      },
      // Masked before anything else can be printed or written.
      mask,
    )
    const made: MadeToken = {
      secret: created.secret,
      id: created.token?.id ?? null,
      name: created.token?.name ?? order.name,
      expiresAt: created.token !== undefined ? created.token.expiresAt : order.expiresAt,
      asked: { scopes: mint.scopes, services: order.services, expiresAt: order.expiresAt },
    }
    toolkit.info(
      `Made the token${made.id !== null ? ` ${made.id}` : ''}; ${made.expiresAt !== null ? `it expires at ${formatUtc(made.expiresAt)}` : "Fastly's answer gives it no expiry"}.`,
    )
    return { made }
  } catch (error) {
    if (!(error instanceof FastlyApiError)) throw error
    // Fastly's words come back in the message; whatever it echoed of the credentials is taken out,
    // also as the error's text shows it (runs of whitespace made one space).
    // The password only whole (in any encoding): it holds words, whose pieces would garble the sentence.
    const seeds = [mint.otpSecret ?? '', flattenWhitespace(mint.otpSecret ?? '')]
    const passwords = [mint.password, flattenWhitespace(mint.password)]
    const message = redactSecrets(error.message, seeds, passwords)
    return { failure: describeMintFailure({ ...error, message }, order, seed !== undefined) }
  }
}

function flattenWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
