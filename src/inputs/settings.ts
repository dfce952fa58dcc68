import type { AuditMode, AuditPolicy } from '../audit/classify.js'
import type { Notice } from '../report/catalogue.js'
import { defaultTokenName } from '../mint/mint-request.js'
import { type RevocationRequest, resolveRevokeMode } from '../revoke/revocation-plan.js'
import type { Scope } from '../verify/permissions.js'
import type { GatePolicy } from '../verify/verdict.js'
import { InputError, quoteValue } from './input-error.js'
import { INPUTS, type InputReader, readInputs } from './input-table.js'
import { parseTokenIdsFile } from './token-ids.js'
import { unusedInputWarnings } from './unused-inputs.js'
import { type Environment, tokenCandidate, workflowRunUrl } from './environment.js'
import { MIN_SECRET_LENGTH } from '../shared/secret-shape.js'

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
  warnings: Notice[]
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

function checkToken(token: string, source: string): string {
  if (token === '') {
    throw new InputError(
      'no-token',
      'api-token',
      "No Fastly API token: the input 'api-token' is empty and FASTLY_API_TOKEN is not set. Pass the secret to the step with 'api-token: ${{ secrets.FASTLY_API_TOKEN }}' under 'with:'. " +
        'If the secret is set, note that GitHub does not pass secrets to workflows run from forks or by Dependabot. ' +
        'To make a token for the job instead, set username and password.',
    )
  }
  // Fastly tokens are printable ASCII without quotes or backslashes. Anything else means a paste went wrong,
  // or is a value that debug output (NODE_DEBUG) would print escaped, where the runner's masking cannot see it.
  // The value is never echoed.
  // Fastly tokens are 32 characters. A short value is no token ("false", from an expression whose condition was
  // false), and as a secret it would be redacted out of the action's own words and outputs.
  if (token.length < MIN_SECRET_LENGTH) {
    throw new InputError(
      'token-too-short',
      'api-token',
      `The Fastly API token in ${source} is ${token.length} characters long, shorter than any Fastly token (32). Check that the secret is set and that an expression in the workflow does not hand over false or an empty value.`,
    )
  }
  if (/[^\x21-\x7e]|["'`\\]/.test(token)) {
    throw new InputError(
      'token-bad-characters',
      'api-token',
      `The Fastly API token in ${source} contains characters no Fastly token has (white space, control characters, quotes, backslashes or anything outside printable ASCII). Copy the token again into the secret, without line breaks or spaces.`,
    )
  }
  return token
}

/** The largest file of token IDs read: about 45,000 IDs, far more than any cleanup needs. */
const MAX_IDS_FILE_BYTES = 1024 * 1024

function fileKind(stat: {
  isDirectory(): boolean
  isFIFO(): boolean
  isCharacterDevice(): boolean
  isSocket(): boolean
}): string {
  if (stat.isDirectory()) return 'a directory'
  if (stat.isFIFO()) return 'a named pipe (FIFO)'
  if (stat.isCharacterDevice()) return 'a device'
  if (stat.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * IDs from the file `revoke-token-ids-file` names, which an earlier step (or
 * whoever controls the path) chose. Only a regular file of at most 1 MiB is
 * read, within the `timeout` input: a FIFO would block before the first
 * request and before any timeout, /dev/zero would fill memory. Its errors
 * name the line and the problem, never the content (a credential, say).
 */
async function readIdsFile(path: string, timeoutMs: number): Promise<string[]> {
  const input = 'revoke-token-ids-file'
  const refuse = (why: string): InputError =>
    new InputError(
      'ids-file-unreadable',
      input,
      `Input '${input}' names ${quoteValue(path)}, which ${why}. Give the path of a file of token IDs (a JSON array or one a line, at most 1 MiB) written by an earlier step. Nothing was revoked.`,
    )
  // Loaded only here: most steps name no file, and the module costs cold-start time.
  const { open } = await import('node:fs/promises')
  const { constants } = await import('node:fs')

  const read = async (): Promise<string> => {
    let handle
    try {
      // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; the type is then
      // checked on the open file itself, so the path cannot change between the check and the read.
      handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0))
    } catch (error) {
      throw refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`)
    }
    try {
      const stat = await handle.stat()
      if (!stat.isFile()) throw refuse(`is ${fileKind(stat)}, not a regular file`)
      if (stat.size > MAX_IDS_FILE_BYTES) throw refuse(`is larger than 1 MiB (${stat.size} bytes)`)
      // One byte more than allowed: a file that grows while it is read is refused too.
      const buffer = Buffer.alloc(MAX_IDS_FILE_BYTES + 1)
      let size = 0
      for (;;) {
        let bytesRead: number
        try {
          ;({ bytesRead } = await handle.read(buffer, size, buffer.length - size, size))
        } catch (error) {
          // Opened but not readable (EIO, EISDIR on some systems): the same refusal as a file that cannot be opened.
          throw refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`)
        }
        if (bytesRead === 0) break
        size += bytesRead
        if (size > MAX_IDS_FILE_BYTES) throw refuse('grew larger than 1 MiB while it was read')
      }
      return buffer.toString('utf8', 0, size)
    } finally {
      await handle.close()
    }
  }

  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(refuse(`could not be read within ${timeoutMs / 1000} s (the timeout input)`)),
      timeoutMs,
    )
  })
  try {
    return parseTokenIdsFile(input, await Promise.race([read(), deadline]))
  } finally {
    clearTimeout(timer)
  }
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
        'input-not-valid',
        'password',
        "Input 'username' is set, so this step makes a token for the job, but 'password' is empty. Pass the user's password from a secret: password: ${{ secrets.FASTLY_PASSWORD }}. GitHub does not pass secrets to workflows run from forks or by Dependabot.",
      )
    }
    if (apiToken !== '') {
      throw new InputError(
        'inputs-exclude-each-other',
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
        'input-not-valid',
        name,
        `Input '${name}' is set, but 'username' is empty, and ${name} is used only when this step makes a token for the job. Set username (and password) to make one, or remove ${name}. If username comes from a secret, note that GitHub does not pass secrets to workflows run from forks or by Dependabot.`,
      )
    }
  }
}

/** Reads every input once, with the cross-input rules that no single input can check. */
export async function readSettings(getInput: InputReader, env: Environment): Promise<Settings> {
  const inputs = readInputs(getInput)
  const minting = inputs.username !== ''
  checkMintInputs(getInput, minting, inputs['api-token'])
  const token = minting
    ? ''
    : checkToken(tokenCandidate(getInput, env), inputs['api-token'] !== '' ? "input 'api-token'" : 'FASTLY_API_TOKEN')
  // Only where the issue is made: github-issue without an audit is a no-op, warned about below.
  if (inputs['github-issue'] && inputs.audit !== 'none' && inputs['github-token'] === '') {
    throw new InputError(
      'github-issue-without-token',
      'github-token',
      "Input 'github-issue' is true but 'github-token' is empty. Leave github-token at its default (${{ github.token }}) and give the job 'permissions: issues: write'.",
    )
  }
  const warnWithin = inputs['warn-if-expires-within']
  const revokeMode = resolveRevokeMode(inputs.revoke, minting)
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
      // A token this step makes lives an hour by design: "expires soon" would be said of every one.
      warnWithin: minting ? undefined : warnWithin,
      requireExpiry: inputs['require-expiry'],
      requiredScopes: inputs['required-scopes'],
      requiredServices: inputs['required-services'],
      revokedByThisJob: minting || revokeMode !== 'never',
    },
    jobSummary: inputs['job-summary'],
    timeoutMs: inputs.timeout,
    maxRetries: inputs['max-retries'],
    runUrl: workflowRunUrl(env),
    revocation: {
      mode: revokeMode,
      madeForJob: minting,
      idsFrom: [
        ...(inputs['revoke-token-ids'].length > 0 ? (['revoke-token-ids'] as const) : []),
        ...(inputs['revoke-token-ids-file'] !== '' ? (['revoke-token-ids-file'] as const) : []),
      ],
      // In that order, without repeats.
      ids: [
        ...new Set([
          ...inputs['revoke-token-ids'],
          // Called only with a path: most steps name no file, and then the reader is not even compiled.
          ...(inputs['revoke-token-ids-file'] !== ''
            ? await readIdsFile(inputs['revoke-token-ids-file'], inputs.timeout)
            : []),
        ]),
      ],
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
        currentMadeForJob: minting,
      },
      githubIssue: inputs['github-issue'],
      issueKey: inputs['issue-key'],
      githubToken: inputs['github-token'],
    },
    warnings: unusedInputWarnings(getInput, inputs),
  }
}
