/**
 * Inputs that do nothing in the mode the workflow chose: each gets a warning
 * that names it and says what would make it count, so a typo'd or forgotten
 * mode never passes silently. Pure: it reads the raw inputs and the parsed ones.
 */
import type { Notice } from '../report/catalogue.js'
import { resolveRevokeMode } from '../revoke/revocation-plan.js'
import { INPUTS, type InputName, type InputValues } from './input-table.js'

interface Rule {
  input: InputName
  /** True when the input has an effect with these settings. */
  counts: (values: InputValues) => boolean
  /** What would make it count. */
  fix: string
}

const audits = (values: InputValues) => values.audit !== 'none'
/** revoke: now or post; auto means post only for a token the step makes (username). */
const revokesCurrent = (values: InputValues) => resolveRevokeMode(values.revoke, values.username !== '') !== 'never'
const revokesIds = (values: InputValues) =>
  values['revoke-token-ids'].length > 0 || values['revoke-token-ids-file'] !== ''
const revokes = (values: InputValues) => revokesCurrent(values) || revokesIds(values)

const REVOKE_SOMETHING =
  "set 'revoke' to now or post, or give token IDs to revoke ('revoke-token-ids' or 'revoke-token-ids-file')"

const RULES: Rule[] = [
  { input: 'audit-fail-on', counts: audits, fix: "set 'audit' to user, automation or customer" },
  { input: 'github-issue', counts: audits, fix: "set 'audit' to user, automation or customer" },
  // A cleanup's summary shows each revoked token's category, stale included.
  {
    input: 'stale-after',
    counts: (values) => audits(values) || revokesIds(values),
    fix: "set 'audit' to user, automation or customer, or give token IDs to revoke ('revoke-token-ids' or 'revoke-token-ids-file')",
  },
  { input: 'include-session-tokens', counts: audits, fix: "set 'audit' to user, automation or customer" },
  // A cleanup by ID lists the customer's tokens too (when Fastly's answer for the token names no customer).
  {
    input: 'customer-id',
    counts: (values) => values.audit === 'customer' || revokesIds(values),
    fix: "set 'audit' to customer, or give token IDs to revoke",
  },
  {
    input: 'issue-key',
    counts: (values) => audits(values) && values['github-issue'],
    fix: "set 'github-issue' to true",
  },
  {
    input: 'allow-revoke-non-expiring',
    counts: (values) => values.revoke === 'now' || values.revoke === 'post',
    fix: "set 'revoke' to now or post",
  },
  { input: 'dry-run', counts: revokes, fix: REVOKE_SOMETHING },
  { input: 'fail-on-revoke-error', counts: revokes, fix: REVOKE_SOMETHING },
]

/** One warning per input the workflow set (to anything but its default) that has no effect. */
export function unusedInputWarnings(getInput: (name: string) => string, values: InputValues): Notice[] {
  return RULES.filter((rule) => {
    const raw = getInput(rule.input).trim()
    return raw !== '' && raw !== INPUTS[rule.input].default && !rule.counts(values)
  }).map((rule) => ({
    key: 'input-has-no-effect',
    message: `Input '${rule.input}' has no effect here: ${rule.fix} for it to count, or remove it.`,
  }))
}
