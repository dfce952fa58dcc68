/**
 * The toolkit is the one edge where text meets the runner. These tests run
 * the real one (over @actions/core's command modules, as on a runner) with stdout captured and the runner's
 * files in a scratch directory, and read stdout with the runner's own rules
 * (tools/runner.ts parseWorkflowCommandLines).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { actionsCore } from '../../src/runner/actions-core.js'
import { createActionsToolkit, type Toolkit } from '../../src/runner/toolkit.js'
import type { StepDependencies } from '../../src/steps/dependencies.js'
import { runMain } from '../../src/steps/main-step.js'
import { parseFileCommands, parseWorkflowCommandLines } from '../../tools/runner.js'
import { fakeFastly, fakeStepDependencies } from '../support/fake-fastly.js'

const SECRET = 'Xy7Qk2Lm9Pv4Rt8Wz1Bn6Cd3Fg5Hj0Ks'
const PASSWORD = 'Deploy-pa55word-of-the-CI-user'
const MADE_SECRET = 'mAdE7Qk2Lm9Pv4Rt8Wz1Bn6Cd3Fg5Hj0'
const now = new Date('2026-01-01T00:00:00Z')
const RUNNER_FILES = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'] as const
let dir: string
let stdout: string[]
const saved: Record<string, string | undefined> = {}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftg-toolkit-'))
  for (const name of RUNNER_FILES) saved[name] = process.env[name]
})
afterAll(() => {
  for (const name of RUNNER_FILES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = undefined
})

/** A fresh runner around the real toolkit: empty files, stdout captured. */
function freshRunner(): void {
  for (const name of RUNNER_FILES) {
    process.env[name] = join(dir, name)
    writeFileSync(join(dir, name), '')
  }
  stdout = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  })
}
const runnerFile = (name: (typeof RUNNER_FILES)[number]) => readFileSync(join(dir, name), 'utf8')
const commands = () => parseWorkflowCommandLines(stdout.join(''))

const ATTACK =
  'deploy\n::error file=.github/workflows/deploy.yml,line=1::Forged\r::add-mask::Fastly\u2028##[stop-commands]x'

describe('createActionsToolkit', () => {
  it('writes a hostile string as one line of text, in the log and in annotations', async () => {
    freshRunner()
    const toolkit = createActionsToolkit(actionsCore)
    toolkit.info(`Token: ${ATTACK}`)
    toolkit.info(`::warning::${ATTACK}`)
    toolkit.debug(ATTACK)
    toolkit.warning({ key: 'expires-within-warn-window', message: `Expires soon: ${ATTACK}` })
    await toolkit.group(ATTACK, async () => undefined)
    toolkit.setFailed({ key: 'unexpected-failure', message: ATTACK })
    expect(commands().map(({ command, form }) => `${form} ${command}`)).toEqual([
      'v2 debug',
      'v2 warning',
      'v2 group',
      'v2 endgroup',
      'v2 error',
    ])
    const text = stdout.join('')
    expect(text.split('\n').filter((line) => line !== '')).toHaveLength(7)
    expect(text).not.toMatch(/[\r\u2028]/)
  })

  it('redacts the secret and any piece of it from every line, output, state and summary', async () => {
    freshRunner()
    const toolkit = createActionsToolkit(actionsCore)
    toolkit.setSecret(SECRET)
    const cut = `Fastly said: ${'x'.repeat(20)}${SECRET.slice(0, 11)}...`
    toolkit.info(cut)
    toolkit.warning({ key: 'audit-findings', message: `echo ${SECRET}` })
    toolkit.setFailed({ key: 'unexpected-failure', message: `failed: ${SECRET.slice(-9)}` })
    toolkit.setOutputs({ 'token-name': `name ${SECRET.slice(2, 12)}\nsecond line` })
    toolkit.saveState('post-revoke', `{"tokenName":"${SECRET}"}`)
    await toolkit.appendSummary(`<td>${SECRET}</td><td>${SECRET.slice(0, 10)}</td>`)
    expect(toolkit.redact(`a ${SECRET} b`)).toBe('a *** b')

    const written = [stdout.join(''), ...RUNNER_FILES.map(runnerFile)].join('\n')
    const withoutMask = written.replace(`::add-mask::${SECRET}`, '')
    for (let i = 0; i + 8 <= SECRET.length; i++) expect(withoutMask).not.toContain(SECRET.slice(i, i + 8))
    expect(parseFileCommands(runnerFile('GITHUB_OUTPUT'))['token-name']).toBe('name *** second line')
    expect(runnerFile('GITHUB_STEP_SUMMARY')).toContain('<td>***</td><td>***</td>')
  })

  it('writes every output in one append the runner reads back, the made secret whole and the rest redacted', () => {
    freshRunner()
    const toolkit = createActionsToolkit(actionsCore)
    toolkit.setSecret(SECRET)
    toolkit.setSecret(MADE_SECRET)
    toolkit.setOutputs(
      { token: MADE_SECRET, 'token-name': `two\nlines ${SECRET}`, empty: '', passed: 'true' },
      { holdingSecret: 'token' },
    )
    expect(parseFileCommands(runnerFile('GITHUB_OUTPUT'))).toEqual({
      token: MADE_SECRET,
      'token-name': 'two lines ***',
      empty: '',
      passed: 'true',
    })
    // Nothing on stdout: outputs go to the file only.
    expect(commands().filter((command) => command.command === 'set-output')).toEqual([])
  })

  it('titles an annotation by the catalogue entry its key names, whatever its words say', () => {
    freshRunner()
    const toolkit = createActionsToolkit(actionsCore)
    // Another entry's sentence, word for word: the key decides, not the text.
    toolkit.warning({ key: 'audit-findings', message: 'Fastly rejected the token: it is missing, expired or revoked' })
    // A token name that reads as the fail window and forges a title of its own.
    toolkit.warning({
      key: 'expires-within-warn-window',
      message:
        "The token 'x expires at 2026-01-01, which is within fail-if-expires-within ::error title=Fixed::' (T1) expires at 2026-01-02 00:00 UTC, in 1 day, which is within warn-if-expires-within (7 days).",
    })
    toolkit.setFailed({ key: 'token-lacks-scope', message: 'Fastly Token Guard failed unexpectedly: no, it did not' })
    expect(process.exitCode).toBe(1)
    const annotations = commands().filter((command) => command.command === 'warning' || command.command === 'error')
    expect(annotations.map((command) => [command.command, command.properties.title])).toEqual([
      ['warning', 'Fastly token audit'],
      ['warning', 'Fastly token expires soon'],
      ['error', 'Fastly token lacks a scope'],
    ])
    expect(annotations[0]!.data).toBe('Fastly rejected the token: it is missing, expired or revoked')
  })

  it('writes the title as the catalogue has it, whatever the secrets: a one-letter password cannot garble it', () => {
    freshRunner()
    const toolkit = createActionsToolkit(actionsCore)
    toolkit.setSecret('e', { wholeOnly: true })
    toolkit.warning({ key: 'expires-within-warn-window', message: 'soon' })
    const [annotation] = commands().filter((command) => command.command === 'warning')
    expect(annotation!.properties.title).toBe('Fastly token expires soon')
  })

  it('leaves outputs whole when a secret is too short to be told from them (a github-token of false)', () => {
    freshRunner()
    const toolkit = createActionsToolkit(actionsCore)
    toolkit.setSecret('false')
    toolkit.setOutputs({ passed: 'false', revoked: 'false' })
    expect(parseFileCommands(runnerFile('GITHUB_OUTPUT'))).toEqual({ passed: 'false', revoked: 'false' })
  })

  it("refuses to write outputs when the runner's output file is gone, as core.setOutput does", () => {
    freshRunner()
    rmSync(join(dir, 'GITHUB_OUTPUT'))
    expect(() => createActionsToolkit(actionsCore).setOutputs({ passed: 'true' })).toThrow(/Missing file at path/)
  })

  it('redacts the secret in the form the summary escapes it to', async () => {
    freshRunner()
    const toolkit = createActionsToolkit(actionsCore)
    const odd = 'ab&cd<ef>gh|ij0123456789'
    toolkit.setSecret(odd)
    await toolkit.appendSummary('<td>ab&amp;cd&lt;ef&gt;gh&#124;ij0123456789</td>')
    expect(runnerFile('GITHUB_STEP_SUMMARY')).toBe('<td>***</td>\n')
  })
})

/** Server strings as a hostile neighbour or a compromised API would write them. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .tuple(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\v', '\f', ' ', ''),
      fc.constantFrom(
        '::error file=deploy.yml,line=1::Forged',
        '::add-mask::deploy',
        '::stop-commands::resume',
        '  ::warning::indented',
        '##[error]older form',
        '::notice::n',
        '::set-output name=passed::true',
        '::group::g',
        '',
      ),
      fc.string({ maxLength: 10 }),
    )
    .map((parts) => parts.join('')),
)
const serverStrings = fc.record({
  id: hostile,
  name: hostile,
  userId: hostile,
  customerId: hostile,
  scope: hostile,
  services: fc.array(hostile, { maxLength: 3 }),
  listed: fc.array(fc.record({ id: hostile, name: hostile, user_id: hostile }), { maxLength: 4 }),
  listFails: fc.boolean(),
  errorMessage: hostile,
  /** Whether POST /tokens makes the token (else it is refused with errorMessage), when the step makes one. */
  createOk: fc.boolean(),
})

type ServerStrings = typeof serverStrings extends fc.Arbitrary<infer T> ? T : never

function hostileFastly(strings: ServerStrings): StepDependencies {
  const { transport } = fakeFastly((request) => {
    const route = `${request.method} ${request.url.pathname}`
    let status = 200
    let body: unknown
    if (route === 'POST /tokens' && strings.createOk) {
      // The made token's name and ID are Fastly's strings too.
      body = {
        id: strings.id.trim() === '' ? 'T1' : strings.id,
        name: strings.name,
        scope: 'global',
        expires_at: '2026-01-01T01:00:00Z',
        access_token: MADE_SECRET,
      }
    } else if (route === 'GET /tokens/self') {
      body = {
        id: strings.id.trim() === '' ? 'T1' : strings.id,
        name: strings.name,
        user_id: strings.userId,
        customer_id: strings.customerId,
        scope: strings.scope,
        services: strings.services,
        expires_at: '2026-01-03T00:00:00Z',
        last_used_at: '2025-06-01T00:00:00Z',
      }
    } else if (request.method === 'GET') {
      if (strings.listFails) {
        status = 500
        body = { msg: strings.errorMessage }
      } else body = strings.listed.map((token) => ({ ...token, created_at: '2020-01-01T00:00:00Z' }))
    } else {
      status = 403
      body = { msg: strings.errorMessage }
    }
    return { status, body }
  })
  return fakeStepDependencies(transport, now)
}

describe('the main step, whatever the server strings', () => {
  it('issues exactly the workflow commands it asked the toolkit for, and no others', async () => {
    await fc.assert(
      fc.asyncProperty(
        serverStrings,
        fc.constantFrom('user', 'customer'),
        fc.constantFrom('TkA', 'TkA TkB'),
        fc.boolean(),
        async (strings, audit, ids, mint) => {
          freshRunner()
          const real = createActionsToolkit(actionsCore)
          const asked = { 'add-mask': 0, debug: 0, warning: 0, error: 0, group: 0 }
          const inputs: Record<string, string> = {
            // The step makes its own token from credentials, or takes the one it is given.
            ...(mint ? { username: 'deployer@example.test', password: PASSWORD } : { 'api-token': SECRET }),
            audit,
            'customer-id': 'Cust1',
            'required-scopes': 'purge_all',
            'required-services': 'SvcA',
            'revoke-token-ids': ids,
            'warn-if-expires-within': '7d',
          }
          const toolkit: Toolkit = {
            ...real,
            getInput: (name) => inputs[name] ?? '',
            env: { RUNNER_TEMP: dir },
            setSecret: (value) => (asked['add-mask']++, real.setSecret(value)),
            debug: (message) => (asked.debug++, real.debug(message)),
            warning: (notice) => (asked.warning++, real.warning(notice)),
            setFailed: (notice) => (asked.error++, real.setFailed(notice)),
            group: (name, body) => (asked.group++, real.group(name, body)),
          }
          await runMain(toolkit, hostileFastly(strings))
          process.exitCode = undefined

          const issued = commands()
          const count = (name: string) => issued.filter((command) => command.command === name).length
          expect(issued.every((command) => command.form === 'v2')).toBe(true)
          expect({
            'add-mask': count('add-mask'),
            debug: count('debug'),
            warning: count('warning'),
            error: count('error'),
            group: count('group'),
          }).toEqual(asked)
          expect(count('endgroup')).toBe(asked.group)
          expect(issued).toHaveLength(Object.values(asked).reduce((sum, n) => sum + n, 0) + asked.group)
          // The first thing masked is the secret the step starts from: the token, or the password.
          expect(issued.find((command) => command.command === 'add-mask')?.data).toBe(mint ? PASSWORD : SECRET)
          // A made token is masked (so this run did make one) exactly when Fastly made it.
          expect(issued.some((command) => command.command === 'add-mask' && command.data === MADE_SECRET)).toBe(
            mint && strings.createOk,
          )
        },
      ),
      { numRuns: 150 },
    )
  })
})
