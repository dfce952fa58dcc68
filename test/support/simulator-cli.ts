/**
 * `npm run simulator -- --port 8080`: the Fastly simulator on its own, for
 * debugging workflows locally. Prints its URL and the seeded tokens.
 */
import { seedStandardTokens } from './seeds.js'
import { FastlySimulator } from './simulator.js'

function readPort(args: string[]): number {
  const index = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='))
  if (index < 0) return 0
  const value = args[index]!.includes('=') ? args[index]!.split('=')[1] : args[index + 1]
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not ${JSON.stringify(value)}`)
    process.exit(2)
  }
  return port
}

const simulator = await FastlySimulator.start({ port: readPort(process.argv.slice(2)) })
const tokens = seedStandardTokens(simulator)
console.log(`Fastly API simulator listening on ${simulator.url}`)
console.log('Seeded tokens (secret  name  id):')
for (const [role, token] of Object.entries(tokens)) {
  console.log(`  ${token.secret}  ${token.record.name ?? ''}  ${token.record.id}  (${role}${token.superuser ? ', superuser' : ''})`)
}
console.log(`Try: curl -H "Fastly-Key: ${tokens.healthy.secret}" ${simulator.url}/tokens/self`)
console.log('Press Ctrl+C to stop.')

const stop = () => {
  void simulator.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
