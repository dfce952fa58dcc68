/**
 * The README's local path, followed word for word: .env.example as .env, the
 * simulator with its fixed local secrets, `npm run local-action` (main step,
 * then post step). The audit file lands under the relative RUNNER_TEMP of
 * .env.example, which nothing created beforehand, and its output is absolute.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest'
import { PROJECT_ROOT } from '../../tools/runner.js'
import { LOCAL_SECRETS, seedStandardTokens } from '../../tools/seeds.js'
import { FastlySimulator } from '../../tools/simulator.js'

let simulator: FastlySimulator
let dir: string
beforeAll(async () => {
  simulator = await FastlySimulator.start()
  seedStandardTokens(simulator, new Date(), LOCAL_SECRETS)
  dir = mkdtempSync(join(tmpdir(), 'ftg-local-action-'))
})
afterAll(async () => {
  await simulator.close()
  rmSync(dir, { recursive: true, force: true })
})

it(
  'runs the main and post steps from .env.example and writes the audit file where it says',
  { timeout: 300_000 },
  async () => {
    // The project's own relative folder, as in .env.example, made unique so that it surely does not exist yet.
    const runnerTemp = `./.local-action/test-${process.pid}-${Date.now()}`
    const env = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8')
      .replace('INPUT_API-URL=http://127.0.0.1:8080', `INPUT_API-URL=${simulator.url}`)
      .replace('RUNNER_TEMP=./.local-action', `RUNNER_TEMP=${runnerTemp}`)
    expect(env).toContain(`INPUT_API-URL=${simulator.url}`)
    expect(env).toContain(`RUNNER_TEMP=${runnerTemp}`)
    expect(existsSync(join(PROJECT_ROOT, runnerTemp))).toBe(false)
    writeFileSync(join(dir, '.env'), env)
    // Asynchronously: the simulator answers from this very process, which must not block while local-action runs.
    const child = spawn(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'local-action'),
      // What `npm run local-action` runs: local-action wants modules that export run(), the steps' own.
      ['run', PROJECT_ROOT, 'src/steps/main-step.ts', join(dir, '.env'), '--post', 'src/steps/post-step.ts'],
      // From the project's root, as `npm run local-action` runs it.
      {
        cwd: PROJECT_ROOT,
        // GITHUB_ACTIONS as local-action's own example sets it (and CI does): run() must still write through its stand-in.
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NO_COLOR: '1', GITHUB_ACTIONS: 'true' },
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
    const run = { status, stdout, stderr }
    onTestFinished(() => rmSync(join(PROJECT_ROOT, runnerTemp), { recursive: true, force: true }))
    const output = `${run.stdout}\n${run.stderr}`
    expect(run.status, output).toBe(0)
    expect(output).not.toMatch(/ENOENT|failed unexpectedly/)
    const file = /::set-output name=audit-file::(\S+\.json)/.exec(output)?.[1]
    expect(file, output).toBeDefined()
    expect(isAbsolute(file!)).toBe(true)
    expect(file!.startsWith(join(PROJECT_ROOT, runnerTemp))).toBe(true)
    expect(existsSync(file!)).toBe(true)
    expect(output).not.toContain(LOCAL_SECRETS.healthy)
  },
)
