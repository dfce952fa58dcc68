import { describe, expect, it } from 'vitest'
import { defaultTokenName, orderToken } from '../../src/mint/mint-request.js'

describe('defaultTokenName', () => {
  it('names the repository, run, attempt and job, so two runs (or a re-run) never share a name', () => {
    const env = { GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'deploy' }
    expect(defaultTokenName(env)).toBe('acme/site run 42 attempt 2 job deploy')
    expect(defaultTokenName({ ...env, GITHUB_RUN_ATTEMPT: '3' })).not.toBe(defaultTokenName(env))
    expect(defaultTokenName({ ...env, GITHUB_RUN_ID: '43' })).not.toBe(defaultTokenName(env))
    expect(defaultTokenName({ ...env, GITHUB_JOB: 'deploy-eu' })).not.toBe(defaultTokenName(env))
  })

  it('counts a run without an attempt as the first, and leaves out a job it does not know', () => {
    expect(defaultTokenName({ GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '42' })).toBe('acme/site run 42 attempt 1')
  })

  it('says so outside GitHub Actions', () => {
    expect(defaultTokenName({})).toMatch(/outside GitHub Actions/)
  })
})

describe('orderToken', () => {
  const mint = {
    name: 'deploy',
    scopes: ['purge_all' as const, 'purge_select' as const],
    services: ['S1', 'S2'],
    lifetimeSeconds: 7200,
  }

  it('asks for the scopes space-separated, the services, and an expiry the lifetime from now, in whole seconds', () => {
    const order = orderToken(mint, new Date('2026-01-01T00:00:00.750Z'))
    expect(order).toEqual({
      name: 'deploy',
      scope: 'purge_all purge_select',
      services: ['S1', 'S2'],
      expiresAt: Date.parse('2026-01-01T02:00:00Z'),
    })
  })
})
