import { InputError, quoteValue } from './input-error.js'
import { parseList } from './input-values.js'

export const KNOWN_SCOPES = ['global', 'purge_select', 'purge_all', 'global:read'] as const
export type Scope = (typeof KNOWN_SCOPES)[number]

/** Reads `required-scopes`, refusing scope names Fastly does not have (a typo would otherwise never match). */
export function parseRequiredScopes(input: string, raw: string): Scope[] {
  return parseList(raw).map((item) => {
    const scope = KNOWN_SCOPES.find((known) => known === item.toLowerCase())
    if (scope === undefined) {
      throw new InputError(input, `Input '${input}' has the scope ${quoteValue(item)}, which Fastly does not have. Use any of: ${KNOWN_SCOPES.join(', ')}.`)
    }
    return scope
  })
}

/** Service and token IDs are letters and digits; anything else could reach another API path. */
export const FASTLY_ID = /^[A-Za-z0-9]+$/

/** Reads `required-services`: Fastly service IDs, letters and digits only. */
export function parseRequiredServices(input: string, raw: string): string[] {
  return parseList(raw).map((item) => {
    if (!FASTLY_ID.test(item)) {
      throw new InputError(
        input,
        `Input '${input}' has ${quoteValue(item)}, which is not a Fastly service ID (letters and digits only, for example SU1Z0isxPaozGVKXdv0eY).`,
      )
    }
    return item
  })
}

/**
 * Scopes the token lacks. `global` allows everything its user may do, so it
 * satisfies any requirement; other scopes satisfy only themselves.
 */
export function missingScopes(tokenScopes: readonly string[], required: readonly Scope[]): Scope[] {
  if (tokenScopes.includes('global')) return []
  return required.filter((scope) => !tokenScopes.includes(scope))
}

/** Services the token cannot act on. A token limited to no service may act on all of them. */
export function missingServices(tokenServices: readonly string[], required: readonly string[]): string[] {
  if (tokenServices.length === 0) return []
  return required.filter((service) => !tokenServices.includes(service))
}
