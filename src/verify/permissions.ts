export const KNOWN_SCOPES = ['global', 'purge_select', 'purge_all', 'global:read'] as const
export type Scope = (typeof KNOWN_SCOPES)[number]

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
