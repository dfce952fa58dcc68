/**
 * Revocation is irreversible: the one request that revokes the job's own
 * token, `DELETE /tokens/self` (or a bulk body naming `self`), must be
 * reachable through `revoke: now` or `revoke: post` only, and only after the
 * token was verified. A property over arbitrary inputs, through both steps.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { HttpRequest } from '../../src/fastly/exchange.js'
import { runMain } from '../../src/steps/main-step.js'
import { runPost } from '../../src/steps/post-step.js'
import { createFakeToolkit } from '../support/fake-toolkit.js'
import { fakeFastly, fakeStepDependencies } from '../support/fake-fastly.js'

const SECRET = 'sElFpRoPeRtYtOkEn0123456789abcdef'
/** The secret Fastly hands back when the step makes its own token (username). */
const MADE_SECRET = 'mAdEpRoPeRtYtOkEn0123456789abcdef'
const now = new Date('2026-01-01T00:00:00Z')
const scratch = mkdtempSync(join(tmpdir(), 'ftg-self-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Fastly as the property sees it: bulk always "does not apply", so every ID also goes one by one. */
function fastly(expiresAt: string | null) {
  const { seen, transport } = fakeFastly((request) => {
    const route = `${request.method} ${request.url.pathname}`
    const made = request.headers['Fastly-Key'] === MADE_SECRET
    if (route === 'POST /tokens')
      return {
        status: 200,
        body: {
          id: 'TkMade1',
          name: 'job',
          scope: 'global',
          expires_at: '2026-01-01T01:00:00Z',
          access_token: MADE_SECRET,
        },
      }
    if (route === 'GET /tokens/self')
      return made
        ? { status: 200, body: { id: 'TkMade1', name: 'job', scope: 'global', expires_at: '2026-01-01T01:00:00Z' } }
        : { status: 200, body: { id: 'TkCurrent1', name: 'ci', scope: 'global', expires_at: expiresAt } }
    if (route === 'GET /tokens') return { status: 200, body: [] }
    if (route === 'DELETE /tokens') return { status: 400, body: { msg: 'Bad Request' } }
    return { status: 204 }
  })
  return { seen, deps: fakeStepDependencies(transport, now) }
}

/** A request that revokes the current token: DELETE /tokens/self in any spelling, or a bulk body naming self. */
function revokesSelf(request: HttpRequest): boolean {
  if (request.method !== 'DELETE') return false
  let path: string
  try {
    path = decodeURIComponent(request.url.pathname)
  } catch {
    path = request.url.pathname
  }
  if (/^\/tokens\/\s*self\s*\/?$/i.test(path)) return true
  if (path === '/tokens' && request.body !== undefined) {
    const body = JSON.parse(request.body) as { data: Array<{ id: string }> }
    return body.data.some((item) => item.id.trim().toLowerCase() === 'self')
  }
  return false
}

const selfSpellings = ['self', 'SELF', 'Self', ' self ', 'sElF', 'self\n', '\tself', '\u00a0self']
const word = fc.oneof(
  fc.constantFrom(...selfSpellings, 'TkOld1', 'TkOld2', 'TkCurrent1', 'tokens', '..', '/self', 'self/'),
  fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
  fc.string({ maxLength: 8 }),
)
const idList = fc.oneof(
  // Often none: a step that revokes IDs is refused for any bad word, and the runs must also reach the revocations.
  { arbitrary: fc.constant(''), weight: 4 },
  fc.constantFrom('', 'self', ' SELF ', '["TkOld1","self"]', 'TkOld1 self', 'TkOld1,TkOld2', 'TkOld1\nSelf'),
  fc.array(word, { maxLength: 4 }).map((words) => words.join(', ')),
  fc.array(word, { maxLength: 4 }).map((words) => JSON.stringify(words)),
  fc.string(),
)
const inputs = fc.record({
  revoke: fc.oneof(
    fc.constantFrom('never', 'now', 'post', 'auto', 'NOW', ' Post ', ' AUTO', '', 'self', 'never self'),
    fc.string(),
  ),
  /** The step makes its own token (username and password) instead of taking api-token. */
  mint: fc.boolean(),
  'revoke-token-ids': idList,
  file: fc.option(idList, { freq: 2 }),
  'dry-run': fc.constantFrom('', 'true', 'false'),
  'allow-revoke-non-expiring': fc.constantFrom('', 'true', 'false'),
  'fail-on-revoke-error': fc.constantFrom('', 'true', 'false'),
  audit: fc.constantFrom('', 'none', 'user'),
  expiresAt: fc.constantFrom(null, '2026-01-02T00:00:00Z', '2025-12-31T00:00:00Z'),
})

/** Inputs that revoke nothing by ID, for the examples every run includes. */
type Inputs = typeof inputs extends fc.Arbitrary<infer T> ? T : never
const plain: Omit<Inputs, 'revoke' | 'mint'> = {
  'revoke-token-ids': '',
  file: null,
  'dry-run': '',
  'allow-revoke-non-expiring': '',
  'fail-on-revoke-error': '',
  audit: '',
  expiresAt: '2026-01-02T00:00:00Z',
}

describe('DELETE /tokens/self', () => {
  it('is sent only for revoke: now (main step) or revoke: post (post step), after the token was verified', async () => {
    let run = 0
    // The property means something only if made tokens are in fact revoked in some runs, and given ones too.
    let madeRevoked = 0
    let givenRevoked = 0
    await fc.assert(
      fc.asyncProperty(inputs, async ({ file, expiresAt, mint, ...given }) => {
        const credentials: Record<string, string> = mint
          ? { username: 'deployer@example.test', password: 'Deploy-pa55word-of-the-CI-user' }
          : { 'api-token': SECRET }
        const withInputs: Record<string, string> = { ...given, ...credentials }
        if (file !== null) {
          const path = join(scratch, `ids-${run++}.txt`)
          writeFileSync(path, file)
          withInputs['revoke-token-ids-file'] = path
        }
        const asked = given.revoke.trim().toLowerCase()
        // auto (the default, also when empty) is post for a token the step made, never for one it was given.
        const mode = asked === 'auto' || asked === '' ? (mint ? 'post' : 'never') : asked
        // The job's own token: the one it made, or the one it was given.
        const ownKey = mint ? MADE_SECRET : SECRET

        const main = fastly(expiresAt)
        const mainToolkit = createFakeToolkit(withInputs)
        await runMain(mainToolkit, main.deps)
        const mainSelf = main.seen.findIndex(revokesSelf)
        if (mainSelf >= 0) {
          expect(mode).toBe('now')
          expect(main.seen.slice(0, mainSelf).map((r) => `${r.method} ${r.url.pathname}`)).toContain('GET /tokens/self')
          expect(main.seen.filter(revokesSelf)).toHaveLength(1)
          expect(main.seen[mainSelf]!.headers['Fastly-Key']).toBe(ownKey)
        }

        const post = fastly(expiresAt)
        await runPost(createFakeToolkit(withInputs, {}, mainToolkit.state), post.deps)
        const postSelf = post.seen.filter(revokesSelf)
        if (postSelf.length > 0) {
          expect(mode).toBe('post')
          expect(postSelf.map((request) => request.headers['Fastly-Key'])).toEqual([ownKey])
          if (mint) madeRevoked += 1
          else givenRevoked += 1
        }
        // A token this step made is revoked when asked (auto or post), unless it is a dry run: never left behind.
        const dryRun = given['dry-run'] === 'true'
        if (mint && mode === 'post' && !dryRun && main.seen.some((r) => r.method === 'POST'))
          expect(postSelf).toHaveLength(1)
      }),
      {
        numRuns: 300,
        // Besides the random runs, one of each revocation that must happen, so the counts below never hang on luck.
        examples: [[{ ...plain, revoke: 'auto', mint: true }], [{ ...plain, revoke: 'post', mint: false }]],
      },
    )
    expect(madeRevoked).toBeGreaterThan(0)
    expect(givenRevoked).toBeGreaterThan(0)
  })

  it.each([['self'], ['SELF'], [' Self\n'], ['["TkOld1","self"]'], ['TkOld1, sElF']])(
    'is never reached through revoke-token-ids %j, in the input or in the file',
    async (ids) => {
      for (const where of ['input', 'file'] as const) {
        const withInputs: Record<string, string> = { 'api-token': SECRET }
        if (where === 'input') withInputs['revoke-token-ids'] = ids
        else {
          const path = join(scratch, 'self.txt')
          writeFileSync(path, ids)
          withInputs['revoke-token-ids-file'] = path
        }
        const { seen, deps } = fastly('2026-01-02T00:00:00Z')
        const toolkit = createFakeToolkit(withInputs)
        await runMain(toolkit, deps)
        expect(seen.filter((request) => request.method === 'DELETE')).toEqual([])
        const failures = toolkit.calls.filter(([method]) => method === 'setFailed')
        expect(failures).toHaveLength(1)
        expect(failures[0]![1]).toMatch(/self, which Fastly's API reads as the token that sends the request/)
        expect(toolkit.outputs).toMatchObject({ revoked: 'false', 'revoked-token-ids': '[]' })
      }
    },
  )
})
