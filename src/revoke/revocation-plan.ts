import type { TokenFacts } from '../fastly/token.js'
import type { Notice } from '../report/catalogue.js'
import type { VerifyReport } from '../verify/verify-report.js'

type RevokeMode = 'never' | 'now' | 'post'
/** What `revoke` accepts: `auto` is `post` for a token this step made, `never` for one it was given. */
type RevokeChoice = RevokeMode | 'auto'
export const REVOKE_CHOICES: readonly RevokeChoice[] = ['auto', 'never', 'now', 'post']

/** `revoke: auto` resolved: a token made for the job dies with it; a token given to the step is left alone. */
export function resolveRevokeMode(choice: RevokeChoice, madeForJob: boolean): RevokeMode {
  if (choice !== 'auto') return choice
  return madeForJob ? 'post' : 'never'
}

type IdsInput = 'revoke-token-ids' | 'revoke-token-ids-file'

/** An IDs file was named: a cleanup that finds it empty says so rather than pass in silence. */
export function namesIdsFile(request: Pick<RevocationRequest, 'idsFrom'>): boolean {
  return request.idsFrom?.includes('revoke-token-ids-file') === true
}

export interface RevocationRequest {
  mode: RevokeMode
  /** From `revoke-token-ids` and `revoke-token-ids-file`, already validated. */
  ids: string[]
  /** The inputs that named IDs, for the messages about them ('revoke-token-ids' when none is given). */
  idsFrom?: readonly IdsInput[]
  allowNonExpiring: boolean
  dryRun: boolean
  /** The current token was made by this step (`username`): revoking it surprises no one. */
  madeForJob: boolean
}

/**
 * What this step will revoke, decided before anything is sent. Revocation is
 * irreversible, so any doubt (an unverified token, the current token's own ID
 * in the list, a token that never expires) refuses the whole plan: nothing is
 * revoked, now or later.
 */
export interface RevocationPlan {
  revokeIds: string[]
  revokeSelfNow: boolean
  /** Record the token in state so the post step revokes it. */
  recordForPost: boolean
  /** Why nothing at all is revoked; the step fails with it. */
  refusal: Notice | undefined
  /** Why a revocation that was asked for is not needed; logged, not a failure. */
  notes: string[]
  /** What will probably go wrong, said before it is tried (a warning annotation). */
  warnings: Notice[]
}

const NOTHING: Omit<RevocationPlan, 'refusal' | 'notes'> = {
  revokeIds: [],
  revokeSelfNow: false,
  recordForPost: false,
  warnings: [],
}

/** Only global may manage tokens: Fastly refuses writes by global:read tokens, and token lists to purge-only ones. */
function lacksTokenWrites(scopes: readonly string[]): boolean {
  return scopes.length > 0 && !scopes.includes('global')
}

/** Fastly refuses writes by a token with global:read and without global (purge scopes beside it change nothing). */
function isReadOnly(scopes: readonly string[]): boolean {
  return scopes.includes('global:read') && !scopes.includes('global')
}

/** Whether the plan gives the revocation phase anything to do or to say. */
export function givesRevocationPhaseWork(plan: RevocationPlan): boolean {
  return plan.revokeIds.length > 0 || plan.revokeSelfNow || plan.notes.length > 0
}

export function planRevocations(report: VerifyReport, request: RevocationRequest): RevocationPlan {
  const plan = planFor(report, request)
  // The normal "nothing to clean" of a scheduled cleanup: said, whatever else the step does, so its reviewer
  // sees it looked.
  if (namesIdsFile(request) && request.ids.length === 0)
    return {
      ...plan,
      notes: [`No token IDs to revoke: ${idsFrom(request)} held none. Nothing was sent.`, ...plan.notes],
    }
  return plan
}

function planFor(report: VerifyReport, request: RevocationRequest): RevocationPlan {
  const wantsSelf = request.mode !== 'never'
  const wantsIds = request.ids.length > 0
  if (!wantsSelf && !wantsIds) return { ...NOTHING, refusal: undefined, notes: [] }
  if (request.madeForJob && wantsSelf) return planWithMadeToken(report, request)

  if (report.status === 'invalid') {
    // Fastly already refuses this token, so it cannot revoke anything either.
    const notes = []
    if (wantsSelf) notes.push('Fastly already rejects the current token, so there is nothing to revoke.')
    if (wantsIds)
      notes.push(
        `Not revoking the ${request.ids.length} token ID(s) from ${idsFrom(request)}: Fastly rejects the token this step would revoke them with.`,
      )
    return { ...NOTHING, refusal: undefined, notes }
  }

  if (report.status === 'error') {
    if (request.mode === 'post' && !wantsIds) {
      // No verdict now; the post step verifies the token itself and applies the same rules.
      return {
        ...NOTHING,
        recordForPost: true,
        refusal: undefined,
        notes: ['The token could not be verified now; the post step will verify it before revoking.'],
      }
    }
    return {
      ...NOTHING,
      refusal: {
        key: 'revoke-unverified-refused',
        message: `Nothing was revoked: without an answer from Fastly this step cannot tell which token it holds, its expiry, or whether ${idsFrom(request)} includes it.`,
      },
      notes: [],
    }
  }

  const { token } = report
  if (wantsIds && request.ids.includes(token.id)) {
    return {
      ...NOTHING,
      refusal: {
        key: 'revoke-ids-include-current',
        message: `Input ${idsFrom(request)} includes ${token.id}, the token this step runs on. Nothing was revoked. To revoke the current token use 'revoke: now' or 'revoke: post' instead.`,
      },
      notes: [],
    }
  }
  if (wantsIds && lacksTokenWrites(token.scopes)) {
    return {
      ...NOTHING,
      refusal: {
        key: 'revoke-ids-need-global',
        message:
          `Refusing to revoke the ${request.ids.length} token ID(s) from ${idsFrom(request)}: the token ${tokenLabel(token)} has the scope ${token.scopes.join(' ')}, ` +
          'and revoking other tokens needs a token with the global scope (Fastly refuses writes by read-only tokens and token management by purge-only ones). Nothing was revoked; run this step with a global token.',
      },
      notes: [],
    }
  }
  if (wantsSelf && token.expiresAt === null && !request.allowNonExpiring) {
    return {
      ...NOTHING,
      refusal: {
        key: 'revoke-non-expiring-refused',
        message:
          `Refusing 'revoke: ${request.mode}': the token ${tokenLabel(token)} never expires, which almost always means a long-lived secret that other workflows share. ` +
          'Nothing was revoked, now or later. If you really mean to revoke it, set allow-revoke-non-expiring: true.',
      },
      notes: [],
    }
  }
  const warnings: Notice[] =
    wantsSelf && isReadOnly(token.scopes)
      ? [
          {
            key: 'revoke-read-only-token',
            message: `'revoke: ${request.mode}' with the read-only (global:read) token ${tokenLabel(token)}: Fastly refuses writes by read-only tokens, including its own revocation, so it will most likely stay valid until it expires. Use a token with the global scope for tokens that a job revokes.`,
          },
        ]
      : []
  return {
    revokeIds: request.ids,
    revokeSelfNow: request.mode === 'now',
    recordForPost: request.mode === 'post',
    refusal: undefined,
    notes: [],
    warnings,
  }
}

/** "'revoke-token-ids'", "'revoke-token-ids-file'" or both, as messages name where the IDs came from. */
function idsFrom(request: RevocationRequest): string {
  const inputs = request.idsFrom !== undefined && request.idsFrom.length > 0 ? request.idsFrom : ['revoke-token-ids']
  return inputs.map((input) => `'${input}'`).join(' or ')
}

function tokenLabel(token: TokenFacts): string {
  return token.name !== null ? `'${token.name}' (${token.id})` : token.id
}

/**
 * The current token was made by this step, minutes ago, for this job alone:
 * it is revoked as asked whatever Fastly says of it now (an answer that does
 * not come, a 403 on a narrow scope, an expiry Fastly did not set), because
 * keeping it alive is the surprise. The IDs of `revoke-token-ids` follow the
 * usual rules, and a refusal of them leaves this token's revocation standing.
 */
function planWithMadeToken(report: VerifyReport, request: RevocationRequest): RevocationPlan {
  const forIds = planFor(report, { ...request, mode: 'never', madeForJob: false })
  const notes = [...forIds.notes]
  if (forIds.refusal !== undefined)
    notes.push(
      `The token made for this job is still revoked ${request.mode === 'now' ? 'in this step' : 'by the post step'}.`,
    )
  const token = report.status === 'valid' || report.status === 'expiring' ? report.token : undefined
  const warnings = [...forIds.warnings]
  if (request.mode !== 'never' && token !== undefined && isReadOnly(token.scopes)) {
    warnings.push({
      key: 'revoke-read-only-made-token',
      message: `The token made for this job has the read-only scope ${token.scopes.join(' ')}, and Fastly refuses writes by read-only tokens, its own revocation included: it will most likely stay valid until it expires. Make it with a global scope (new-token-scope) if the job must revoke it.`,
    })
  }
  return {
    revokeIds: forIds.revokeIds,
    revokeSelfNow: request.mode === 'now',
    recordForPost: request.mode === 'post',
    refusal: forIds.refusal,
    notes,
    warnings,
  }
}
