/**
 * Revocation as a user meets it: the bundled main and post steps under
 * Node 24, with the runner's state hand-off, against the simulator. Every
 * test counts the DELETEs, because revocation is irreversible.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runFastlyCli, fastlyCliPlatform } from '../../tools/fastly-cli.js'
import { runAction, runJob, type RunResult, tokenLeaks } from '../../tools/runner.js'
import { FastlySimulator, isoSeconds, type SimulatedToken } from '../../tools/simulator.js'

let simulator: FastlySimulator
const HOUR = 3600 * 1000

/** What the simulator answers for an unknown or revoked token in this run of the suite (vitest.config.ts). */
const INVALID = process.env.FASTLY_SIMULATOR_INVALID_STATUS === '403' ? 403 : 401

beforeAll(async () => {
  simulator = await FastlySimulator.start()
})
afterAll(async () => simulator.close())
beforeEach(() => {
  simulator.clearFaults()
  simulator.requests.length = 0
})

function shortLived(name = 'deploy-short', fields: Record<string, unknown> = {}): SimulatedToken {
  return simulator.addToken({
    name,
    user_id: 'RevokeUser000000000001',
    expires_at: isoSeconds(new Date(Date.now() + 2 * HOUR)),
    ...fields,
  })
}

const deletes = () => simulator.apiRequests().filter((request) => request.method === 'DELETE')
const annotations = (result: RunResult, level: 'error' | 'warning') =>
  result.annotations.filter((a) => a.level === level).map((a) => a.message)

function noLeaks(secret: string, ...results: RunResult[]): void {
  for (const result of results) {
    expect(tokenLeaks(result, secret)).toEqual([])
    expect(result.stderr).not.toMatch(/\n\s+at /)
  }
}

async function rejectedBySimulator(token: SimulatedToken): Promise<void> {
  const check = await runAction({
    inputs: { 'api-token': token.secret, 'api-url': simulator.url, 'job-summary': 'false' },
  })
  expect(check.outputs.status).toBe('invalid')
}

describe('revoke: post — a short-lived deploy token does not outlive its job', () => {
  it('revokes at the end of a job whose main step passed', async () => {
    const token = shortLived()
    const job = await runJob({ inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' } })
    expect(job.main.exitCode).toBe(0)
    expect(job.main.outputs).toMatchObject({
      status: 'expiring',
      passed: 'true',
      revoked: 'false',
      'revoked-token-ids': '[]',
    })
    expect(JSON.parse(job.main.state['post-revoke']!)).toMatchObject({ tokenId: token.record.id, verified: true })
    // Short-lived by design: no "expires soon, renew it" warning for a token this job revokes.
    expect(job.main.annotations).toEqual([])
    expect(job.main.state['post-revoke']).toMatch(/"fingerprint":"[0-9a-f]{64}"/)
    expect(job.post.exitCode).toBe(0)
    expect(job.post.stdout).toContain(
      `Revoked the current token ${token.record.id} (deploy-short) (confirmed: Fastly now rejects it).`,
    )
    expect(job.post.summary).toContain('Fastly token revocation (post step)')
    expect(job.post.summary).toContain('🗑️ revoked')
    expect(deletes().map((r) => r.path)).toEqual(['/tokens/self'])
    expect(simulator.isRevoked(token.record.id)).toBe(true)
    noLeaks(token.secret, job.main, job.post)
    await rejectedBySimulator(token)
  })

  it('still revokes when the main step failed on a policy', async () => {
    const token = shortLived('deploy-no-purge', { scope: 'purge_select' })
    const job = await runJob({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post', 'required-scopes': 'purge_all' },
    })
    expect(job.main.exitCode).toBe(1)
    expect(job.post.exitCode).toBe(0)
    expect(simulator.isRevoked(token.record.id)).toBe(true)
    expect(deletes()).toHaveLength(1)
  })

  it('does nothing in the post step when the main step found the token invalid', async () => {
    const token = shortLived()
    token.revoked = true
    const job = await runJob({ inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' } })
    expect(job.main.outputs.status).toBe('invalid')
    expect(job.main.state['post-revoke']).toBe('') // withdrawn after verification
    expect(job.post.exitCode).toBe(0)
    expect(deletes()).toHaveLength(0)
  })

  it('treats a token already revoked by the time of the post step as done', async () => {
    const token = shortLived()
    const main = await runAction({ inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' } })
    token.revoked = true // revoked by someone else during the job
    const post = await runAction({
      step: 'post',
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' },
      state: main.state,
    })
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain('was already revoked')
    expect(annotations(post, 'warning')).toEqual([])
    expect(deletes().map((r) => r.status)).toEqual([INVALID])
  })

  it('sends nothing when the recorded expiry is clearly past', async () => {
    const token = shortLived()
    const main = await runAction({ inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' } })
    const record = JSON.parse(main.state['post-revoke']!) as Record<string, unknown>
    const state = {
      ...main.state,
      'post-revoke': JSON.stringify({ ...record, expiresAt: isoSeconds(new Date(Date.now() - HOUR)) }),
    }
    simulator.requests.length = 0
    const post = await runAction({
      step: 'post',
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' },
      state,
    })
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toMatch(/Nothing to revoke: the token expired at/)
    expect(simulator.requests).toHaveLength(0)
  })

  it('revokes nothing, and warns, when FASTLY_API_TOKEN changed between main and post', async () => {
    const first = shortLived('first')
    const second = shortLived('second')
    const job = await runJob({
      inputs: { 'api-url': simulator.url, revoke: 'post' },
      env: { FASTLY_API_TOKEN: first.secret },
      postEnv: { FASTLY_API_TOKEN: second.secret },
    })
    expect(job.main.exitCode).toBe(0)
    expect(job.post.exitCode).toBe(0)
    expect(annotations(job.post, 'warning')).toEqual([expect.stringContaining('is not the one the main step verified')])
    expect(deletes()).toHaveLength(0)
    expect(simulator.isRevoked(first.record.id)).toBe(false)
    expect(simulator.isRevoked(second.record.id)).toBe(false)
    noLeaks(first.secret, job.main, job.post)
    noLeaks(second.secret, job.post)
  })

  it('refuses a token that never expires, now and later, unless allowed', async () => {
    const forever = simulator.addToken({ name: 'shared-secret', expires_at: null })
    const job = await runJob({ inputs: { 'api-token': forever.secret, 'api-url': simulator.url, revoke: 'post' } })
    expect(job.main.exitCode).toBe(1)
    expect(annotations(job.main, 'error')[0]).toMatch(
      /^Refusing 'revoke: post': the token 'shared-secret' .* never expires.*allow-revoke-non-expiring: true/,
    )
    expect(job.main.state['post-revoke']).toBe('') // withdrawn after verification
    expect(job.post.exitCode).toBe(0)
    expect(deletes()).toHaveLength(0)

    const allowed = await runJob({
      inputs: {
        'api-token': forever.secret,
        'api-url': simulator.url,
        revoke: 'post',
        'allow-revoke-non-expiring': 'true',
      },
    })
    expect(allowed.main.exitCode).toBe(0)
    expect(simulator.isRevoked(forever.record.id)).toBe(true)
  })

  it('verifies in the post step when the main step got no verdict', async () => {
    const token = shortLived()
    simulator.injectFault({ kind: 'status', status: 503, times: 2 })
    const job = await runJob({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post', 'max-retries': '1' },
    })
    expect(job.main.outputs.status).toBe('error')
    expect(JSON.parse(job.main.state['post-revoke']!)).toMatchObject({ tokenId: null, verified: false })
    expect(job.post.exitCode).toBe(0)
    expect(simulator.apiRequests().map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 503',
      'GET 503',
      'GET 200',
      'DELETE 204',
      `GET ${INVALID}`,
    ])
    expect(simulator.isRevoked(token.record.id)).toBe(true)
  })

  it('reports a dry run without sending a DELETE, in main and post', async () => {
    const token = shortLived()
    const job = await runJob({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post', 'dry-run': 'true' },
    })
    expect(job.post.exitCode).toBe(0)
    expect(job.post.stdout).toContain('Dry run: would revoke the current token')
    expect(job.post.summary).toContain('would revoke (dry run)')
    expect(deletes()).toHaveLength(0)
    expect(simulator.isRevoked(token.record.id)).toBe(false)
  })

  it('rides out a 503 on revoke', async () => {
    const token = shortLived()
    simulator.injectFault({ kind: 'status', status: 503, method: 'DELETE' })
    const job = await runJob({ inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post' } })
    expect(job.post.exitCode).toBe(0)
    expect(deletes().map((r) => r.status)).toEqual([503, 204])
    expect(simulator.isRevoked(token.record.id)).toBe(true)
  })

  it('warns when revocation finally fails, or fails the step with fail-on-revoke-error', async () => {
    const token = shortLived()
    simulator.injectFault({ kind: 'status', status: 500, method: 'DELETE', times: 2 })
    const job = await runJob({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'post', 'max-retries': '1' },
    })
    expect(job.post.exitCode).toBe(0)
    expect(annotations(job.post, 'warning')).toEqual([
      'Could not revoke the current token: DELETE /tokens/self answered HTTP 500: Internal Server Error (gave up after 2 attempts) (GET /tokens/self still answers 200)',
    ])

    simulator.injectFault({ kind: 'status', status: 500, method: 'DELETE', times: 2 })
    const strict = await runJob({
      inputs: {
        'api-token': token.secret,
        'api-url': simulator.url,
        revoke: 'post',
        'max-retries': '1',
        'fail-on-revoke-error': 'true',
      },
    })
    expect(strict.post.exitCode).toBe(1)
    expect(annotations(strict.post, 'error')[0]).toMatch(
      /^Could not revoke the current token: DELETE \/tokens\/self answered HTTP 500/,
    )
    expect(simulator.isRevoked(token.record.id)).toBe(false)
  })
})

describe('revoke: now', () => {
  it('revokes at the end of the step, after the outputs describe the token as it was', async () => {
    const token = shortLived()
    const result = await runAction({ inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'now' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'expiring',
      'token-id': token.record.id,
      revoked: 'true',
      'revoked-token-ids': JSON.stringify([token.record.id]),
    })
    expect(simulator.apiRequests().map((r) => `${r.method} ${r.status} ${r.path}`)).toEqual([
      'GET 200 /tokens/self',
      'DELETE 204 /tokens/self',
      // The confirmation: Fastly now rejects the token.
      `GET ${INVALID} /tokens/self`,
    ])
    expect(result.outputs['rate-limit-remaining']).toMatch(/^\d+$/)
    // Nothing for the post step: the record is withdrawn.
    expect(result.state['post-revoke']).toBe('')
    await rejectedBySimulator(token)
  })

  it('revokes even when a check failed', async () => {
    const token = shortLived('soon', { expires_at: isoSeconds(new Date(Date.now() + HOUR)) })
    const result = await runAction({
      inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'now', 'fail-if-expires-within': '1d' },
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.revoked).toBe('true')
    expect(simulator.isRevoked(token.record.id)).toBe(true)
  })

  it.runIf(fastlyCliPlatform())('leaves a token the official Fastly CLI can no longer use', async () => {
    const token = shortLived()
    expect((await runFastlyCli(simulator.url, token.secret, ['auth-token', 'describe'])).exitCode).toBe(0)
    await runAction({ inputs: { 'api-token': token.secret, 'api-url': simulator.url, revoke: 'now' } })
    const after = await runFastlyCli(simulator.url, token.secret, ['auth-token', 'describe'])
    expect(after.exitCode).not.toBe(0)
  })
})

describe('revoke-token-ids — a cleanup workflow revokes tokens by ID', () => {
  it('revokes one ID with DELETE /tokens/{id}', async () => {
    const runner = shortLived('cleanup-runner')
    const victim = shortLived('old-deploy')
    const result = await runAction({
      inputs: { 'api-token': runner.secret, 'api-url': simulator.url, 'revoke-token-ids': victim.record.id },
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ revoked: 'false', 'revoked-token-ids': JSON.stringify([victim.record.id]) })
    expect(deletes().map((r) => r.path)).toEqual([`/tokens/${victim.record.id}`])
    expect(simulator.isRevoked(victim.record.id)).toBe(true)
    expect(simulator.isRevoked(runner.record.id)).toBe(false)
    expect(result.summary).toContain(victim.record.id)
  })

  it('revokes several in one bulk request with the JSON:API bulk body', async () => {
    const runner = shortLived('cleanup-runner')
    const victims = [shortLived('a'), shortLived('b'), shortLived('c')]
    const ids = victims.map((v) => v.record.id)
    const result = await runAction({
      inputs: { 'api-token': runner.secret, 'api-url': simulator.url, 'revoke-token-ids': ids.join(', ') },
    })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs['revoked-token-ids']!)).toEqual(ids)
    const [bulk] = deletes()
    expect(deletes()).toHaveLength(1)
    expect(bulk).toMatchObject({ path: '/tokens', status: 204 })
    expect(bulk!.headers['content-type']).toBe('application/vnd.api+json; ext=bulk')
    expect(bulk!.headers.accept).toBe('application/vnd.api+json; ext=bulk')
    expect(JSON.parse(bulk!.body)).toEqual({ data: ids.map((id) => ({ type: 'token', id })) })
    expect(victims.every((v) => simulator.isRevoked(v.record.id))).toBe(true)
  })

  it('takes a JSON array, as another step outputs it, and chunks by 100', async () => {
    const runner = shortLived('cleanup-runner')
    const victims = Array.from({ length: 150 }, (_, i) => shortLived(`bulk-${i}`))
    const ids = victims.map((v) => v.record.id)
    const result = await runAction({
      inputs: { 'api-token': runner.secret, 'api-url': simulator.url, 'revoke-token-ids': JSON.stringify(ids) },
    })
    expect(result.exitCode).toBe(0)
    expect(deletes().map((r) => (JSON.parse(r.body) as { data: unknown[] }).data.length)).toEqual([100, 50])
    expect(JSON.parse(result.outputs['revoked-token-ids']!)).toHaveLength(150)
  })

  it('sends only the IDs Fastly lists for this token: an unknown ID and another user’s token are not found, never sent', async () => {
    const runner = shortLived('cleanup-runner')
    const victim = shortLived('real')
    const other = simulator.addToken({ name: 'someone-else', user_id: 'OtherUser0000000000001' })
    const result = await runAction({
      inputs: {
        'api-token': runner.secret,
        'api-url': simulator.url,
        'revoke-token-ids': `${victim.record.id} NoSuchToken00000000000 ${other.record.id}`,
      },
    })
    expect(result.exitCode).toBe(0)
    expect(deletes().map((r) => `${r.path} ${r.status}`)).toEqual([`/tokens/${victim.record.id} 204`])
    expect(JSON.parse(result.outputs['revoked-token-ids']!)).toEqual([victim.record.id])
    expect(result.stdout).toContain('Token NoSuchToken00000000000 is not among the tokens Fastly lists for this token')
    expect(simulator.isRevoked(other.record.id)).toBe(false)
    expect(result.summary).toContain('not found')
  })

  it("warns when Fastly refused the customer's list, so other users' IDs could not even be checked", async () => {
    const runner = shortLived('cleanup-runner')
    const other = simulator.addToken({ name: 'someone-else', user_id: 'OtherUser0000000000001' })
    const result = await runAction({
      inputs: { 'api-token': runner.secret, 'api-url': simulator.url, 'revoke-token-ids': other.record.id },
    })
    expect(result.exitCode).toBe(0)
    expect(deletes()).toEqual([])
    expect(annotations(result, 'warning')).toContainEqual(
      expect.stringMatching(
        /^Not revoked: 1 token ID\(s\) are not among the tokens this token may list, so they were never sent\. Fastly refused the customer's token list and the customer's automation-token list to this token .* run this step with a superuser's token\.$/,
      ),
    )
  })

  describe("a superuser's cleanup when Fastly's customer list fails (not refused)", () => {
    const superuserCleanup = () => {
      const admin = simulator.addToken({ name: 'admin', user_id: 'AdminUser0000000000001' }, { superuser: true })
      const victim = simulator.addToken({ name: 'victim', user_id: 'OtherUser0000000000001' })
      const inputs = {
        'api-token': admin.secret,
        'api-url': simulator.url,
        'revoke-token-ids': victim.record.id,
        'max-retries': '0',
      }
      return { admin, victim, inputs }
    }
    const customerList = /^\/customer\/[^/]+\/tokens$/

    it("before the revocation: sends nothing and warns, never reading the admin's own list in its place", async () => {
      const { victim, inputs } = superuserCleanup()
      simulator.injectFault({ kind: 'status', status: 500, method: 'GET', path: customerList })
      const result = await runAction({ inputs })
      expect(deletes()).toEqual([])
      expect(simulator.apiRequests().map((r) => `${r.method} ${r.path}`)).not.toContain('GET /tokens')
      expect(JSON.parse(result.outputs['revoked-token-ids']!)).toEqual([])
      expect(annotations(result, 'warning')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Could not revoke token ${victim.record.id}: not sent: listing the tokens to check the IDs against failed: GET /customer/.* answered HTTP 500`,
          ),
        ),
      ])
      expect(result.summary).not.toContain('not found')
    })

    it('after the revocation: does not call it confirmed when the list that would confirm it fails', async () => {
      const { victim, inputs } = superuserCleanup()
      simulator.injectFault({ kind: 'html', status: 502, method: 'GET', path: customerList, skip: 1 })
      const result = await runAction({ inputs })
      expect(deletes().map((r) => `${r.path} ${r.status}`)).toEqual([`/tokens/${victim.record.id} 204`])
      // Fastly did revoke it here; the step cannot know, and says so rather than claim it.
      expect(JSON.parse(result.outputs['revoked-token-ids']!)).toEqual([])
      expect(result.stdout).not.toContain('confirmed: Fastly no longer lists it')
      expect(annotations(result, 'warning')).toEqual([
        expect.stringMatching(
          /Fastly accepted the revocation; the list that would confirm it failed: GET \/customer\/.* answered HTTP 502/,
        ),
      ])
    })
  })

  it('falls back to one request per ID when bulk answers 404, and confirms each', async () => {
    const runner = shortLived('cleanup-runner')
    const victims = [shortLived('a'), shortLived('b')]
    simulator.injectFault({ kind: 'status', status: 404, method: 'DELETE', path: '/tokens' })
    const result = await runAction({
      inputs: {
        'api-token': runner.secret,
        'api-url': simulator.url,
        'revoke-token-ids': victims.map((victim) => victim.record.id).join(','),
      },
    })
    expect(result.exitCode).toBe(0)
    expect(deletes().map((r) => `${r.path} ${r.status}`)).toEqual([
      '/tokens 404',
      ...victims.map((victim) => `/tokens/${victim.record.id} 204`),
    ])
    expect(JSON.parse(result.outputs['revoked-token-ids']!)).toEqual(victims.map((victim) => victim.record.id))
  })

  it('does not retry bulk one by one on 403, and never lists what failed', async () => {
    const runner = shortLived('cleanup-runner')
    const victims = [shortLived('a'), shortLived('b')]
    simulator.injectFault({
      kind: 'status',
      status: 403,
      method: 'DELETE',
      path: '/tokens',
      body: JSON.stringify({ msg: 'You are not authorized to perform this action' }),
    })
    const result = await runAction({
      inputs: {
        'api-token': runner.secret,
        'api-url': simulator.url,
        'revoke-token-ids': victims.map((victim) => victim.record.id).join(','),
      },
    })
    expect(result.exitCode).toBe(0)
    expect(deletes()).toHaveLength(1)
    expect(result.outputs['revoked-token-ids']).toBe('[]')
    expect(annotations(result, 'warning').filter((m) => m.startsWith('Could not revoke'))).toHaveLength(1)
    expect(annotations(result, 'warning').find((m) => m.startsWith('Could not revoke'))).toMatch(
      /^Could not revoke token \w+ \(and 1 more; see the summary\): DELETE \/tokens answered HTTP 403: You are not authorized/,
    )
  })

  it("refuses the current token's own ID, pointing to revoke: now", async () => {
    const runner = shortLived('cleanup-runner')
    const victim = shortLived('victim')
    const result = await runAction({
      inputs: {
        'api-token': runner.secret,
        'api-url': simulator.url,
        'revoke-token-ids': `${victim.record.id}\n${runner.record.id}`,
      },
    })
    expect(result.exitCode).toBe(1)
    expect(annotations(result, 'error')[0]).toMatch(
      /includes \w+, the token this step runs on\. Nothing was revoked\. To revoke the current token use 'revoke: now'/,
    )
    expect(deletes()).toHaveLength(0)
  })

  it('refuses an invalid ID before any request', async () => {
    const runner = shortLived('cleanup-runner')
    const result = await runAction({
      inputs: { 'api-token': runner.secret, 'api-url': simulator.url, 'revoke-token-ids': 'abc ../self' },
    })
    expect(result.exitCode).toBe(1)
    expect(annotations(result, 'error')).toEqual([
      `Input 'revoke-token-ids' has "../self", which is not a Fastly token ID (letters and digits only). Nothing was revoked.`,
    ])
    expect(simulator.requests).toHaveLength(0)
  })

  it.each([['self'], ['SELF'], [' Self\n'], ['["VICTIM","self"]'], ['VICTIM, sElF']])(
    'refuses %j, in the input and in the file: a dispatch form cannot revoke the shared token with one word',
    async (given) => {
      const runner = simulator.addToken({ name: 'shared-forever', user_id: 'RevokeUser000000000001' })
      const victim = shortLived('victim')
      const ids = given.replace('VICTIM', victim.record.id)
      const dir = mkdtempSync(join(tmpdir(), 'ftg-self-'))
      writeFileSync(join(dir, 'ids.txt'), ids)
      const ways: Array<Record<string, string>> = [
        { 'revoke-token-ids': ids },
        { 'revoke-token-ids-file': join(dir, 'ids.txt') },
      ]
      for (const inputs of ways) {
        const result = await runAction({ inputs: { 'api-token': runner.secret, 'api-url': simulator.url, ...inputs } })
        expect(result.exitCode).toBe(1)
        expect(annotations(result, 'error')).toHaveLength(1)
        expect(annotations(result, 'error')[0]).toMatch(
          /the word self, which Fastly's API reads as the token that sends the request, not as a token ID\. Nothing was revoked\. To revoke the current token use 'revoke: now' or 'revoke: post'\./,
        )
        expect(result.outputs).toMatchObject({ revoked: 'false', 'revoked-token-ids': '[]' })
        noLeaks(runner.secret, result)
      }
      rmSync(dir, { recursive: true, force: true })
      expect(simulator.requests).toHaveLength(0)
      expect(simulator.isRevoked(runner.record.id)).toBe(false)
      expect(simulator.isRevoked(victim.record.id)).toBe(false)
    },
  )

  it('sends no DELETE in a dry run and lists the candidates', async () => {
    const runner = shortLived('cleanup-runner')
    const victims = [shortLived('x'), shortLived('y')]
    const result = await runAction({
      inputs: {
        'api-token': runner.secret,
        'api-url': simulator.url,
        'revoke-token-ids': victims.map((v) => v.record.id).join(' '),
        'dry-run': 'true',
        revoke: 'now',
      },
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ revoked: 'false', 'revoked-token-ids': '[]' })
    expect(deletes()).toHaveLength(0)
    expect(result.summary).toContain('Revocations (dry run: nothing was sent)')
    for (const victim of victims) expect(result.summary).toContain(victim.record.id)
    expect(result.summary).toContain(`${runner.record.id} (this job&#39;s token)`)
  })

  it('revokes IDs before the current token when both are asked', async () => {
    const runner = shortLived('cleanup-runner')
    const victim = shortLived('victim')
    const result = await runAction({
      inputs: {
        'api-token': runner.secret,
        'api-url': simulator.url,
        'revoke-token-ids': victim.record.id,
        revoke: 'now',
      },
    })
    expect(result.exitCode).toBe(0)
    expect(deletes().map((r) => r.path)).toEqual([`/tokens/${victim.record.id}`, '/tokens/self'])
    expect(JSON.parse(result.outputs['revoked-token-ids']!)).toEqual([victim.record.id, runner.record.id])
  })
})
