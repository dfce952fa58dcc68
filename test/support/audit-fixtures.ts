/** Shared inputs of the audit's report tests (audit-summary, issue-content): a clock, a policy and many expired tokens. */
import { normalizeToken } from '../../src/fastly/token.js'

export const now = new Date('2026-06-01T00:00:00Z')
export const policy = { warnWithin: 7 * 86400, staleAfter: 90 * 86400, failOn: [], includeSessionTokens: false }
export const scope = { mode: 'customer' as const, subjectId: 'Cust1' }

/** `n` tokens that expired one second apart before `now`. */
export const many = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    normalizeToken({
      id: `Tok${String(i).padStart(6, '0')}`,
      name: `deploy-${i}`,
      expires_at: new Date(now.getTime() - (i + 1) * 1000).toISOString(),
      scope: 'global',
    }),
  )
