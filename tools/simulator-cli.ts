/**
 * `npm run simulator -- --port 8080 [--invalid-status 403] [--write-limit N] [--tokens-file tokens.json]`:
 * the Fastly simulator on its own, for debugging workflows locally. Prints its
 * URL, which seeded secret is which (kind, role, scope, expiry) and the demo
 * user who can mint tokens.
 */
import { writeFileSync } from 'node:fs'
import { DEMO_MINT_USER, LOCAL_SECRETS, seedStandardTokens } from './seeds.js'
import { FastlySimulator, type SimulatedToken } from './simulator.js'

const args = process.argv.slice(2)

function readFlag(flag: string): string | undefined {
  const index = args.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`))
  if (index < 0) return undefined
  return args[index]!.includes('=') ? args[index]!.slice(flag.length + 1) : args[index + 1]
}

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

function readInteger(flag: string, min: number, max: number): number | undefined {
  const value = readFlag(flag)
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^\d+$/.test(value) || number < min || number > max)
    fail(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`)
  return number
}

function readInvalidStatus(): 401 | 403 | undefined {
  const value = readFlag('--invalid-status')
  if (value === undefined) return undefined
  if (value !== '401' && value !== '403') fail(`--invalid-status must be 401 or 403, not ${JSON.stringify(value)}`)
  return value === '403' ? 403 : 401
}

const invalidStatus = readInvalidStatus()
const writeLimit = readInteger('--write-limit', 0, 1_000_000)
const simulator = await FastlySimulator.start({
  port: readInteger('--port', 0, 65535) ?? 0,
  ...(invalidStatus !== undefined ? { invalidStatus } : {}),
  ...(writeLimit !== undefined ? { writeLimit } : {}),
})
const tokens = seedStandardTokens(simulator, new Date(), LOCAL_SECRETS)

function describe(token: SimulatedToken): string {
  const record = token.record
  const kind =
    token.kind === 'automation'
      ? `automation, role ${record.role ?? 'engineer'}`
      : token.superuser
        ? 'user, superuser'
        : 'user'
  const expires = typeof record.expires_at === 'string' && record.expires_at !== '' ? record.expires_at : 'never'
  const expired =
    typeof record.expires_at === 'string' && record.expires_at !== '' && Date.parse(record.expires_at) <= Date.now()
  return `${kind}; scope "${record.scope ?? 'global'}"; expires ${expires}${expired ? ' (EXPIRED)' : ''}`
}

console.log(`Fastly API simulator listening on ${simulator.url}`)
console.log(
  `Unknown or revoked tokens answer ${invalidStatus ?? 401}; each user may make ${writeLimit ?? 1000} writes an hour.`,
)
console.log('Seeded tokens:')
for (const [role, token] of Object.entries(tokens)) {
  console.log(`  ${role}`)
  console.log(`    secret ${token.secret}  id ${token.record.id}  name ${JSON.stringify(token.record.name ?? '')}`)
  console.log(`    ${describe(token)}`)
}
console.log('Mint user (POST /tokens, form fields username and password, header Fastly-OTP):')
console.log(`  login ${DEMO_MINT_USER.login}  password ${DEMO_MINT_USER.password}`)
console.log(
  `  TOTP seed (base32, SHA-1, 6 digits, 30 s) ${DEMO_MINT_USER.otpSecret}; code now: ${simulator.currentOtp(DEMO_MINT_USER.login)}`,
)
// --tokens-file: the seeded secrets as JSON by role, for scripts (the CI workflow reads it).
const tokensFile = readFlag('--tokens-file')
if (tokensFile !== undefined) {
  writeFileSync(
    tokensFile,
    `${JSON.stringify(Object.fromEntries(Object.entries(tokens).map(([role, token]) => [role, { secret: token.secret, id: token.record.id }])), null, 2)}\n`,
  )
}
console.log(`Try: curl -H "Fastly-Key: ${tokens.healthy.secret}" ${simulator.url}/tokens/self`)
console.log('Press Ctrl+C to stop.')

const stop = () => {
  void simulator.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
