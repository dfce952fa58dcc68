import { readFileSync } from 'node:fs'
import type { AuditMode, AuditPolicy } from '../audit/classify.js'
import { defaultTokenName } from '../mint/mint-request.js'
import { type RevocationRequest, resolveRevokeMode } from '../revoke/revocation-plan.js'
import type { Scope } from '../verify/permissions.js'
import type { GatePolicy } from '../verify/verdict.js'
import { InputError, quoteValue } from './input-error.js'
import { INPUTS, type InputReader, readInputs } from './input-table.js'
import { parseTokenIds } from './token-ids.js'
import { unusedInputWarnings } from './unused-inputs.js'

export type Environment = Record<string, string | undefined>

/** Everything the main step was asked to do, validated: the one result of reading the inputs. */
export interface Settings {
  /** The token to verify; empty when this step makes one (`mint`), until it has. */
  token: string
  /** Set when `username` is: the step makes the token it verifies. */
  mint: MintSettings | undefined
  apiUrl: string
  policy: GatePolicy
  jobSummary: boolean
  timeoutMs: number
  maxRetries: number
  runUrl: string | undefined
  revocation: RevocationRequest & { failOnError: boolean }
  audit: AuditSettings
  /** Inputs set for a mode that is off: a warning each. */
  warnings: string[]
}

/** How to make the job's token: whose, called what, allowed what, for how long. */
export interface MintSettings {
  username: string
  password: string
  /** Base32, normalised; undefined when the user has no two-factor authentication. */
  otpSecret: string | undefined
  name: string
  scopes: Scope[]
  /** Empty: all services. */
  services: string[]
  lifetimeSeconds: number
}

/** The inputs that only mean something when the step makes a token. */
const MINT_ONLY_INPUTS = [
  'password',
  'otp-secret',
  'new-token-name',
  'new-token-scope',
  'new-token-services',
  'new-token-expires-in',
] as const

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
      "No Fastly API token: the input 'api-token' is empty and FASTLY_API_TOKEN is not set. Pass the secret to the step with\n" +
        '  with:\n    api-token: ${{ secrets.FASTLY_API_TOKEN }}\n' +
        'If the secret is set, note that GitHub does not pass secrets to workflows run from forks or by Dependabot. ' +
        'To make a token for the job instead, set username and password.',
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
  return parseTokenIds('revoke-token-ids-file', text)
}

/**
 * The rules between the mint inputs: `username` turns minting on and needs
 * `password`; one token per step, so `api-token` must then be empty; and the
 * other mint inputs set without `username` are a mistake, not something to ignore.
 */
function checkMintInputs(getInput: InputReader, minting: boolean, apiToken: string): void {
  if (minting) {
    if (getInput('password').trim() === '') {
      throw new InputError(
        'password',
        "Input 'username' is set, so this step makes a token for the job, but 'password' is empty. Pass the user's password from a secret: password: ${{ secrets.FASTLY_PASSWORD }}. GitHub does not pass secrets to workflows run from forks or by Dependabot.",
      )
    }
    if (apiToken !== '') {
      throw new InputError(
        'api-token',
        "Inputs 'username' and 'api-token' are both set, but a step works with one token: with username it makes its own. Remove api-token to make a token for this job, or remove username, password and otp-secret to check the token you pass.",
      )
    }
    return
  }
  for (const name of MINT_ONLY_INPUTS) {
    const raw = getInput(name).trim()
    if (raw !== '' && raw !== INPUTS[name].default) {
      throw new InputError(
        name,
        `Input '${name}' is set, but 'username' is empty, and ${name} is used only when this step makes a token for the job. Set username (and password) to make one, or remove ${name}. If username comes from a secret, note that GitHub does not pass secrets to workflows run from forks or by Dependabot.`,
      )
    }
  }
}

/** Reads every input once, with the cross-input rules that no single input can check. */
export function readSettings(getInput: InputReader, env: Environment): Settings {
  const inputs = readInputs(getInput)
  const minting = inputs.username !== ''
  checkMintInputs(getInput, minting, inputs['api-token'])
  const token = minting
    ? ''
    : checkToken(tokenCandidate(getInput, env), inputs['api-token'] !== '' ? "input 'api-token'" : 'FASTLY_API_TOKEN')
  // Only where the issue is made: github-issue without an audit is a no-op, warned about below.
  if (inputs['github-issue'] && inputs.audit !== 'none' && inputs['github-token'] === '') {
    throw new InputError(
      'github-token',
      "Input 'github-issue' is true but 'github-token' is empty. Leave github-token at its default (${{ github.token }}) and give the job 'permissions: issues: write'.",
    )
  }
  const warnWithin = inputs['warn-if-expires-within']
  return {
    token,
    mint: minting
      ? {
          username: inputs.username,
          password: inputs.password,
          otpSecret: inputs['otp-secret'],
          name: inputs['new-token-name'] !== '' ? inputs['new-token-name'] : defaultTokenName(env),
          scopes: inputs['new-token-scope'],
          services: inputs['new-token-services'],
          lifetimeSeconds: inputs['new-token-expires-in'],
        }
      : undefined,
    apiUrl: inputs['api-url'],
    policy: {
      failWithin: inputs['fail-if-expires-within'],
      warnWithin,
      requireExpiry: inputs['require-expiry'],
      requiredScopes: inputs['required-scopes'],
      requiredServices: inputs['required-services'],
      revokedByThisJob: resolveRevokeMode(inputs.revoke, minting) !== 'never',
    },
    jobSummary: inputs['job-summary'],
    timeoutMs: inputs.timeout,
    maxRetries: inputs['max-retries'],
    runUrl: workflowRunUrl(env),
    revocation: {
      mode: resolveRevokeMode(inputs.revoke, minting),
      madeForJob: minting,
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
    warnings: unusedInputWarnings(getInput, inputs),
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
