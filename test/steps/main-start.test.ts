import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HttpRequest, Transport } from '../../src/fastly/exchange.js'
import { InputError } from '../../src/inputs/input-error.js'
import { beginMainStep } from '../../src/steps/main-start.js'
import { runMain } from '../../src/steps/main-step.js'
import { PROJECT_ROOT } from '../../tools/runner.js'
import { fakeStepDependencies } from '../support/fake-fastly.js'
import { createFakeToolkit } from '../support/fake-toolkit.js'

const SECRET = 'sEcReTtOkEnValue0123456789abcdef'
const now = new Date('2026-01-01T00:00:00Z')

/** A Fastly stand-in that records what reached it, answering /tokens/self with a valid token. */
function recordingFastly(): { seen: HttpRequest[]; transport: Transport } {
  const seen: HttpRequest[] = []
  const transport: Transport = async (request) => {
    seen.push(request)
    const body = JSON.stringify({ id: 'T1', name: 'ci', scope: 'global', user_id: 'U1', customer_id: 'C1' })
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body),
      size: body.length,
      headersAt: 0,
    }
  }
  return { seen, transport }
}

const turnOfEventLoop = () => new Promise((resolve) => setImmediate(resolve))

describe('beginMainStep', () => {
  it('sends GET /tokens/self before the step has its toolkit, and runMain uses that answer', async () => {
    const { seen, transport } = recordingFastly()
    const deps = fakeStepDependencies(transport, now)
    const inputs = { 'api-token': SECRET }
    const start = beginMainStep((name) => inputs[name as keyof typeof inputs] ?? '', {}, deps)
    await turnOfEventLoop()
    expect(seen.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(['GET /tokens/self'])

    const toolkit = createFakeToolkit(inputs)
    await runMain(toolkit, deps, start)
    expect(seen).toHaveLength(1)
    expect(toolkit.outputs).toMatchObject({ status: 'valid', 'token-id': 'T1', passed: 'true' })
  })

  it('holds what its client logs until the secrets are masked', async () => {
    const { transport } = recordingFastly()
    const deps = fakeStepDependencies(transport, now)
    const inputs = { 'api-token': SECRET }
    const start = beginMainStep((name) => inputs[name as keyof typeof inputs] ?? '', {}, deps)
    // The early answer arrives, and its client logs it, before the step has a toolkit to log to.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const toolkit = createFakeToolkit(inputs)
    await runMain(toolkit, deps, start)
    const masked = toolkit.calls.findIndex(([method]) => method === 'setSecret')
    const answered = toolkit.calls.findIndex(
      ([method, text]) => method === 'debug' && text!.startsWith('GET /tokens/self answered 200'),
    )
    expect(masked).toBe(0)
    expect(answered).toBeGreaterThan(masked)
  })

  it('sends nothing when an input is bad, and runMain reports that input once, after masking', async () => {
    const { seen, transport } = recordingFastly()
    const deps = fakeStepDependencies(transport, now)
    const inputs: Record<string, string> = { 'api-token': SECRET, timeout: 'soon' }
    const start = beginMainStep((name) => inputs[name] ?? '', {}, deps)
    await expect(start.begun).rejects.toBeInstanceOf(InputError)
    await turnOfEventLoop()
    expect(seen).toEqual([])

    const toolkit = createFakeToolkit(inputs)
    await runMain(toolkit, deps, start)
    expect(toolkit.calls[0]).toEqual(['setSecret', SECRET])
    const failures = toolkit.calls.filter(([method]) => method === 'setFailed')
    expect(failures).toHaveLength(1)
    expect(failures[0]![1]).toMatch(/timeout/)
  })

  it('sends nothing early while NODE_DEBUG is set: Node would print the request headers before masking', async () => {
    const { seen, transport } = recordingFastly()
    const deps = fakeStepDependencies(transport, now)
    const inputs: Record<string, string> = { 'api-token': SECRET }
    const start = beginMainStep((name) => inputs[name] ?? '', { NODE_DEBUG: 'http' }, deps)
    await expect(start.begun).resolves.toMatchObject({ client: undefined })
    await turnOfEventLoop()
    expect(seen).toEqual([])
    const toolkit = createFakeToolkit(inputs, { NODE_DEBUG: 'http' })
    await runMain(toolkit, deps, start)
    expect(seen).toHaveLength(1)
    expect(toolkit.outputs.status).toBe('valid')
  })

  it('sends nothing early when the step makes its own token: that request waits for masking and the record', async () => {
    const { seen, transport } = recordingFastly()
    const inputs: Record<string, string> = { username: 'deployer@example.test', password: 'hunter2hunter2' }
    const start = beginMainStep((name) => inputs[name] ?? '', {}, fakeStepDependencies(transport, now))
    await expect(start.begun).resolves.toMatchObject({ client: undefined })
    await turnOfEventLoop()
    expect(seen).toEqual([])
  })
})

/** The modules a file loads at once: its static imports, followed through src/ (type-only imports load nothing). */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  const source = readFileSync(file, 'utf8')
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
    const specifier = match[1]!
    if (!specifier.startsWith('.')) {
      seen.add(specifier)
      continue
    }
    const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))
    if (seen.has(target)) continue
    seen.add(target)
    staticImports(target, seen)
  }
  return seen
}

describe('what the main step loads before its first request', () => {
  const loaded = staticImports(join(PROJECT_ROOT, 'src', 'main.ts'))

  it('is not the toolkit: @actions/core, @actions/github and the toolkit client load after the request is sent', () => {
    const packages = [...loaded].filter((module) => !module.startsWith('/'))
    expect(packages.filter((name) => /^@actions\/(core|github|http-client)$/.test(name))).toEqual([])
    expect(loaded).not.toContain(join(PROJECT_ROOT, 'src', 'runner', 'toolkit.ts'))
  })

  it('does hold the settings parse and the Fastly client (the test reads the imports it claims to)', () => {
    expect(loaded).toContain(join(PROJECT_ROOT, 'src', 'steps', 'main-start.ts'))
    expect(loaded).toContain(join(PROJECT_ROOT, 'src', 'inputs', 'settings.ts'))
    expect(loaded).toContain(join(PROJECT_ROOT, 'src', 'fastly', 'client.ts'))
    expect(loaded).toContain('@actions/http-client/lib/proxy')
  })
})
