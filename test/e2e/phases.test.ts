/**
 * The two steps as separate programs: which step runs is fixed by the file the
 * runner starts (runs.main, runs.post), never by the environment, and the post
 * step needs nothing but the record the main step saved and the token.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { encodePostRecord, fingerprintToken } from '../../src/revoke/post-record.js'
import { runAction, runJob, type RunResult, tokenLeaks } from '../../tools/runner.js'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../../tools/simulator.js'

let simulator: FastlySimulator
let dir: string
const HOUR = 3600 * 1000

beforeAll(async () => {
  simulator = await FastlySimulator.start()
  dir = mkdtempSync(join(tmpdir(), 'ftg-phases-'))
})
afterAll(async () => {
  await simulator.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => {
  simulator.requests.length = 0
})

function deployToken(fields: Record<string, unknown> = {}): SimulatedToken {
  return simulator.addToken({
    name: 'deploy',
    user_id: 'PhaseUser0000000000001',
    expires_at: isoSeconds(new Date(Date.now() + 2 * HOUR)),
    ...fields,
  })
}

const deletes = () => simulator.apiRequests().filter((request) => request.method === 'DELETE')
const infoLines = (result: RunResult) =>
  result.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('::'))

describe('a deploy job whose earlier step writes STATE_* into the environment', () => {
  it('still gates: the main step never reads state, so a forged STATE_isPost cannot skip the checks', async () => {
    const expired = deployToken({ expires_at: isoSeconds(new Date(Date.now() - HOUR)) })
    const result = await runAction({
      inputs: { 'api-token': expired.secret, 'api-url': simulator.url },
      env: { STATE_isPost: 'true' },
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('invalid')
    expect(result.outputs.passed).toBe('false')
  })

  it('revokes nothing with revoke: never, whatever post-step record the environment carries', async () => {
    const token = deployToken()
    // A record the post step would act on: well formed, with the token's own fingerprint. The main step saves
    // its own (empty) record first, and the runner hands the post step what the action saved, not the environment's.
    const forged = encodePostRecord({
      apiUrl: simulator.url,
      timeoutMs: 30_000,
      maxRetries: 0,
      dryRun: false,
      failOnError: false,
      jobSummary: true,
      allowNonExpiring: true,
      fingerprint: fingerprintToken(token.secret),
      tokenId: token.record.id,
      tokenName: 'deploy',
      expiresAt: null,
      verified: true,
      madeToken: null,
    })
    const job = await runJob({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'never' },
      env: { STATE_isPost: 'true', 'STATE_post-revoke': forged },
    })
    expect(job.main.exitCode).toBe(0)
    expect(job.main.state['post-revoke']).toBe('')
    expect(job.post.exitCode).toBe(0)
    expect(deletes()).toEqual([])
    expect(simulator.isRevoked(token.record.id)).toBe(false)
  })
})

describe('revoke: post needs only its record and the token', () => {
  it('revokes even when the IDs file the main step read was deleted by a later step', async () => {
    const token = deployToken()
    const other = deployToken({ name: 'old' })
    const file = join(dir, 'ids.txt')
    writeFileSync(file, `${other.record.id}\n`)
    const inputs = {
      'api-token': token.secret,
      'api-url': simulator.url,
      revoke: 'post',
      'revoke-token-ids-file': file,
    }
    const main = await runAction({ inputs })
    expect(main.exitCode).toBe(0)
    rmSync(file)
    const post = await runAction({ step: 'post', inputs, state: main.state })
    expect(post.exitCode).toBe(0)
    expect(simulator.isRevoked(token.record.id)).toBe(true)
    expect(deletes().map((request) => request.path)).toEqual([`/tokens/${other.record.id}`, '/tokens/self'])
  })

  it('revokes even when every other input went bad by the end of the job', async () => {
    const token = deployToken()
    const job = await runJob({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' },
      postInputs: { timeout: 'soon', 'api-url': 'ftp://elsewhere', 'dry-run': 'maybe', 'job-summary': 'perhaps' },
    })
    expect(job.post.exitCode).toBe(0)
    expect(simulator.isRevoked(token.record.id)).toBe(true)
  })

  it('starts and revokes a token whose name is 200 KiB (more than one environment variable may hold)', async () => {
    const token = deployToken({ name: `huge-${'n'.repeat(200 * 1024)}` })
    const job = await runJob({ inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' } })
    expect(job.main.exitCode).toBe(0)
    expect(job.main.state['post-revoke']!.length).toBeLessThan(2048)
    expect(job.post.exitCode).toBe(0)
    expect(simulator.isRevoked(token.record.id)).toBe(true)
  })

  it('warns and revokes nothing when the token is gone from the environment by the post step', async () => {
    const token = deployToken()
    const job = await runJob({
      inputs: { 'api-url': simulator.url, revoke: 'post' },
      env: { FASTLY_API_TOKEN: token.secret },
      postEnv: { FASTLY_API_TOKEN: '' },
    })
    expect(job.post.exitCode).toBe(0)
    expect(job.post.annotations).toEqual([
      expect.objectContaining({ level: 'warning', message: expect.stringMatching(/changed or is absent/) }),
    ])
    expect(job.post.stdout).not.toMatch(/No Fastly API token/)
    expect(deletes()).toEqual([])
    expect(tokenLeaks(job.post, token.secret)).toEqual([])
  })

  it('says nothing alarming at the end of a job that asked for no revocation', async () => {
    const token = deployToken()
    const job = await runJob({ inputs: { 'api-token': token.secret, 'api-url': simulator.url } })
    expect(job.post.exitCode).toBe(0)
    expect(job.post.annotations).toEqual([])
    expect(infoLines(job.post)).toEqual([])
    expect(job.post.summary).toBe('')
  })
})
