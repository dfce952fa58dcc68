/**
 * `npm run simulator -- --port 8080 [--tokens-file tokens.json]`: the Fastly
 * simulator on its own, for debugging workflows locally. Prints its URL and
 * the seeded tokens.
 */
import { writeFileSync } from 'node:fs'
import { LOCAL_SECRETS, seedStandardTokens } from './seeds.js'
import { FastlySimulator } from './simulator.js'

function readFlag(args: string[], flag: string): string | undefined {
  const index = args.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`))
  if (index < 0) return undefined
  return args[index]!.includes('=') ? args[index]!.slice(flag.length + 1) : args[index + 1]
}

function readPort(args: string[]): number {
  const value = readFlag(args, '--port')
  if (value === undefined) return 0
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not ${JSON.stringify(value)}`)
    process.exit(2)
  }
  return port
}

const simulator = await FastlySimulator.start({ port: readPort(process.argv.slice(2)) })
const tokens = seedStandardTokens(simulator, new Date(), LOCAL_SECRETS)
console.log(`Fastly API simulator listening on ${simulator.url}`)
console.log('Seeded tokens (secret  name  id):')
for (const [role, token] of Object.entries(tokens)) {
  console.log(`  ${token.secret}  ${token.record.name ?? ''}  ${token.record.id}  (${role})`)
}
// --tokens-file: the seeded secrets as JSON by role, for scripts (the CI workflow reads it).
const tokensFile = readFlag(process.argv.slice(2), '--tokens-file')
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
