import { describeDuration, formatDuration, formatUtc } from '../shared/time.js'
import { classifyExpiry, type ExpiryVerdict } from './expiry.js'
import { missingScopes, missingServices, type Scope } from './permissions.js'
import { widerThanAsked, type AskedLimits } from './as-asked.js'
import type { TokenFacts } from '../fastly/token.js'
import type { Notice } from '../report/catalogue.js'

/** What the step's gate enforces, from the inputs. */
export interface GatePolicy {
  failWithin: number | undefined
  warnWithin: number | undefined
  requireExpiry: boolean
  requiredScopes: Scope[]
  requiredServices: string[]
  /** The job revokes this token itself (revoke: now or post): "create a new one" is no advice for it. */
  revokedByThisJob?: boolean
  /** What this step asked for when it made the token: the made token must be no wider. */
  asked?: AskedLimits
}

export type CheckOutcome = 'pass' | 'warn' | 'fail'

/** One line of the gate's report: the summary shows each, the log too. */
export interface CheckResult {
  /** What the check is about; reporters decide by this, never by the display name. */
  kind: 'accepted' | 'as-asked' | 'expiry' | 'require-expiry' | 'scopes' | 'services'
  name: string
  outcome: CheckOutcome
  detail: string
}

export interface GateVerdict {
  status: 'valid' | 'expiring'
  passed: boolean
  expiry: ExpiryVerdict
  checks: CheckResult[]
  /** A warning annotation each (empty: none). */
  warnings: Notice[]
  /** What the step fails with (empty: the step passes). */
  failures: Notice[]
}

function tokenLabel(token: TokenFacts): string {
  return token.name !== null ? `'${token.name}' (${token.id})` : token.id
}

/**
 * Applies the gate's policy to a token Fastly accepted. Pure: `now` is passed
 * in, so the same token and clock always give the same verdict.
 */
export function evaluateToken(token: TokenFacts, policy: GatePolicy, now: Date): GateVerdict {
  const expiry = classifyExpiry(token.expiresAt, now, { failWithin: policy.failWithin, warnWithin: policy.warnWithin })
  const checks: CheckResult[] = [
    { kind: 'accepted', name: 'Accepted by Fastly', outcome: 'pass', detail: 'GET /tokens/self answered 200' },
  ]
  const warnings: Notice[] = []
  const failures: Notice[] = []
  const label = tokenLabel(token)

  if (policy.asked !== undefined) {
    const wider = widerThanAsked(token, policy.asked)
    checks.push({
      kind: 'as-asked',
      name: 'Made as asked (no wider)',
      outcome: wider.length === 0 ? 'pass' : 'fail',
      detail: wider.length === 0 ? 'scope, services and expiry as asked or narrower' : `wider: ${wider.join('; ')}`,
    })
    if (wider.length > 0)
      failures.push({
        key: 'made-token-wider-than-asked',
        message: `Fastly made the token for this job wider than asked: ${wider.join('; ')}. The step fails and leaves the token output empty, so no later step gets more than was asked; the post step still revokes it when revoke is auto or post (with revoke: never, revoke it by hand). Check new-token-scope, new-token-services and new-token-expires-in, and what Fastly allows this user.`,
      })
  }

  const expiryCheck = checkExpiry(token, expiry, policy, label)
  checks.push(expiryCheck.check)
  if (expiryCheck.notice !== undefined)
    (expiryCheck.check.outcome === 'fail' ? failures : warnings).push(expiryCheck.notice)

  if (policy.requireExpiry) {
    const ok = token.expiresAt !== null
    checks.push({
      kind: 'require-expiry',
      name: 'Has an expiry date (require-expiry)',
      outcome: ok ? 'pass' : 'fail',
      detail: ok ? 'yes' : 'no: the token never expires',
    })
    if (!ok)
      failures.push({
        key: 'token-never-expires',
        message: `The token ${label} never expires, and require-expiry is true. Create a token with an expiry date and store it in the secret.`,
      })
  }

  if (policy.requiredScopes.length > 0) {
    const missing = missingScopes(token.scopes, policy.requiredScopes)
    const has = token.scopes.length > 0 ? token.scopes.join(' ') : '(none)'
    checks.push({
      kind: 'scopes',
      name: `Scopes include ${policy.requiredScopes.join(', ')}`,
      outcome: missing.length === 0 ? 'pass' : 'fail',
      detail: missing.length === 0 ? `token has ${has}` : `missing ${missing.join(', ')}; token has ${has}`,
    })
    if (missing.length > 0) {
      failures.push({
        key: 'token-lacks-scope',
        message: `The token ${label} lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it has ${has}). ${
          policy.asked !== undefined
            ? `Ask for ${missing.length > 1 ? 'them' : 'it'} in new-token-scope (or for global).`
            : `Create a token with ${missing.length > 1 ? 'these scopes' : 'this scope'} or with global.`
        }`,
      })
    }
  }

  if (policy.requiredServices.length > 0) {
    const missing = missingServices(token.services, policy.requiredServices)
    const has = token.services.length === 0 ? 'all services' : token.services.join(', ')
    checks.push({
      kind: 'services',
      name: `Can act on ${policy.requiredServices.join(', ')}`,
      outcome: missing.length === 0 ? 'pass' : 'fail',
      detail:
        missing.length === 0
          ? `token is limited to ${has}`
          : `not on ${missing.join(', ')}; token is limited to ${has}`,
    })
    if (missing.length > 0) {
      failures.push({
        key: 'token-lacks-service',
        message: `The token ${label} cannot act on the service${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: it is limited to ${has}. ${
          policy.asked !== undefined
            ? `Add ${missing.length > 1 ? 'them' : 'it'} to new-token-services (or leave it empty for all services).`
            : `Create a token for ${missing.length > 1 ? 'these services' : 'this service'} or for all services.`
        }`,
      })
    }
  }

  const expiring = expiry.class === 'expired' || expiry.class === 'fail-window' || expiry.class === 'warn-window'
  return { status: expiring ? 'expiring' : 'valid', passed: failures.length === 0, expiry, checks, warnings, failures }
}

function checkExpiry(
  token: TokenFacts,
  expiry: ExpiryVerdict,
  policy: GatePolicy,
  label: string,
): { check: CheckResult; notice?: Notice } {
  const kind = 'expiry'
  const name = 'Expiry'
  if (expiry.class === 'never' || token.expiresAt === null) {
    return { check: { kind, name, outcome: 'pass', detail: 'never expires' } }
  }
  const when = formatUtc(token.expiresAt)
  const left = expiry.secondsLeft ?? 0
  if (expiry.class === 'ok') {
    return { check: { kind, name, outcome: 'pass', detail: `expires ${when}, in ${describeDuration(left)}` } }
  }
  const renew = policy.revokedByThisJob === true ? '' : ' Create a new token and update the secret.'
  if (expiry.class === 'expired') {
    const failing = policy.failWithin !== undefined
    const message = `The token ${label} expired at ${when}, ${describeDuration(left)} ago, although Fastly still accepted it.${renew}`
    return {
      check: { kind, name, outcome: failing ? 'fail' : 'warn', detail: `expired ${when}` },
      notice: { key: 'token-expired-but-accepted', message },
    }
  }
  if (expiry.class === 'fail-window') {
    const message = `The token ${label} expires at ${when}, in ${describeDuration(left)}, which is within fail-if-expires-within (${formatDuration(policy.failWithin ?? 0)}).${renew}`
    return {
      check: { kind, name, outcome: 'fail', detail: `expires ${when}, in ${describeDuration(left)}` },
      notice: { key: 'expires-within-fail-window', message },
    }
  }
  const message = `The token ${label} expires at ${when}, in ${describeDuration(left)}, which is within warn-if-expires-within (${formatDuration(policy.warnWithin ?? 0)}).${renew}`
  return {
    check: { kind, name, outcome: 'warn', detail: `expires ${when}, in ${describeDuration(left)}` },
    notice: { key: 'expires-within-warn-window', message },
  }
}
