/**
 * `npm run demo`: the bundled action against the local Fastly simulator, run
 * the way the GitHub runner runs it, for a healthy token and for one that
 * expires tomorrow. Prints what a user would see: the log, the outputs and
 * the job summary.
 */
import { runAction, type RunResult } from '../test/support/runner.js'
import { seedStandardTokens } from '../test/support/seeds.js'
import { FastlySimulator, type SimulatedToken } from '../test/support/simulator.js'
import { summaryToText } from '../test/support/summary-text.js'

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)

function show(title: string, inputs: Record<string, string>, result: RunResult, secret: string): void {
  console.log(`\n${bold(`━━━ ${title} ━━━`)}`)
  console.log(`with: ${Object.entries(inputs).map(([name, value]) => `${name}: ${name === 'api-token' ? '***' : value}`).join(', ')}`)
  console.log(`\n${bold('Step log')} (exit code ${result.exitCode})`)
  for (const line of result.stdout.trimEnd().split('\n')) {
    if (line.startsWith('::add-mask::') || line.startsWith('::debug::') || line.startsWith('::group::') || line === '::endgroup::') continue
    console.log(`  ${line.split(secret).join('***')}`)
  }
  console.log(`\n${bold('Outputs')}`)
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name.padEnd(20)} ${value}`)
  console.log(`\n${bold('Job summary')}`)
  console.log(summaryToText(result.summary).replace(/^/gm, '  '))
}

async function scenario(simulator: FastlySimulator, title: string, token: SimulatedToken, extra: Record<string, string>): Promise<RunResult> {
  const inputs = { 'api-token': token.secret, 'api-url': simulator.url, ...extra }
  const result = await runAction({ inputs })
  show(title, inputs, result, token.secret)
  return result
}

const simulator = await FastlySimulator.start()
try {
  const tokens = seedStandardTokens(simulator)
  console.log(`Fastly API simulator on ${simulator.url}; running dist/index.js under Node 24 as the runner would.`)
  const healthy = await scenario(simulator, '1. A healthy deploy token', tokens.healthy, { 'required-scopes': 'purge_all' })
  const expiring = await scenario(simulator, '2. A token that expires tomorrow, gated at 2 days', tokens.expiringTomorrow, { 'fail-if-expires-within': '2d' })
  const ok = healthy.exitCode === 0 && expiring.exitCode === 1
  console.log(`\n${ok ? 'Demo finished: the healthy token passed and the expiring one failed the gate, as intended.' : 'Demo did not behave as expected.'}`)
  process.exitCode = ok ? 0 : 1
} finally {
  await simulator.close()
}
