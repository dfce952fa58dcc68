/**
 * Every input of action.yml, in one table: its default and how it is read.
 * A test holds this table equal to action.yml (names and defaults), so adding
 * an input means a row here and an entry there. Nothing else parses inputs;
 * masking reads the secret ones raw first, before any parse can fail (main-step.ts).
 */
import { AUDIT_MODES } from '../audit/classify.js'
import { REVOKE_CHOICES } from '../revoke/revocation-plan.js'
import { DEFAULT_API_URL, parseApiUrl } from './api-url.js'
import { parseDuration, parseOptionalDuration } from './duration.js'
import {
  parseAuditFlags,
  parseBoolean,
  parseChoice,
  parseCustomerId,
  parseInteger,
  parseLogin,
  parseRequiredScopes,
  parseRequiredServices,
  parseTimeout,
  parseTokenLifetime,
  parseTokenName,
  parseTokenScopes,
} from './parsers.js'
import { parseOtpSecret } from './otp-secret.js'
import { parseTokenIds } from './token-ids.js'

/** Upper bound for `max-retries`: with backoff, more would only keep a broken job alive longer. */
const MAX_RETRIES_LIMIT = 10

interface InputSpec<T> {
  /** action.yml's default, word for word. */
  default: string
  /** Reads the value (the default when the workflow gives none); throws an InputError that names the input. */
  parse: (raw: string, name: string) => T
}

function row<T>(defaultValue: string, parse: (raw: string, name: string) => T): InputSpec<T> {
  return { default: defaultValue, parse }
}

const text = (raw: string) => raw.trim()
const boolean = (raw: string, name: string) => parseBoolean(name, raw)

export const INPUTS = {
  // The token is resolved against FASTLY_API_TOKEN and checked in settings.ts: it needs the environment too.
  'api-token': row('', text),
  // Minting: `username` turns it on; the rules between these inputs are in settings.ts.
  username: row('', (raw, name) => parseLogin(name, raw)),
  // Taken as given (the runner trims inputs); never shown.
  password: row('', (raw) => raw),
  'otp-secret': row('', (raw, name) => parseOtpSecret(name, raw)),
  // Empty: a name from the run's variables, made in settings.ts, where the environment is read.
  'new-token-name': row('', (raw, name) => parseTokenName(name, raw)),
  'new-token-scope': row('global', (raw, name) => parseTokenScopes(name, raw)),
  'new-token-services': row('', (raw, name) => parseRequiredServices(name, raw)),
  'new-token-expires-in': row('1h', (raw, name) => parseTokenLifetime(name, raw)),
  'api-url': row(DEFAULT_API_URL, (raw, name) => parseApiUrl(name, raw)),
  'fail-if-expires-within': row('', (raw, name) => parseOptionalDuration(name, raw)),
  'warn-if-expires-within': row('7d', (raw, name) => parseOptionalDuration(name, raw)),
  'require-expiry': row('false', boolean),
  'required-scopes': row('', (raw, name) => parseRequiredScopes(name, raw)),
  'required-services': row('', (raw, name) => parseRequiredServices(name, raw)),
  'job-summary': row('true', boolean),
  timeout: row('30s', (raw, name) => parseTimeout(name, raw)),
  'max-retries': row('3', (raw, name) => parseInteger(name, raw, 0, MAX_RETRIES_LIMIT)),
  revoke: row('auto', (raw, name) => parseChoice(name, raw, REVOKE_CHOICES)),
  'revoke-token-ids': row('', (raw, name) => parseTokenIds(name, raw)),
  'allow-revoke-non-expiring': row('false', boolean),
  'dry-run': row('false', boolean),
  'fail-on-revoke-error': row('false', boolean),
  // A path; the file is read in settings.ts, where I/O belongs.
  'revoke-token-ids-file': row('', text),
  audit: row('none', (raw, name) => parseChoice(name, raw, AUDIT_MODES)),
  'customer-id': row('', (raw, name) => parseCustomerId(name, raw)),
  'stale-after': row('90d', (raw, name) => parseDuration(name, raw)),
  'audit-fail-on': row('', (raw, name) => parseAuditFlags(name, raw)),
  'include-session-tokens': row('false', boolean),
  'github-issue': row('false', boolean),
  'issue-key': row('', text),
  // Outside a runner (local runs) the expression arrives unevaluated: that is no token.
  'github-token': row('${{ github.token }}', (raw) => (raw.includes('${{') ? '' : raw.trim())),
} satisfies Record<string, InputSpec<unknown>>

export type InputName = keyof typeof INPUTS
export type InputValues = { [K in InputName]: ReturnType<(typeof INPUTS)[K]['parse']> }

/** Reads one input as the runner passes it ('' when unset). */
export type InputReader = (name: string) => string

/** One input by its row: an empty input means its default. The post step reads `revoke` so (rarely). */
export function readInput<K extends InputName>(getInput: InputReader, name: K): InputValues[K] {
  const spec: InputSpec<unknown> = INPUTS[name]
  const raw = getInput(name)
  return spec.parse(raw.trim() === '' ? spec.default : raw, name) as InputValues[K]
}

/**
 * Every input, parsed once. An empty input means its default, as when the workflow leaves it out
 * (an expression such as `${{ inputs.x }}` often yields ''). The first bad input throws; its error names it.
 */
export function readInputs(getInput: InputReader): InputValues {
  const values: Partial<Record<InputName, unknown>> = {}
  for (const name of Object.keys(INPUTS) as InputName[]) values[name] = readInput(getInput, name)
  return values as InputValues
}
