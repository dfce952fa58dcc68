import { parseApiUrl } from './core/api-url.js'
import { parseDuration, parseOptionalDuration } from './core/duration.js'
import { InputError, quoteValue } from './core/input-error.js'
import { parseBoolean, parseChoice, parseInteger } from './core/input-values.js'
import { parseRequiredScopes, parseRequiredServices } from './core/permissions.js'
import { REVOKE_MODES, type RevocationRequest } from './core/revocation-plan.js'
import { parseTokenIds } from './core/token-ids.js'
import { workflowRunUrl } from './core/summary.js'
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
    throw new InputError('api-token', `The Fastly API token in ${source} contains whitespace or control characters inside it. Copy the token again into the secret, without line breaks or spaces.`)
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

export function readSettings(getInput: InputReader, env: Environment): Settings {
  const warnRaw = getInput('warn-if-expires-within')
  return {
    token: readToken(getInput, env),
    apiUrl: parseApiUrl('api-url', getInput('api-url')),
    policy: {
      failWithin: parseOptionalDuration('fail-if-expires-within', getInput('fail-if-expires-within')),
      warnWithin: parseOptionalDuration('warn-if-expires-within', warnRaw),
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
      ids: parseTokenIds('revoke-token-ids', getInput('revoke-token-ids')),
      allowNonExpiring: parseBoolean('allow-revoke-non-expiring', getInput('allow-revoke-non-expiring') || 'false'),
      dryRun: parseBoolean('dry-run', getInput('dry-run') || 'false'),
      failOnError: parseBoolean('fail-on-revoke-error', getInput('fail-on-revoke-error') || 'false'),
    },
  }
}
