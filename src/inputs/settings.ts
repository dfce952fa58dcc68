import { readFileSync } from 'node:fs'
import type { AuditMode, AuditPolicy } from '../audit/classify.js'
import type { RevocationRequest } from '../revoke/revocation-plan.js'
import type { GatePolicy } from '../verify/verdict.js'
import { InputError, quoteValue } from './input-error.js'
import { type InputReader, readInputs } from './input-table.js'
import { parseTokenIdsFile } from './token-ids.js'

export type Environment = Record<string, string | undefined>

/** Everything the main step was asked to do, validated: the one result of reading the inputs. */
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

interface AuditSettings {
  mode: AuditMode
  /** Empty: the current token's customer. */
  customerId: string
  policy: AuditPolicy
  githubIssue: boolean
  /** Empty: the audit mode and the customer or user ID. */
  issueKey: string
  githubToken: string
}

/**
 * The token as given, before any check: the step masks it with this value
 * before anything else can be printed. The post step reads it the same way.
 */
export function tokenCandidate(getInput: InputReader, env: Environment): string {
  const fromInput = getInput('api-token').trim()
  return fromInput !== '' ? fromInput : (env.FASTLY_API_TOKEN ?? '').trim()
}

function checkToken(token: string, source: string): string {
  if (token === '') {
    throw new InputError(
      'api-token',
      "No Fastly API token: the input 'api-token' is empty and FASTLY_API_TOKEN is not set. Pass the secret to the step with 'api-token: ${{ secrets.FASTLY_API_TOKEN }}' under 'with:'. " +
        'If the secret is set, note that GitHub does not pass secrets to workflows run from forks or by Dependabot.',
    )
  }
  // Whitespace or control characters mean a paste went wrong; the value is never echoed.
  if (/[\s\p{Cc}]/u.test(token)) {
    throw new InputError(
      'api-token',
      `The Fastly API token in ${source} contains whitespace or control characters inside it. Copy the token again into the secret, without line breaks or spaces.`,
    )
  }
  return token
}

/** IDs from the file `revoke-token-ids-file` names. */
function readIdsFile(path: string): string[] {
  if (path === '') return []
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
  return parseTokenIdsFile('revoke-token-ids-file', text)
}

/** Reads every input once, with the cross-input rules that no single input can check. */
export function readSettings(getInput: InputReader, env: Environment): Settings {
  const inputs = readInputs(getInput)
  const token = checkToken(
    tokenCandidate(getInput, env),
    inputs['api-token'] !== '' ? "input 'api-token'" : 'FASTLY_API_TOKEN',
  )
  if (inputs['github-issue'] && inputs['github-token'] === '') {
    throw new InputError(
      'github-token',
      "Input 'github-issue' is true but 'github-token' is empty. Leave github-token at its default (${{ github.token }}) and give the job 'permissions: issues: write'.",
    )
  }
  const warnWithin = inputs['warn-if-expires-within']
  return {
    token,
    apiUrl: inputs['api-url'],
    policy: {
      failWithin: inputs['fail-if-expires-within'],
      warnWithin,
      requireExpiry: inputs['require-expiry'],
      requiredScopes: inputs['required-scopes'],
      requiredServices: inputs['required-services'],
    },
    jobSummary: inputs['job-summary'],
    timeoutMs: inputs.timeout,
    maxRetries: inputs['max-retries'],
    runUrl: workflowRunUrl(env),
    revocation: {
      mode: inputs.revoke,
      // In that order, without repeats.
      ids: [...new Set([...inputs['revoke-token-ids'], ...readIdsFile(inputs['revoke-token-ids-file'])])],
      allowNonExpiring: inputs['allow-revoke-non-expiring'],
      dryRun: inputs['dry-run'],
      failOnError: inputs['fail-on-revoke-error'],
    },
    audit: {
      mode: inputs.audit,
      customerId: inputs['customer-id'],
      policy: {
        warnWithin,
        staleAfter: inputs['stale-after'],
        failOn: inputs['audit-fail-on'],
        includeSessionTokens: inputs['include-session-tokens'],
      },
      githubIssue: inputs['github-issue'],
      issueKey: inputs['issue-key'],
      githubToken: inputs['github-token'],
    },
  }
}

/** The run's page, from the variables the runner sets; undefined outside a runner. */
export function workflowRunUrl(env: Environment): string | undefined {
  const server = env.GITHUB_SERVER_URL
  const repository = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!server || !repository || !runId) return undefined
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`
}
