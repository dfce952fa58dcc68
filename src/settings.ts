import { readFileSync } from 'node:fs'
import { parseApiUrl } from './core/api-url.js'
import { AUDIT_MODES, type AuditMode, type AuditPolicy, parseAuditFlags } from './core/audit.js'
import { parseDuration, parseOptionalDuration } from './core/duration.js'
import { InputError, quoteValue } from './core/input-error.js'
import { parseBoolean, parseChoice, parseInteger } from './core/input-values.js'
import { FASTLY_ID, parseRequiredScopes, parseRequiredServices } from './core/permissions.js'
import { REVOKE_MODES, type RevocationRequest } from './core/revocation-plan.js'
import { parseTokenIds } from './core/token-ids.js'
import type { GatePolicy } from './core/verdict.js'

/** Reads one input by its action.yml name; '' when unset. */
export type InputReader = (name: string) => string
export type Environment = Record<string, string | undefined>

/** Everything the action was asked to do, validated. Nothing else reads inputs. */
export interface Settings {
  token: string
  apiUrl: string
  policy: GatePolicy
  jobSummary: boolean
  timeoutMs: number
  maxRetries: number
  runUrl: string | undefined
  revocation: RevocationRequest & { failOnError: boolean }
  audit: AuditSettings
}

export interface AuditSettings {
  mode: AuditMode
  /** Empty: the current token's customer. */
  customerId: string
  policy: AuditPolicy
  githubIssue: boolean
  /** Empty: the audit mode and the customer or user ID. */
  issueKey: string
  githubToken: string
}

/** Upper bound for `max-retries`: with backoff, more would only keep a broken job alive longer. */
export const MAX_RETRIES_LIMIT = 10
/** Bounds for `timeout`. Below a second real requests fail; above an hour a hung job is the likelier story. */
export const MIN_TIMEOUT_SECONDS = 1
export const MAX_TIMEOUT_SECONDS = 3600

/**
 * The token as given, before any check: the entry masks it with this value
 * before anything else can be printed.
 */
export function tokenCandidate(getInput: InputReader, env: Environment): string {
  const fromInput = getInput('api-token').trim()
  return fromInput !== '' ? fromInput : (env.FASTLY_API_TOKEN ?? '').trim()
}

function readToken(getInput: InputReader, env: Environment): string {
  const token = tokenCandidate(getInput, env)
  if (token === '') {
    throw new InputError(
      'api-token',
      "No Fastly API token: the input 'api-token' is empty and FASTLY_API_TOKEN is not set. Pass the secret to the step with\n" +
        '  with:\n    api-token: ${{ secrets.FASTLY_API_TOKEN }}\n' +
        'If the secret is set, note that GitHub does not pass secrets to workflows run from forks or by Dependabot.',
    )
  }
  // Whitespace or control characters mean a paste went wrong; the value is never echoed.
  if (/[\s\p{Cc}]/u.test(token)) {
    const source = getInput('api-token').trim() !== '' ? "input 'api-token'" : 'FASTLY_API_TOKEN'
    throw new InputError(
      'api-token',
      `The Fastly API token in ${source} contains whitespace or control characters inside it. Copy the token again into the secret, without line breaks or spaces.`,
    )
  }
  return token
}

function readTimeout(getInput: InputReader): number {
  const raw = getInput('timeout')
  const seconds = parseDuration('timeout', raw === '' ? '30s' : raw)
  if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
    throw new InputError('timeout', `Input 'timeout' has ${quoteValue(raw)}, which is outside 1s to 1h. Use for example 30s.`)
  }
  return seconds * 1000
}

/** IDs from `revoke-token-ids` and the file `revoke-token-ids-file` names, in that order, without repeats. */
function readRevokeIds(getInput: InputReader): string[] {
  const ids = parseTokenIds('revoke-token-ids', getInput('revoke-token-ids'))
  const path = getInput('revoke-token-ids-file').trim()
  if (path === '') return ids
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new InputError(
      'revoke-token-ids-file',
      `Input 'revoke-token-ids-file' names ${quoteValue(path)}, which cannot be read (${code}). Give the path of a file of token IDs (a JSON array or one a line) written by an earlier step.`,
    )
  }
  return [...new Set([...ids, ...parseTokenIds('revoke-token-ids-file', text)])]
}

function readAudit(getInput: InputReader, warnWithin: number | undefined): AuditSettings {
  const customerId = getInput('customer-id').trim()
  if (customerId !== '' && !FASTLY_ID.test(customerId)) {
    throw new InputError('customer-id', `Input 'customer-id' has ${quoteValue(customerId)}, which is not a Fastly customer ID (letters and digits only).`)
  }
  const githubIssue = parseBoolean('github-issue', getInput('github-issue') || 'false')
  const githubToken = getInput('github-token').trim()
  if (githubIssue && githubToken === '') {
    throw new InputError(
      'github-token',
      "Input 'github-issue' is true but 'github-token' is empty. Leave github-token at its default (${{ github.token }}) and give the job 'permissions: issues: write'.",
    )
  }
  return {
    mode: parseChoice('audit', getInput('audit') || 'none', AUDIT_MODES),
    customerId,
    policy: {
      warnWithin,
      staleAfter: parseDuration('stale-after', getInput('stale-after') || '90d'),
      failOn: parseAuditFlags('audit-fail-on', getInput('audit-fail-on')),
      includeSessionTokens: parseBoolean('include-session-tokens', getInput('include-session-tokens') || 'false'),
    },
    githubIssue,
    issueKey: getInput('issue-key').trim(),
    githubToken,
  }
}

export function readSettings(getInput: InputReader, env: Environment): Settings {
  const warnRaw = getInput('warn-if-expires-within')
  const warnWithin = parseOptionalDuration('warn-if-expires-within', warnRaw)
  return {
    token: readToken(getInput, env),
    apiUrl: parseApiUrl('api-url', getInput('api-url')),
    policy: {
      failWithin: parseOptionalDuration('fail-if-expires-within', getInput('fail-if-expires-within')),
      warnWithin,
      requireExpiry: parseBoolean('require-expiry', getInput('require-expiry') || 'false'),
      requiredScopes: parseRequiredScopes('required-scopes', getInput('required-scopes')),
      requiredServices: parseRequiredServices('required-services', getInput('required-services')),
    },
    jobSummary: parseBoolean('job-summary', getInput('job-summary') || 'true'),
    timeoutMs: readTimeout(getInput),
    maxRetries: parseInteger('max-retries', getInput('max-retries') || '3', 0, MAX_RETRIES_LIMIT),
    runUrl: workflowRunUrl(env),
    revocation: {
      mode: parseChoice('revoke', getInput('revoke') || 'never', REVOKE_MODES),
      ids: readRevokeIds(getInput),
      allowNonExpiring: parseBoolean('allow-revoke-non-expiring', getInput('allow-revoke-non-expiring') || 'false'),
      dryRun: parseBoolean('dry-run', getInput('dry-run') || 'false'),
      failOnError: parseBoolean('fail-on-revoke-error', getInput('fail-on-revoke-error') || 'false'),
    },
    audit: readAudit(getInput, warnWithin),
  }
}

/** The run's page, from the variables the runner sets; undefined outside a runner. */
export function workflowRunUrl(env: Record<string, string | undefined>): string | undefined {
  const server = env.GITHUB_SERVER_URL
  const repository = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!server || !repository || !runId) return undefined
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`
}
