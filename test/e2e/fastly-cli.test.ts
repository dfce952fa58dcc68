/**
 * The simulator must answer as Fastly does, or the rest of the tests prove
 * little. Fastly's own CLI is the independent judge here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fastlyCliPlatform, runFastlyCli } from '../../tools/fastly-cli.js'
import { seedStandardTokens, type StandardTokens } from '../../tools/seeds.js'
import { FastlySimulator } from '../../tools/simulator.js'

let simulator: FastlySimulator
let tokens: StandardTokens

beforeAll(async () => {
  simulator = await FastlySimulator.start()
  tokens = seedStandardTokens(simulator)
})
afterAll(async () => simulator.close())

// Elsewhere npm has no binary for it; on Linux x64 (CI) a missing binary fails these tests.
describe.runIf(fastlyCliPlatform())('the official Fastly CLI against the simulator', () => {
  it('describes the current token', async () => {
    const result = await runFastlyCli(simulator.url, tokens.healthy.secret, ['auth-token', 'describe'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`ID: ${tokens.healthy.record.id}`)
    expect(result.stdout).toContain('Name: deploy-ci')
    expect(result.stdout).toContain('Scope: global')
  })

  it("lists the user's tokens, null fields and all", async () => {
    const result = await runFastlyCli(simulator.url, tokens.healthy.secret, ['auth-token', 'list', '--json'])
    expect(result.exitCode).toBe(0)
    const listed = JSON.parse(result.stdout) as Array<{ TokenID: string; Name: string }>
    expect(listed.map((token) => token.Name)).toEqual([
      'deploy-ci',
      'deploy-ci-old',
      'automation-legacy',
      'stats-reader',
      'purge-www',
      'deploy-ci-expired',
    ])
  })

  it("lists a customer's tokens for a superuser", async () => {
    const result = await runFastlyCli(simulator.url, tokens.superuser.secret, [
      'auth-token',
      'list',
      '--customer-id',
      tokens.superuser.record.customer_id!,
      '--json',
    ])
    expect(result.exitCode).toBe(0)
    expect((JSON.parse(result.stdout) as unknown[]).length).toBe(7)
  })

  it('deletes the current token, after which Fastly rejects it', async () => {
    const token = simulator.addToken({ name: 'short-lived' })
    const deleted = await runFastlyCli(simulator.url, token.secret, ['auth-token', 'delete', '--current'])
    expect(deleted.exitCode).toBe(0)
    expect(simulator.isRevoked(token.record.id)).toBe(true)
    const describe = await runFastlyCli(simulator.url, token.secret, ['auth-token', 'describe'])
    expect(describe.exitCode).not.toBe(0)
    expect(`${describe.stdout}${describe.stderr}`).toMatch(/401|credentials|invalid/i)
  })
})
