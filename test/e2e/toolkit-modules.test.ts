/**
 * What the bundle loads as the runner starts it: a check and a post-step revocation run from index.js alone,
 * so the toolkit writes through @actions/core's command modules and never loads core's entry (with its OIDC
 * client, undici and exec), which is a chunk of its own. A probe preloaded with NODE_OPTIONS lists every file
 * the action's process loads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT, runJob, type RunResult } from '../../tools/runner.js'
import { FastlySimulator } from '../../tools/simulator.js'

const PROBE = `
const { registerHooks } = require('node:module')
const loaded = []
registerHooks({ load(url, context, next) { if (url.startsWith('file:')) loaded.push(url); return next(url, context) } })
process.on('exit', () => process.stderr.write('probe: ' + loaded.join(' ') + '\\n'))
`

let simulator: FastlySimulator
let dir: string
let probe: string

beforeAll(async () => {
  simulator = await FastlySimulator.start()
  dir = mkdtempSync(join(tmpdir(), 'ftg-modules-'))
  probe = join(dir, 'probe.cjs')
  writeFileSync(probe, PROBE)
})
afterAll(async () => {
  await simulator.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The files of dist/ the step's process loaded, by name. */
const loadedFiles = (result: RunResult, step: 'main' | 'post') => {
  const urls = (/^probe: (.*)$/m.exec(result.stderr)?.[1] ?? '').split(' ').filter((url) => url !== '')
  return urls
    .map((url) => new URL(url).pathname)
    .map((path) => (path.startsWith(join(PROJECT_ROOT, 'dist', step)) ? basename(path) : path))
}

describe('on a runner', () => {
  it('a check, and the post step that revokes its token, load index.js and nothing else', async () => {
    const token = simulator.addToken({ name: 'deploy', expires_at: new Date(Date.now() + 3_600_000).toISOString() })
    const job = await runJob({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' },
      env: { NODE_OPTIONS: `--require=${probe}` },
    })
    expect(job.main.exitCode, job.main.stdout).toBe(0)
    expect(job.post.exitCode, job.post.stdout).toBe(0)
    expect(job.post.outputs).toBeDefined()
    expect(simulator.apiRequests().some((request) => request.method === 'DELETE')).toBe(true)
    expect(loadedFiles(job.main, 'main')).toEqual(['index.js'])
    expect(loadedFiles(job.post, 'post')).toEqual(['index.js'])
  })
})
