/**
 * `npm run demo`: the bundled action against the local Fastly simulator, run
 * the way the GitHub runner runs it: a healthy token, one that expires
 * tomorrow, and a short-lived token revoked by the post step at the end of
 * the job, and a daily audit of a user's tokens. Prints what a user would
 * see: the log, the outputs and the job summary.
 */
import { ensureFreshBundle } from '../tools/bundle.js'
import { PROJECT_ROOT, runAction, runJob, type RunResult } from '../tools/runner.js'
import { seedAuditAccount, seedStandardTokens } from '../tools/seeds.js'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../tools/simulator.js'
import { summaryToText } from '../tools/summary-text.js'

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)

function show(title: string, inputs: Record<string, string>, result: RunResult, secret: string, step = 'Step'): void {
  if (title !== '') {
    console.log(`\n${bold(`━━━ ${title} ━━━`)}`)
    console.log(
      `with: ${Object.entries(inputs)
        .map(([name, value]) => `${name}: ${name === 'api-token' ? '***' : value}`)
        .join(', ')}`,
    )
  }
  console.log(`\n${bold(`${step} log`)} (exit code ${result.exitCode})`)
  for (const line of result.stdout.trimEnd().split('\n')) {
    if (
      line.startsWith('::add-mask::') ||
      line.startsWith('::debug::') ||
      line.startsWith('::group::') ||
      line === '::endgroup::'
    )
      continue
    console.log(`  ${line.split(secret).join('***')}`)
  }
  if (Object.keys(result.outputs).length > 0) {
    console.log(`\n${bold('Outputs')}`)
    for (const [name, value] of Object.entries(result.outputs))
      console.log(`  ${name.padEnd(20)} ${value.length > 160 ? `${value.slice(0, 157)}...` : value}`)
  }
  console.log(`\n${bold(`${step} summary`)}`)
  console.log(summaryToText(result.summary).replace(/^/gm, '  '))
}

async function scenario(
  simulator: FastlySimulator,
  title: string,
  token: SimulatedToken,
  extra: Record<string, string>,
): Promise<RunResult> {
  const inputs = { 'api-token': token.secret, 'api-url': simulator.url, ...extra }
  const result = await runAction({ inputs })
  show(title, inputs, result, token.secret)
  return result
}

// The demo shows what the sources do now: a stale bundle is rebuilt first.
if ((await ensureFreshBundle(PROJECT_ROOT)) === 'rebuilt') console.log('dist/ was older than the sources: rebuilt it.')
const simulator = await FastlySimulator.start()
try {
  const tokens = seedStandardTokens(simulator)
  console.log(
    `Fastly API simulator on ${simulator.url}; running the bundled action (dist/main, dist/post) under Node 24 as the runner would.`,
  )
  const healthy = await scenario(simulator, '1. A healthy deploy token', tokens.healthy, {
    'required-scopes': 'purge_all',
  })
  const expiring = await scenario(
    simulator,
    '2. A token that expires tomorrow, gated at 2 days',
    tokens.expiringTomorrow,
    { 'fail-if-expires-within': '2d' },
  )

  const shortLived = simulator.addToken({
    name: 'deploy-short-lived',
    user_id: tokens.healthy.record.user_id,
    customer_id: tokens.healthy.record.customer_id,
    expires_at: isoSeconds(new Date(Date.now() + 2 * 3600 * 1000)),
  })
  const jobInputs = { 'api-token': shortLived.secret, 'api-url': simulator.url, revoke: 'post' }
  const job = await runJob({ inputs: jobInputs })
  show(
    '3. A short-lived token revoked by the post step at the end of the job',
    jobInputs,
    job.main,
    shortLived.secret,
    'Main step',
  )
  console.log(`\n  ... the job's other steps run here; the post step runs at the end, even if one of them failed ...`)
  show('', jobInputs, job.post, shortLived.secret, 'Post step')
  const after = await runAction({
    inputs: { 'api-token': shortLived.secret, 'api-url': simulator.url, 'job-summary': 'false' },
  })
  console.log(`\n  Checking the token again after the job: status=${after.outputs.status}, as Fastly now rejects it.`)

  const { auditor } = seedAuditAccount(simulator)
  const auditInputs = {
    'api-token': auditor.secret,
    'api-url': simulator.url,
    audit: 'user',
    'audit-fail-on': 'expired',
  }
  const audit = await runAction({ inputs: auditInputs })
  show("4. A daily audit of a user's tokens, failing on expired ones", auditInputs, audit, auditor.secret)

  const ok =
    healthy.exitCode === 0 &&
    expiring.exitCode === 1 &&
    job.post.exitCode === 0 &&
    after.outputs.status === 'invalid' &&
    audit.outputs['token-count'] === '10'
  console.log(
    `\n${ok ? 'Demo finished: the healthy token passed, the expiring one failed the gate, the short-lived one was revoked at the end of its job, and the audit found the tokens that need a person.' : 'Demo did not behave as expected.'}`,
  )
  process.exitCode = ok ? 0 : 1
} finally {
  await simulator.close()
}
