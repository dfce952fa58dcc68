/**
 * `passed` says whether the step passed, whatever made it fail; `status` stays
 * the token's own verdict. A workflow that branches on `passed` with
 * `continue-on-error` must never see `true` beside a failed step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GitHubStandin } from '../../tools/github-standin.js'
import { runAction, runJob, type RunResult } from '../../tools/runner.js'
import { seedAuditAccount } from '../../tools/seeds.js'
import { FastlySimulator, isoSeconds } from '../../tools/simulator.js'

let simulator: FastlySimulator
let github: GitHubStandin
const GITHUB_TOKEN = 'ghs_honestOutputs0000000000000000000'
beforeAll(async () => {
  simulator = await FastlySimulator.start()
  github = await GitHubStandin.start('example-org/example-app', GITHUB_TOKEN)
})
afterAll(async () => {
  await simulator.close()
  await github.close()
})

function failedStep(result: RunResult, status: string): void {
  expect(result.exitCode).toBe(1)
  expect(result.outputs.passed).toBe('false')
  expect(result.outputs.status).toBe(status)
  expect(result.annotations.filter((annotation) => annotation.level === 'error')).toHaveLength(1)
}

describe("when the runner's own files fail", () => {
  it('a missing output file fails the step with one error annotation, not a crash', async () => {
    const token = simulator.addToken({ name: 'outputs-file-gone' })
    const result = await runAction({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url },
      env: { GITHUB_OUTPUT: '/nonexistent/ftg/output' },
    })
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((annotation) => annotation.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain('Missing file at path: /nonexistent/ftg/output')
    // Caught, not thrown: no stack trace, no dump of the bundle's source.
    expect(result.stderr).not.toContain('    at ')
    expect(result.stderr.length).toBeLessThan(2_000)
  })
})

describe('passed is false beside every failed step', () => {
  it('when the audit finds a token in audit-fail-on', async () => {
    const { auditor } = seedAuditAccount(simulator)
    const result = await runAction({
      inputs: { 'api-token': auditor.secret, 'api-url': simulator.url, audit: 'user', 'audit-fail-on': 'expired' },
    })
    failedStep(result, 'valid')
  })

  it('when revoke: post is refused for a token that never expires', async () => {
    const forever = simulator.addToken({ name: 'forever', expires_at: null })
    const job = await runJob({ inputs: { 'api-token': forever.secret, 'api-url': simulator.url, revoke: 'post' } })
    failedStep(job.main, 'valid')
    expect(simulator.isRevoked(forever.record.id)).toBe(false)
  })

  it('when GitHub refuses the audit issue', async () => {
    const { auditor } = seedAuditAccount(simulator)
    github.failWith = 403
    try {
      const result = await runAction({
        inputs: {
          'api-token': auditor.secret,
          'api-url': simulator.url,
          audit: 'user',
          'github-issue': 'true',
          'github-token': GITHUB_TOKEN,
        },
        env: { GITHUB_API_URL: github.url },
      })
      failedStep(result, 'valid')
    } finally {
      github.failWith = undefined
    }
  })

  it('when a revocation fails and fail-on-revoke-error is true', async () => {
    const token = simulator.addToken({ name: 'short', expires_at: isoSeconds(new Date(Date.now() + 3_600_000)) })
    simulator.injectFault({ kind: 'status', status: 500, method: 'DELETE', times: 5 })
    const result = await runAction({
      inputs: {
        'api-token': token.secret,
        'api-url': simulator.url,
        revoke: 'now',
        'max-retries': '0',
        'fail-on-revoke-error': 'true',
      },
    })
    simulator.clearFaults()
    failedStep(result, 'expiring')
    expect(result.outputs.revoked).toBe('false')
  })

  it('and true when the step passes', async () => {
    const token = simulator.addToken({ name: 'fine' })
    const result = await runAction({ inputs: { 'api-token': token.secret, 'api-url': simulator.url } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ passed: 'true', status: 'valid' })
  })
})

describe('no silent no-ops', () => {
  it('warns about each input set for a mode that is off, and still passes', async () => {
    const token = simulator.addToken({ name: 'gate' })
    const result = await runAction({
      inputs: {
        'api-token': token.secret,
        'api-url': simulator.url,
        'audit-fail-on': 'expired',
        'github-issue': 'true',
      },
    })
    expect(result.exitCode).toBe(0)
    expect(result.annotations.filter((annotation) => annotation.level === 'warning').map((a) => a.message)).toEqual([
      "Input 'audit-fail-on' has no effect here: set 'audit' to user, automation or customer for it to count, or remove it.",
      "Input 'github-issue' has no effect here: set 'audit' to user, automation or customer for it to count, or remove it.",
    ])
  })
})
