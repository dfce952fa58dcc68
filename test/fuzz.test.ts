/**
 * Property-based tests: random token JSON through parsing, classification and
 * summary rendering, and random strings through every input.
 */
import fc from 'fast-check'
import { parse as parseYaml } from 'yaml'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { auditTokens } from '../src/audit/classify.js'
import { auditSections } from '../src/audit/audit-summary.js'
import { auditOutputs } from '../src/report/outputs.js'
import { buildAuditIssue } from '../src/audit/issue-content.js'
import { InputError } from '../src/inputs/input-error.js'
import { verifyOutputs } from '../src/report/outputs.js'
import { buildVerifySummary } from '../src/report/summary-model.js'
import { renderSummaryHtml } from '../src/report/summary-html.js'
import { MalformedTokenError, normalizeToken, TOKEN_KINDS, type TokenFacts } from '../src/fastly/token.js'
import { readAutomationPage } from '../src/fastly/automation-page.js'
import { evaluateToken } from '../src/verify/verdict.js'
import { readSettings } from '../src/inputs/settings.js'
import { PROJECT_ROOT } from '../tools/runner.js'
import { FastlyClient } from '../src/fastly/client.js'
import type { Transport } from '../src/fastly/exchange.js'
import { DEFAULT_RETRY_POLICY } from '../src/fastly/retry-policy.js'
import type { StepDependencies } from '../src/steps/dependencies.js'
import { runMain } from '../src/steps/main-step.js'
import { createFakeToolkit } from './support/fake-toolkit.js'

const now = new Date('2026-06-01T00:00:00Z')
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '<img src=x onerror=alert(1)>',
    '|',
    'a\nb',
    '</td></tr><script>x</script>',
    '&amp;',
    '"quoted"',
    "it's",
    '`code`',
    '@octocat',
    '#1',
    '\u0000\u001f',
    '🚀',
  ),
)
const timestamp = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(null, '', '2021-04-14T10:20:53Z', '2021-04-14T10:20:53+02:00', 'garbage', '0001-01-01T00:00:00Z'),
  fc.string(),
)
const fieldValue = fc.oneof(
  nasty,
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(nasty, { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
)
const tokenJson = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,22}$/), nasty, fc.constant(null)),
    name: fieldValue,
    user_id: fieldValue,
    customer_id: fieldValue,
    scope: fc.oneof(fc.constantFrom('global', 'global global:read', 'purge_select purge_all', ''), fieldValue),
    scopes: fc.oneof(fc.constantFrom('global:read', 'global purge_all', ''), fieldValue),
    services: fc.oneof(fc.array(nasty, { maxLength: 3 }), fieldValue),
    // Automation tokens: a role and a creator instead of a user, and a TLS flag.
    role: fc.oneof(fc.constantFrom('engineer', 'user', 'billing', 'superuser'), fieldValue),
    creator_id: fieldValue,
    tls_access: fc.oneof(fc.boolean(), fieldValue),
    service_id: fieldValue,
    created_at: timestamp,
    last_used_at: timestamp,
    expires_at: timestamp,
    sudo_expires_at: timestamp,
  },
  { requiredKeys: [] },
)

/** Tokens that parse: the rest must fail with MalformedTokenError and nothing else. */
function parsed(raw: unknown): TokenFacts | undefined {
  try {
    return normalizeToken(raw)
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedTokenError)
    return undefined
  }
}

const ALLOWED_TAGS = /<\/?(h2|h3|p|em|table|tr|th|td)(\s+align="left")?>|<a href="[^"<>]*">|<\/a>/g

describe('fuzzing the core', () => {
  it('parses any token JSON into well-typed facts, or refuses it with MalformedTokenError', () => {
    fc.assert(
      fc.property(fc.oneof(tokenJson, fc.jsonValue()), (raw) => {
        const token = parsed(raw)
        if (token === undefined) return
        expect(typeof token.id).toBe('string')
        expect(token.id.length).toBeGreaterThan(0)
        expect(TOKEN_KINDS).toContain(token.kind)
        expect(token.scope === '').toBe(token.scopes.length === 0)
        for (const text of [token.role, token.creatorId, token.userId])
          expect(text === null || (typeof text === 'string' && text.trim() !== '')).toBe(true)
        expect([true, false, null]).toContain(token.tlsAccess)
        for (const list of [token.scopes, token.services])
          expect(list.every((item) => typeof item === 'string' && item !== '')).toBe(true)
        for (const time of [token.createdAt, token.lastUsedAt, token.expiresAt])
          expect(time === null || Number.isFinite(time)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('reads any page of automation tokens into automation tokens and a page count, or refuses it', () => {
    const page = fc.oneof(
      fc.record(
        {
          data: fc.oneof(fc.array(tokenJson, { maxLength: 5 }), fc.jsonValue()),
          meta: fc.oneof(
            fc.record(
              {
                per_page: fc.oneof(fc.integer({ min: -1, max: 200 }), fc.jsonValue()),
                current_page: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.jsonValue()),
                total_pages: fc.oneof(fc.integer({ min: -1, max: 5000 }), fc.jsonValue()),
              },
              { requiredKeys: [] },
            ),
            fc.jsonValue(),
          ),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    )
    fc.assert(
      fc.property(page, fc.integer({ min: 1, max: 3 }), (json, number) => {
        try {
          const read = readAutomationPage(json, number, 100)
          expect(read.tokens.every((token) => token.kind === 'automation')).toBe(true)
          expect(Number.isSafeInteger(read.totalPages) && read.totalPages >= 0).toBe(true)
          expect(read.unreadable).toBeGreaterThanOrEqual(0)
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedTokenError)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('classifies, reports and renders any token without throwing, escaping every string', () => {
    fc.assert(
      fc.property(tokenJson, fc.integer({ min: 0, max: 30 * 86400 }), (raw, window) => {
        const token = parsed(raw)
        if (token === undefined) return
        const verdict = evaluateToken(
          token,
          {
            failWithin: window,
            warnWithin: window * 2,
            requireExpiry: true,
            requiredScopes: ['purge_all'],
            requiredServices: ['Svc1'],
          },
          now,
        )
        const report = { status: verdict.status, token, verdict } as const
        const outputs = verifyOutputs(report)
        for (const value of Object.values(outputs)) expect(typeof value).toBe('string')
        expect(JSON.parse(outputs.services ?? '')).toEqual(token.services)

        const html = renderSummaryHtml(
          buildVerifySummary(report, { now, runUrl: 'https://github.com/o/r/actions/runs/1' }),
        )
        const text = html.replace(ALLOWED_TAGS, '')
        expect(text).not.toMatch(/[<>|]/)
        // A newline only ends an element; none comes from Fastly's strings.
        for (const line of html.split('\n').filter((l) => l !== '')) expect(line).toMatch(/^<|^<\/table>$/)
      }),
      { numRuns: 1000 },
    )
  })

  it('audits any list of tokens, keeping outputs valid JSON and the issue body within limits', () => {
    fc.assert(
      fc.property(
        fc.array(tokenJson, { maxLength: 40 }),
        fc.constantFrom([], ['stale'], ['expired', 'no-expiry']) as fc.Arbitrary<
          Array<'stale' | 'expired' | 'no-expiry'>
        >,
        (raws, failOn) => {
          const tokens = raws.map(parsed).filter((t): t is TokenFacts => t !== undefined)
          const result = auditTokens(
            tokens,
            tokens[0]?.id ?? 'none',
            { warnWithin: 7 * 86400, staleAfter: 90 * 86400, failOn, includeSessionTokens: false },
            now,
          )
          const { outputs } = auditOutputs(result, '/tmp/audit.json')
          for (const [name, value] of Object.entries(outputs))
            if (name !== 'audit-file' && name !== 'token-count') expect(Array.isArray(JSON.parse(value))).toBe(true)
          const html = renderSummaryHtml({
            title: 't',
            outcome: 'pass',
            lead: 'l',
            sections: auditSections(result, { mode: 'user', subjectId: 'U' }, now),
            runUrl: undefined,
          })
          expect(html.replace(ALLOWED_TAGS, '')).not.toMatch(/[<>|]/)
          const marker = '<!-- fastly-token-guard audit-issue key-sha256=00 -->'
          const issue = buildAuditIssue(
            result,
            { mode: 'user', subjectId: 'U' },
            { marker, issueKey: '' },
            undefined,
            now,
          )
          expect(issue.body.length).toBeLessThanOrEqual(65_536)
          // The marker is on the first line, and no name can open an HTML comment anywhere else.
          expect(issue.body.split('\n')[0]).toBe(marker)
          expect(issue.body.split('\n').slice(1).join('\n')).not.toContain('<!--')
          // Names never become mentions or references: every name line is in code spans.
          for (const line of issue.body.split('\n').filter((l) => l.startsWith('- ')))
            expect(line).toMatch(
              /^- (`+) ?.*?\1 (`+) ?.*?\2, (?:user token|browser session|automation token(?:, role (?:[a-z][a-z_-]*|(`+) ?.*\3))?)(?: \(the token the audit ran with\))?$/,
            )
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('fuzzing the inputs', () => {
  const action = parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const names = Object.keys(action.inputs)
  const defaults = Object.fromEntries(
    names.map((name) => [
      name,
      String(action.inputs[name]!.default ?? '').includes('${{')
        ? 'ghs_token'
        : String(action.inputs[name]!.default ?? ''),
    ]),
  )

  const MINT_INPUTS = new Set([
    'username',
    'password',
    'otp-secret',
    'new-token-name',
    'new-token-scope',
    'new-token-services',
    'new-token-expires-in',
  ])
  // The mint inputs are fuzzed where they mean something: in a step that makes its token.
  const baseFor = (name: string): Record<string, string> =>
    MINT_INPUTS.has(name)
      ? { ...defaults, username: 'deployer@example.test', password: 'pa55-w0rd-for-the-deploy-user' }
      : { ...defaults, 'api-token': 'T0ken0123456789abcdef' }
  /** Inputs whose value can make another input the one to fix: the error names that one. */
  const alsoNamed: Record<string, string> = { 'github-issue': 'github-token', username: 'password' }

  it.each(names.filter((name) => name !== 'api-token'))(
    '%s: any string is accepted, or refused with one error naming the input',
    async (name) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string(),
            fc.constantFrom(
              '0',
              '-1',
              '1.5',
              'P1M',
              'true',
              'TRUE',
              'yes',
              '[]',
              '["a"]',
              '../x',
              'http://x',
              '7d',
              ' ',
              '\n',
            ),
          ),
          async (value) => {
            const inputs: Record<string, string> = { ...baseFor(name), [name]: value }
            try {
              await readSettings((input) => inputs[input] ?? '', {})
            } catch (error) {
              expect(error).toBeInstanceOf(InputError)
              const inputError = error as InputError
              expect(inputError.input === name || inputError.input === alsoNamed[name]).toBe(true)
              expect(inputError.message).toContain(`'${inputError.input}'`)
              expect(inputError.message.trim().length).toBeGreaterThan(20)
            }
          },
        ),
        { numRuns: 150 },
      )
    },
  )

  it('password and otp-secret: any strings are accepted or refused, and never appear in the message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.oneof(fc.string(), fc.stringMatching(/^[A-Z2-7 ]{0,40}$/)),
        async (password, seed) => {
          const inputs: Record<string, string> = {
            ...defaults,
            username: 'deployer@example.test',
            password,
            'otp-secret': seed,
          }
          try {
            await readSettings((input) => inputs[input] ?? '', {})
          } catch (error) {
            expect(error).toBeInstanceOf(InputError)
            const { message } = error as InputError
            for (const secret of [password.trim(), seed.trim()])
              // Shorter strings occur in any sentence ("valu" in "value"); a real secret is longer.
              if (secret.length >= 8) expect(message).not.toContain(secret)
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('api-token: any string is accepted or refused, and never appears in the message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), async (token) => {
        try {
          await readSettings((input) => (input === 'api-token' ? token : (defaults[input] ?? '')), {})
        } catch (error) {
          expect(error).toBeInstanceOf(InputError)
          const message = (error as InputError).message
          // Shorter than a secret's fragment (8), a token may be a piece of the message's own words ("alse" in
          // "false"); it is still never quoted.
          if (token.trim().length >= 8) expect(message).not.toContain(token.trim())
          else if (token.trim() !== '') expect(message).not.toContain(JSON.stringify(token.trim()))
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('fuzzing the secrets of a made token', () => {
  const NEW_SECRET = 'nEwSeCrEt0123456789abcdefghijklm'
  const now = new Date('2026-01-01T00:00:00Z')
  const password = fc
    .string({ minLength: 8, maxLength: 40 })
    .filter((value) => value.trim() === value && !value.includes('*'))

  /** Fastly answering with its words built from what it was sent: every string from it is hostile. */
  function echoing(echo: string, createStatus: number): Transport {
    return async (request) => {
      const self = { id: 'Made1', name: `deploy ${echo}`, scope: 'purge_all', expires_at: '2026-01-01T01:00:00Z' }
      const body =
        request.method === 'POST'
          ? createStatus === 200
            ? { ...self, access_token: NEW_SECRET }
            : { msg: `refused ${echo}`, detail: echo }
          : self
      const text = JSON.stringify(body)
      const status = request.method === 'POST' ? createStatus : 200
      return {
        status,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(text),
        size: text.length,
        headersAt: 0,
      }
    }
  }

  it('keeps the password and the new secret out of the outputs (but token), the summary and the state, and masked before any log line', async () => {
    await fc.assert(
      fc.asyncProperty(password, fc.constantFrom(200, 400, 401, 403, 500), async (secretWord, createStatus) => {
        const toolkit = createFakeToolkit({ username: 'deployer@example.test', password: secretWord })
        const deps: StepDependencies = {
          now: () => now,
          createClient: (connection) =>
            new FastlyClient({
              ...connection,
              retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
              log: { debug: () => undefined, info: () => undefined },
              transport: echoing(`${secretWord} ${NEW_SECRET}`, createStatus),
            }),
        }
        await runMain(toolkit, deps)
        const { token, ...outputs } = toolkit.outputs
        expect(token).toBe(createStatus === 200 ? NEW_SECRET : '')
        const record = toolkit.state['post-revoke'] ?? ''
        const written = JSON.stringify([outputs, toolkit.summary, record.replace(`"madeToken":"${NEW_SECRET}"`, '')])
        expect(written).not.toContain(secretWord)
        // Fastly's messages show runs of whitespace as one space: that form of the password is kept out too.
        expect(written).not.toContain(secretWord.replace(/\s+/g, ' '))
        // A secret only once there is one: a refused create made none.
        if (createStatus === 200) expect(written).not.toContain(NEW_SECRET)
        // The log is the runner's to mask: a secret may reach it only once it was masked.
        const masked = new Set<string>()
        for (const [method, ...args] of toolkit.calls) {
          if (method === 'setSecret') masked.add(args[0]!)
          else if (method !== 'saveState' && method !== 'setOutput')
            for (const secret of createStatus === 200 ? [secretWord, NEW_SECRET] : [secretWord])
              if (args.join(' ').includes(secret)) expect(masked.has(secret), `${method} before masking`).toBe(true)
        }
      }),
      { numRuns: 150 },
    )
  })
})
