import { tokenIdProblem } from '../fastly/token-id.js'
import type { TokenFacts, TokenKind } from '../fastly/token.js'

/**
 * Flags, most urgent first; a token's category is its most urgent flag.
 * `unreadable-expiry`: Fastly's expires_at is there but is no time; it may
 * have expired or never expire, so it is never counted as either.
 */
export const AUDIT_FLAGS = ['expired', 'unreadable-expiry', 'expiring', 'stale', 'no-expiry'] as const
export type AuditFlag = (typeof AUDIT_FLAGS)[number]
type AuditCategory = AuditFlag | 'ok'
export const AUDIT_CATEGORIES: readonly AuditCategory[] = [...AUDIT_FLAGS, 'ok']

/** How a category reads in a summary table. */
export const CATEGORY_LABEL: Record<AuditCategory, string> = {
  expired: '⛔ expired',
  'unreadable-expiry': '❓ unreadable expiry',
  expiring: '⏳ expiring',
  stale: '💤 stale',
  'no-expiry': '♾️ no expiry',
  ok: '✅ ok',
}

/**
 * Whose tokens an audit lists: the token's user's (`GET /tokens`), the
 * customer's automation tokens (`GET /automation-tokens`), or every token of
 * the customer (both kinds: the customer's list and the automation list).
 */
export type AuditMode = 'none' | 'user' | 'automation' | 'customer'
export const AUDIT_MODES: readonly AuditMode[] = ['none', 'user', 'automation', 'customer']

export interface AuditScope {
  mode: Exclude<AuditMode, 'none'>
  /** The customer or user whose tokens were listed. */
  subjectId: string
}

/** "12 tokens of user U1", "250 automation tokens of customer C1", "1 token of customer C1". */
export function countTokensOf(scope: AuditScope, count: number): string {
  const noun = `${scope.mode === 'automation' ? 'automation ' : ''}token${count === 1 ? '' : 's'}`
  return `${count} ${noun} of ${scope.mode === 'user' ? 'user' : 'customer'} ${scope.subjectId}`
}

export interface AuditPolicy {
  /** Seconds; the gate's warn window. 0 or undefined: nothing is "expiring". */
  warnWithin: number | undefined
  /** Seconds without use (or since creation, if never used) after which a token is stale. */
  staleAfter: number
  /** Flags that fail the step; empty: report only. */
  failOn: AuditFlag[]
  includeSessionTokens: boolean
  /**
   * The token the audit runs with was made by this step for the job: it is listed, but never needs a person
   * (it expires within the hour and the job revokes it), so it never fails the audit or opens the issue.
   */
  currentMadeForJob?: boolean
}

export interface AuditEntry {
  token: TokenFacts
  /** Shared between tokens: never modify. */
  flags: readonly AuditFlag[]
  category: AuditCategory
  /** The token the audit runs on: listed, but never in an ID list. */
  current: boolean
}

export interface AuditResult {
  /** Sorted by urgency: category, then soonest expiry. */
  entries: AuditEntry[]
  sessionTokensLeftOut: number
  counts: Record<AuditCategory, number>
  /** Audited tokens of each kind. */
  countsByKind: Record<TokenKind, number>
  /** Per flag, the IDs of tokens other than the current one, in urgency order. */
  idsByFlag: Record<AuditFlag, string[]>
  /** Flagged in a category of audit-fail-on, or any flag when audit-fail-on is empty. */
  needsAttention: AuditEntry[]
  /** Flagged in a category of audit-fail-on: these fail the step. */
  failing: AuditEntry[]
}

/** Every combination of flags, built once: 100,000 tokens share these 32 arrays instead of owning one each. */
const FLAG_SETS: ReadonlyArray<readonly AuditFlag[]> = Array.from({ length: 1 << AUDIT_FLAGS.length }, (_, mask) =>
  Object.freeze(AUDIT_FLAGS.filter((_, bit) => (mask & (1 << bit)) !== 0)),
)
const BIT = Object.fromEntries(AUDIT_FLAGS.map((flag, bit) => [flag, 1 << bit])) as Record<AuditFlag, number>

/** The flags of one token at `now`, most urgent first (so the first is its category). Never modify the array. */
export function flagToken(
  token: TokenFacts,
  now: Date,
  policy: Pick<AuditPolicy, 'warnWithin' | 'staleAfter'>,
): readonly AuditFlag[] {
  let mask = 0
  const nowMs = now.getTime()
  if (token.unreadableExpiry !== null) {
    mask |= BIT['unreadable-expiry']
  } else if (token.expiresAt !== null) {
    const left = token.expiresAt - nowMs
    if (left <= 0) mask |= BIT.expired
    else if (policy.warnWithin !== undefined && policy.warnWithin > 0 && left <= policy.warnWithin * 1000)
      mask |= BIT.expiring
  } else {
    mask |= BIT['no-expiry']
  }
  // Never used: judge by age instead. Neither date known: no evidence of staleness.
  const lastSign = token.lastUsedAt ?? token.createdAt
  if (lastSign !== null && nowMs - lastSign > policy.staleAfter * 1000) mask |= BIT.stale
  return FLAG_SETS[mask]!
}

const RANK = Object.fromEntries(AUDIT_CATEGORIES.map((category, rank) => [category, rank])) as Record<
  AuditCategory,
  number
>

/**
 * Urgency: category, then soonest expiry (never last); ties keep Fastly's
 * order (the sort is stable). Numeric keys are computed once, not per
 * comparison: this sort dominates audits of 100,000 tokens.
 */
function sortByUrgency(entries: AuditEntry[]): AuditEntry[] {
  const rank = new Float64Array(entries.length)
  const expires = new Float64Array(entries.length)
  entries.forEach((entry, i) => {
    rank[i] = RANK[entry.category]
    expires[i] = entry.token.expiresAt ?? Number.MAX_VALUE
  })
  const order = Array.from({ length: entries.length }, (_, i) => i)
  order.sort((a, b) => rank[a]! - rank[b]! || expires[a]! - expires[b]!)
  return order.map((i) => entries[i]!)
}

/** Classifies a list of tokens. Pure and linear apart from one sort, so 100,000 tokens stay fast. */
export function auditTokens(
  tokens: readonly TokenFacts[],
  currentTokenId: string,
  policy: AuditPolicy,
  now: Date,
): AuditResult {
  const unsorted: AuditEntry[] = []
  let sessionTokensLeftOut = 0
  for (const token of tokens) {
    if (!policy.includeSessionTokens && token.kind === 'browser-session') {
      sessionTokensLeftOut += 1
      continue
    }
    const flags = flagToken(token, now, policy)
    unsorted.push({ token, flags, category: flags[0] ?? 'ok', current: token.id === currentTokenId })
  }
  const entries = sortByUrgency(unsorted)

  const counts = Object.fromEntries(AUDIT_CATEGORIES.map((category) => [category, 0])) as Record<AuditCategory, number>
  const countsByKind: Record<TokenKind, number> = { user: 0, automation: 0, 'browser-session': 0 }
  const idsByFlag = Object.fromEntries(AUDIT_FLAGS.map((flag) => [flag, []])) as unknown as Record<AuditFlag, string[]>
  const needsAttention: AuditEntry[] = []
  const failing: AuditEntry[] = []
  for (const entry of entries) {
    counts[entry.category] += 1
    countsByKind[entry.token.kind] += 1
    // The ID lists are ready for revoke-token-ids: an ID it would refuse (one odd ID from a hostile list) is left
    // out rather than block a whole cleanup; the token still shows in the tokens output and the audit file.
    if (!entry.current && tokenIdProblem(entry.token.id) === undefined)
      for (const flag of entry.flags) idsByFlag[flag].push(entry.token.id)
    const exempt = entry.current && policy.currentMadeForJob === true
    const fails = !exempt && policy.failOn.length > 0 && entry.flags.some((flag) => policy.failOn.includes(flag))
    if (fails) failing.push(entry)
    if (policy.failOn.length === 0 ? !exempt && entry.flags.length > 0 : fails) needsAttention.push(entry)
  }
  return { entries, sessionTokensLeftOut, counts, countsByKind, idsByFlag, needsAttention, failing }
}
