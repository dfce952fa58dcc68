/**
 * `npm run bench`: measures the action on this machine against the floor and
 * its peers, checks the budgets, and writes bench/results.md and .json.
 *
 *   npm run bench                 # full: 30 interleaved runs, audits up to 100,000 tokens
 *   npm run bench -- --short      # CI: 5 runs; budgets get a wide margin so shared-machine noise cannot fail CI
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureFreshBundle, nccBuild } from '../tools/bundle.js'
import { actionEntry, node24Path, prepareRunnerEnvironment, PROJECT_ROOT } from '../tools/runner.js'
import { FASTLY_CLI, fastlyCliPlatform } from '../tools/fastly-cli.js'
import { seedManyAutomationTokens, seedManyTokens } from '../tools/seeds.js'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../tools/simulator.js'
import { round, type Stats, stats, type Timed, timeCommand } from './measure.js'
import { encodePostRecord, fingerprintToken, POST_RECORD_STATE } from '../src/revoke/post-record.js'

const SHORT = process.argv.includes('--short')
const RUNS = SHORT ? 5 : 30
/** In --short mode a budget fails only when missed by this factor: CI machines are shared and noisy. */
const MARGIN = SHORT ? 2 : 1
const AUDIT_SIZES = [1_000, 10_000, 100_000]
/** The paged list: GET /automation-tokens, 100 tokens a page. */
const AUTOMATION_AUDIT_SIZES = [10_000]
const AUDIT_RUNS = SHORT ? 3 : 5

const node = node24Path()
const work = mkdtempSync(join(tmpdir(), 'ftg-bench-'))
const hasCurl = existsSync('/usr/bin/curl')
const MAIN_ENTRY = actionEntry('main')
const POST_ENTRY = actionEntry('post')

/** The runner's environment for one run (files under the benchmark's work folder, removed at the end). */
function runnerEnv(inputs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return prepareRunnerEnvironment({ inputs, env: { NODE_OPTIONS: `--require=${usageHook}`, ...extra } }, work).env
}

/** The STATE_* variable a post step receives after a main step that verified `token` with revoke: post. */
function postState(apiUrl: string, token: SimulatedToken): Record<string, string> {
  const record = encodePostRecord({
    apiUrl,
    timeoutMs: 30_000,
    maxRetries: 3,
    dryRun: false,
    failOnError: false,
    jobSummary: true,
    allowNonExpiring: false,
    fingerprint: fingerprintToken(token.secret),
    madeToken: null,
    tokenId: token.record.id,
    tokenName: token.record.name ?? null,
    expiresAt: token.record.expires_at ?? null,
    verified: true,
  })
  return { [`STATE_${POST_RECORD_STATE}`]: record }
}

/**
 * A --require hook that prints, at exit, the process's peak resident set and CPU time (user + system)
 * from the kernel's own accounting. Loaded into every node process timed here, the floors too, so the
 * comparison stays fair.
 */
function writeUsageHook(): string {
  const path = join(work, 'usage.cjs')
  writeFileSync(
    path,
    "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`maxrss-kb=${u.maxRSS} cpu-us=${u.userCPUTime + u.systemCPUTime}\\n`) })\n",
  )
  return path
}
const usageHook = writeUsageHook()

/** Builds bench/floor/<name>.ts with the action's ncc settings. */
async function buildFloor(name: 'index' | 'request'): Promise<string> {
  const out = join(work, `floor-${name}`)
  await nccBuild(PROJECT_ROOT, join(PROJECT_ROOT, 'bench', 'floor', `${name}.ts`), out)
  return join(out, 'index.js')
}

const FLOOR = 'floor bundle (@actions/core, one line)'
const FLOOR_REQUEST = 'floor bundle + one request through node:http (reference, not a budget)'

interface Budget {
  name: string
  limit: string
  measured: string
  pass: boolean
}
const budgets: Budget[] = []
function budget(
  name: string,
  measured: number,
  limit: number,
  unit: string,
  describe = (n: number) => `${round(n, 2)} ${unit}`,
): void {
  budgets.push({
    name,
    limit: `≤ ${describe(limit)}${MARGIN > 1 ? ` (× ${MARGIN} margin in --short)` : ''}`,
    measured: describe(measured),
    pass: measured <= limit * MARGIN,
  })
}

type Row = {
  name: string
  stats: Stats
  /** Median over the rounds of this command's time over the floor bundle's. */
  ratio: number
  /** The same over the floor plus one request: the reference the budgets use. */
  refRatio: number
  /** CPU time (user + system) of the process, for the node commands. */
  cpu: Stats | undefined
}
type Command = { name: string; run: (i: number) => Promise<Timed> }

/**
 * Runs each command RUNS times in rounds, one run of each per round, in an order that rotates from
 * round to round. A command's ratio to the floor is the median of its per-round ratios: the load on a
 * shared machine drifts over seconds, and runs of one round, a fraction of a second apart, share it.
 */
async function interleaved(commands: Command[]): Promise<Row[]> {
  const samples = new Map<string, number[]>(commands.map((command) => [command.name, []]))
  const cpu = new Map<string, number[]>(commands.map((command) => [command.name, []]))
  for (const command of commands) await command.run(-1) // warm the file cache once
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < commands.length; k++) {
      const command = commands[(i + k) % commands.length]!
      const result = await command.run(i)
      samples.get(command.name)!.push(result.ms)
      const used = /cpu-us=(\d+)/.exec(result.stderr)?.[1]
      if (used !== undefined) cpu.get(command.name)!.push(Number(used) / 1000)
    }
  }
  const floor = samples.get(FLOOR)!
  const reference = samples.get(FLOOR_REQUEST)
  return [...samples].map(([name, values]) => ({
    name,
    stats: stats(values),
    ratio: stats(values.map((ms, i) => ms / floor[i]!)).median,
    refRatio: reference !== undefined ? stats(values.map((ms, i) => ms / reference[i]!)).median : Number.NaN,
    cpu: cpu.get(name)!.length > 0 ? stats(cpu.get(name)!) : undefined,
  }))
}

function mustSucceed(name: string, result: { exitCode: number | null; stdout: string; stderr: string }): void {
  if (result.exitCode !== 0)
    throw new Error(
      `${name} failed (exit ${result.exitCode}): ${result.stdout.slice(-500)} ${result.stderr.slice(-500)}`,
    )
}

/** The floor, the floor plus one GET /tokens/self, and the action's verify, against one simulator and token. */
function verifyCommands(simulator: FastlySimulator, floor: string, floorRequest: string, secret: string): Command[] {
  const base = { PATH: process.env.PATH ?? '', NODE_OPTIONS: `--require=${usageHook}` }
  return [
    { name: FLOOR, run: async () => await timeCommand(node, [floor], base) },
    {
      name: FLOOR_REQUEST,
      run: async () => {
        const result = await timeCommand(node, [floorRequest], {
          ...base,
          FLOOR_API_URL: simulator.url,
          FLOOR_TOKEN: secret,
        })
        mustSucceed('floor + request', result)
        return result
      },
    },
    {
      name: 'Fastly Token Guard: verify (runs.main)',
      run: async () => {
        const result = await timeCommand(
          node,
          [MAIN_ENTRY],
          runnerEnv({ 'api-token': secret, 'api-url': simulator.url }),
        )
        mustSucceed('verify', result)
        return result
      },
    },
  ]
}

async function coldStarts(
  simulator: FastlySimulator,
  floor: string,
  floorRequest: string,
): Promise<{ verify: Row[]; post: Row[] }> {
  const token = simulator.addToken({ name: 'bench-verify' })
  const cliEnv = (secret: string) => ({
    HOME: work,
    PATH: process.env.PATH ?? '',
    FASTLY_API_ENDPOINT: simulator.url,
    FASTLY_ACCOUNT_ENDPOINT: simulator.url,
    FASTLY_API_TOKEN: secret,
  })
  const base = { PATH: process.env.PATH ?? '', NODE_OPTIONS: `--require=${usageHook}` }

  const verify = await interleaved([
    { name: 'node -e 0', run: async () => await timeCommand(node, ['-e', '0'], base) },
    ...verifyCommands(simulator, floor, floorRequest, token.secret),
    ...(fastlyCliPlatform()
      ? [
          {
            name: 'Fastly CLI: auth-token describe',
            run: async () =>
              await timeCommand(FASTLY_CLI, ['auth-token', 'describe', '--non-interactive'], cliEnv(token.secret)),
          },
        ]
      : []),
    ...(hasCurl
      ? [
          {
            name: 'curl GET /tokens/self',
            run: async () =>
              await timeCommand(
                '/usr/bin/curl',
                ['-sf', '-H', `Fastly-Key: ${token.secret}`, `${simulator.url}/tokens/self`],
                base,
              ),
          },
        ]
      : []),
  ])

  // Each revoking run needs a fresh token: made before the timer starts.
  const fresh = (label: string) =>
    Array.from({ length: RUNS + 1 }, (_, i) =>
      simulator.addToken({ name: `bench-${label}-${i}`, expires_at: isoSeconds(new Date(Date.now() + 3_600_000)) }),
    )
  const forPost = fresh('post')
  const forFloor = fresh('floor')
  const forCli = fresh('cli')
  const forCurl = fresh('curl')
  const at = (list: SimulatedToken[], i: number) => list[i + 1]!
  const post = await interleaved([
    { name: 'node -e 0', run: async () => await timeCommand(node, ['-e', '0'], base) },
    { name: FLOOR, run: async () => await timeCommand(node, [floor], base) },
    {
      name: FLOOR_REQUEST,
      run: async (i) => {
        const env = {
          ...base,
          FLOOR_API_URL: simulator.url,
          FLOOR_TOKEN: at(forFloor, i).secret,
          FLOOR_METHOD: 'DELETE',
        }
        const result = await timeCommand(node, [floorRequest], env)
        mustSucceed('floor + request', result)
        return result
      },
    },
    {
      name: 'Fastly Token Guard: post-step revoke',
      run: async (i) => {
        const t = at(forPost, i)
        const env = runnerEnv(
          { 'api-token': t.secret, 'api-url': simulator.url, revoke: 'post' },
          postState(simulator.url, t),
        )
        const result = await timeCommand(node, [POST_ENTRY], env)
        mustSucceed('post revoke', result)
        if (!simulator.isRevoked(t.record.id)) throw new Error('the post step did not revoke')
        return result
      },
    },
    ...(fastlyCliPlatform()
      ? [
          {
            name: 'Fastly CLI: auth-token delete --current',
            run: async (i: number) =>
              await timeCommand(
                FASTLY_CLI,
                ['auth-token', 'delete', '--current', '--non-interactive'],
                cliEnv(at(forCli, i).secret),
              ),
          },
        ]
      : []),
    ...(hasCurl
      ? [
          {
            name: 'curl DELETE /tokens/self',
            run: async (i: number) =>
              await timeCommand(
                '/usr/bin/curl',
                ['-sf', '-X', 'DELETE', '-H', `Fastly-Key: ${at(forCurl, i).secret}`, `${simulator.url}/tokens/self`],
                base,
              ),
          },
        ]
      : []),
  ])

  return { verify, post }
}

interface AuditRow {
  /** Which list: a user's unpaged GET /tokens, or the customer's paged GET /automation-tokens. */
  list: 'user' | 'automation'
  tokens: number
  /** Answers read: 1 for an unpaged list, the pages for a paged one. */
  answers: number
  bytes: number
  ownMs: Stats
  peakRssMb: number
  overFloorMb: number
  ratioToBody: number
}

/** One audit row's setup: its own simulator, seeded, and the token that audits. */
interface AuditSetup {
  list: AuditRow['list']
  size: number
  simulator: FastlySimulator
  runner: SimulatedToken
}

/** One timed audit: the action's own time from its timing line, the answers' bytes and count, the peak memory. */
async function timeAudit(setup: AuditSetup): Promise<{ ms: number; bytes: number; answers: number; rssMb: number }> {
  const { list, size, simulator, runner } = setup
  const result = await timeCommand(
    node,
    [MAIN_ENTRY],
    runnerEnv({ 'api-token': runner.secret, 'api-url': simulator.url, audit: list }),
  )
  mustSucceed(`${list} audit of ${size}`, result)
  const timing =
    /audit timing: (\d+) ms from the response headers to the audit's outputs and summary, (\d+) bytes, (\d+) tokens, (\d+) answers/.exec(
      result.stdout,
    )
  if (!timing || Number(timing[3]) !== size) throw new Error(`${list} audit of ${size}: no timing line`)
  return {
    ms: Number(timing[1]),
    bytes: Number(timing[2]),
    answers: Number(timing[4]),
    rssMb: Number(/maxrss-kb=(\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024,
  }
}

/**
 * Every audit row, each with its own simulator, timed in rounds (one run of
 * each row per round, in a rotating order) as the cold starts are: the load
 * on a shared machine drifts, and rows timed one after the other would
 * compare different moments.
 */
async function audits(floorRssMb: number): Promise<AuditRow[]> {
  const setups: AuditSetup[] = []
  for (const size of AUDIT_SIZES) {
    const simulator = await FastlySimulator.start()
    const owner = { user_id: 'BenchUser0000000000001', customer_id: 'BenchCustomer000000001' }
    const runner = simulator.addToken({ ...owner, name: 'bench-audit' })
    seedManyTokens(simulator, size - 1, owner)
    setups.push({ list: 'user', size, simulator, runner })
  }
  for (const size of AUTOMATION_AUDIT_SIZES) {
    // CI's own credentials: a superuser-role automation token auditing the customer's automation tokens.
    const simulator = await FastlySimulator.start()
    const customer = 'BenchCustomer000000001'
    const runner = simulator.addAutomationToken({ customer_id: customer, name: 'bench-audit', role: 'superuser' })
    seedManyAutomationTokens(simulator, size - 1, customer)
    setups.push({ list: 'automation', size, simulator, runner })
  }
  const runs = setups.map(() => [] as Array<Awaited<ReturnType<typeof timeAudit>>>)
  for (let i = 0; i < AUDIT_RUNS; i++) {
    for (let k = 0; k < setups.length; k++) {
      const at = (i + k) % setups.length
      runs[at]!.push(await timeAudit(setups[at]!))
    }
  }
  await Promise.all(setups.map((setup) => setup.simulator.close()))
  return setups.map((setup, at) => {
    const timed = runs[at]!
    const { bytes, answers } = timed[0]!
    const peak = Math.max(...timed.map((run) => run.rssMb))
    return {
      list: setup.list,
      tokens: setup.size,
      answers,
      bytes,
      ownMs: stats(timed.map((run) => run.ms)),
      peakRssMb: peak,
      overFloorMb: peak - floorRssMb,
      ratioToBody: (peak - floorRssMb) / (bytes / 1024 / 1024),
    }
  })
}

async function floorRss(simulator: FastlySimulator): Promise<number> {
  const token = simulator.addToken({ name: 'bench-floor-rss' })
  const result = await timeCommand(
    node,
    [MAIN_ENTRY],
    runnerEnv({ 'api-token': token.secret, 'api-url': simulator.url }),
  )
  return Number(/maxrss-kb=(\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024
}

async function requestCounts(): Promise<Array<{ operation: string; expected: number; measured: number }>> {
  const simulator = await FastlySimulator.start()
  const owner = { user_id: 'CountUser0000000000001', customer_id: 'CountCustomer000000001' }
  const count = async (inputs: Record<string, string>, extra: Record<string, string> = {}, entry = MAIN_ENTRY) => {
    simulator.requests.length = 0
    const result = await timeCommand(node, [entry], runnerEnv({ 'api-url': simulator.url, ...inputs }, extra))
    mustSucceed(JSON.stringify(Object.keys(inputs)), result)
    return simulator.apiRequests().length
  }
  const robotAdmin = simulator.addAutomationToken({
    customer_id: owner.customer_id,
    name: 'count-robot-admin',
    role: 'superuser',
  })
  seedManyAutomationTokens(simulator, 249, owner.customer_id)
  const verifyToken = simulator.addToken({ ...owner, name: 'count-verify' })
  const postToken = simulator.addToken({ ...owner, name: 'count-post' })
  const auditToken = simulator.addToken({ ...owner, name: 'count-audit' })
  seedManyTokens(simulator, 50, owner)
  const victims = Array.from({ length: 250 }, (_, i) => simulator.addToken({ ...owner, name: `count-victim-${i}` }))
  const rows = [
    { operation: 'verify', expected: 1, measured: await count({ 'api-token': verifyToken.secret }) },
    {
      operation: 'post-step revoke (DELETE, then GET to confirm)',
      expected: 2,
      measured: await count(
        { 'api-token': postToken.secret, revoke: 'post' },
        postState(simulator.url, postToken),
        POST_ENTRY,
      ),
    },
    {
      operation: 'audit (self + list)',
      expected: 2,
      measured: await count({ 'api-token': auditToken.secret, audit: 'user' }),
    },
    {
      operation: 'automation audit of 250 tokens (self + 3 pages of 100)',
      expected: 4,
      measured: await count({ 'api-token': robotAdmin.secret, audit: 'automation' }),
    },
    {
      operation:
        'revoke 250 IDs (self; before: the customer list, refused, and the user list; 3 chunks of ≤ 100; after: the user list)',
      expected: 7,
      measured: await count({
        'api-token': verifyToken.secret,
        'revoke-token-ids': JSON.stringify(victims.map((v) => v.record.id)),
      }),
    },
  ]
  await simulator.close()
  return rows
}

function bundleSizes(): Array<{ file: string; kb: number }> {
  return ['main', 'post'].flatMap((step) => {
    const dir = join(PROJECT_ROOT, 'dist', step)
    return readdirSync(dir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => ({ file: `dist/${step}/${file}`, kb: statSync(join(dir, file)).size / 1000 }))
  })
}

/** The dist/ files a run really loads (entry and lazy chunks), from Node's own ESM debug log. */
async function loadedKb(env: Record<string, string>): Promise<{ files: string[]; kb: number }> {
  const result = await timeCommand(node, [MAIN_ENTRY], { ...env, NODE_DEBUG: 'esm' })
  const files = [
    ...new Set([...result.stderr.matchAll(/file:\/\/(\S+\/dist\/\w+\/[\w.]+\.js)/g)].map((match) => match[1]!)),
  ]
  return {
    files: files.map((file) => file.slice(file.lastIndexOf('/dist/') + 1)).sort(),
    kb: files.reduce((sum, file) => sum + statSync(file).size, 0) / 1000,
  }
}
const fmt = (s: Stats) => `${round(s.median)} ms (${round(s.min)}–${round(s.max)})`

async function main(): Promise<void> {
  // The benchmark measures what the sources build to now.
  if ((await ensureFreshBundle(PROJECT_ROOT)) === 'rebuilt')
    console.log('dist/ was older than the sources: rebuilt it.')
  console.log(
    `Benchmark${SHORT ? ' (short)' : ''}: ${RUNS} interleaved runs per command, Node ${execFileSync(node, ['--version']).toString().trim()}`,
  )
  const simulator = await FastlySimulator.start()
  const [floor, floorRequest] = [await buildFloor('index'), await buildFloor('request')]
  const cold = await coldStarts(simulator, floor, floorRequest)
  const floorRssMb = await floorRss(simulator)
  await simulator.close()
  const auditRows = await audits(floorRssMb)
  const counts = await requestCounts()
  const sizes = bundleSizes()

  const action = (rows: Row[]) => rows.find((row) => row.name.startsWith('Fastly Token Guard'))!
  const reference = (rows: Row[]) => rows.find((row) => row.name === FLOOR_REQUEST)!
  budget(
    'verify cold start / floor bundle + one request',
    action(cold.verify).refRatio,
    1.15,
    '×',
    (n) => `${round(n, 2)}×`,
  )
  budget(
    'post-step revoke cold start / floor bundle + one request',
    action(cold.post).refRatio,
    1.15,
    '×',
    (n) => `${round(n, 2)}×`,
  )
  // The action's own CPU: what it costs beyond loading the toolkit and making one request.
  const ownCpu = (rows: Row[]) => (action(rows).cpu?.median ?? Number.NaN) - (reference(rows).cpu?.median ?? Number.NaN)
  for (const row of auditRows) {
    const what = row.list === 'automation' ? `paged automation audit of ${row.answers} pages,` : 'audit of'
    if (row.tokens === 10_000) budget(`${what} 10,000 tokens, own time (median)`, row.ownMs.median, 200, 'ms')
    if (row.tokens === 100_000) budget(`${what} 100,000 tokens, own time (median)`, row.ownMs.median, 2000, 'ms')
    if (row.tokens === 100_000)
      budget(
        'audit of 100,000 tokens, peak memory over the floor / body size',
        row.ratioToBody,
        6,
        '×',
        (n) => `${round(n, 2)}×`,
      )
  }
  for (const row of counts)
    budgets.push({
      name: `requests: ${row.operation}`,
      limit: `= ${row.expected}`,
      measured: String(row.measured),
      pass: row.measured === row.expected,
    })
  const loadSimulator = await FastlySimulator.start()
  const loadToken = loadSimulator.addToken({ name: 'bench-load' })
  const verifyLoad = await loadedKb(runnerEnv({ 'api-token': loadToken.secret, 'api-url': loadSimulator.url }))
  await loadSimulator.close()
  budget(
    `JavaScript the gate loads (${verifyLoad.files.join(' + ')})`,
    verifyLoad.kb,
    600,
    'kB',
    (n) => `${round(n)} kB`,
  )

  const table = (rows: Row[]) =>
    [
      '| command | wall clock, median (min–max) | / floor bundle | / floor + one request | CPU time, median |',
      '|---|---|---|---|---|',
      ...rows.map(
        (row) =>
          `| ${row.name} | ${fmt(row.stats)} | ${round(row.ratio, 2)}× | ${Number.isNaN(row.refRatio) ? '' : `${round(row.refRatio, 2)}×`} | ${row.cpu !== undefined ? `${round(row.cpu.median)} ms` : ''} |`,
      ),
    ].join('\n')
  const md = `# Benchmark results

Produced by \`npm run bench${SHORT ? ' -- --short' : ''}\` on ${new Date().toISOString().slice(0, 10)}, Node ${execFileSync(node, ['--version']).toString().trim()} (the action's runtime), ${RUNS} interleaved runs per command against the local Fastly simulator. Times are wall-clock per process, median and min–max. The commands run in rounds, one run of each per round in a rotating order; a ratio is the median over the rounds of the command's time over the floor's (or the reference's) in the same round.

## Verify cold start

${table(cold.verify)}

## Post-step revoke cold start

${table(cold.post)}

The action's own CPU time, beyond the floor bundle plus one request: ${round(ownCpu(cold.verify))} ms in the verify step, ${round(ownCpu(cold.post))} ms in the post step (medians; the CPU column comes from each process's own accounting at exit).

The reference row is the floor bundle followed by one request to the simulator through Node's own \`http\` client: what a single request costs a fresh Node process with the toolkit loaded. The cold-start budgets are 1.15× that reference (ratios are medians of per-round ratios).

## Audit at scale

The audit rows are timed in rounds too (one run of each row per round, rotating). The action's own time, from the list's response headers to its outputs and summary (reading the body included); for the paged automation list, the time from each page's headers to the end of its parsing, summed, plus the time from the last page to the outputs and summary (the waits for the next page are Fastly's, left out). Peak memory is the process's maximum resident set, against a verify run's ${round(floorRssMb)} MB.

| list | tokens | answers | response | own time, median (min–max) | peak RSS | over the floor | over the floor / response |
|---|---|---|---|---|---|---|---|
${auditRows.map((row) => `| ${row.list === 'automation' ? 'GET /automation-tokens (paged)' : 'GET /tokens'} | ${row.tokens.toLocaleString('en-US')} | ${row.answers} | ${round(row.bytes / 1024 / 1024)} MiB | ${fmt(row.ownMs)} | ${round(row.peakRssMb)} MB | ${round(row.overFloorMb)} MB | ${round(row.ratioToBody, 2)}× |`).join('\n')}

## Requests per operation (from the simulator's log)

| operation | expected | measured |
|---|---|---|
${counts.map((row) => `| ${row.operation} | ${row.expected} | ${row.measured} |`).join('\n')}

## Bundle sizes

| file | size |
|---|---|
${sizes.map((size) => `| ${size.file} | ${round(size.kb)} kB |`).join('\n')}

## Budgets

| budget | limit | measured | result |
|---|---|---|---|
${budgets.map((b) => `| ${b.name} | ${b.limit} | ${b.measured} | ${b.pass ? 'PASS' : 'FAIL'} |`).join('\n')}
`
  const outDir = join(PROJECT_ROOT, 'bench')
  mkdirSync(outDir, { recursive: true })
  const name = SHORT ? 'results-short' : 'results'
  writeFileSync(join(outDir, `${name}.md`), md)
  writeFileSync(
    join(outDir, `${name}.json`),
    `${JSON.stringify({ short: SHORT, runs: RUNS, cold, floorRssMb, audits: auditRows, counts, sizes, budgets }, null, 2)}\n`,
  )
  for (const b of budgets) console.log(`${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${b.measured} (limit ${b.limit})`)
  console.log(`Wrote bench/${name}.md and bench/${name}.json`)
  rmSync(work, { recursive: true, force: true })
  process.exitCode = budgets.every((b) => b.pass) ? 0 : 1
}

await main()
