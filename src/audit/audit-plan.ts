import type { TokenFacts } from '../fastly/token.js'
import type { Notice } from '../report/catalogue.js'
import type { AuditScope } from './classify.js'

/** What an audit lists, or why it cannot start. */
type AuditPlan =
  | {
      scope: AuditScope
      /** `audit: customer`: whether the automation list is the audited customer's (it is always the token's own). */
      withAutomation: boolean
      warnings: Notice[]
    }
  | { problem: Notice }

/**
 * Whose tokens the audit lists, from the mode, the verified token and the
 * customer-id input; or one sentence saying why it cannot. Nothing is asked of
 * Fastly before this is decided.
 */
export function planAudit(mode: AuditScope['mode'], token: TokenFacts, customerIdInput: string): AuditPlan {
  if (mode === 'user') {
    if (token.userId !== null) return { scope: { mode, subjectId: token.userId }, withAutomation: false, warnings: [] }
    if (token.kind === 'automation')
      return {
        problem: {
          key: 'audit-failed',
          message:
            "The token audit cannot run: 'audit: user' lists the tokens of the token's own user, and this is an automation token, which belongs to the account, not to a user. Use 'audit: automation' for the customer's automation tokens or 'audit: customer' for all of its tokens.",
        },
      }
    return {
      problem: {
        key: 'audit-failed',
        message: "The token audit cannot run: Fastly's answer for the token has no user_id.",
      },
    }
  }
  const own = token.customerId
  if (mode === 'automation' && customerIdInput !== '' && own !== null && customerIdInput !== own) {
    return {
      problem: {
        key: 'input-not-valid',
        message: `Input 'customer-id' names ${customerIdInput}, but 'audit: automation' lists the automation tokens of the token's own customer (${own}): Fastly's GET /automation-tokens takes no customer. Leave customer-id empty, or audit with a token of customer ${customerIdInput}.`,
      },
    }
  }
  const subjectId = customerIdInput || own
  if (subjectId === null)
    return {
      problem: {
        key: 'audit-failed',
        message:
          "The token audit cannot run: Fastly's answer for the token has no customer_id; set the input 'customer-id'.",
      },
    }
  if (mode === 'automation') return { scope: { mode, subjectId }, withAutomation: true, warnings: [] }
  const withAutomation = own === null || own === subjectId
  const warnings: Notice[] = withAutomation
    ? []
    : [
        {
          key: 'audit-automation-not-audited',
          message: `The automation tokens of customer ${subjectId} were not audited: Fastly's GET /automation-tokens lists only those of the token's own customer (${own}). Audit them with a token of customer ${subjectId}.`,
        },
      ]
  return { scope: { mode, subjectId }, withAutomation, warnings }
}
