/**
 * When the main step's first request leaves, in the built bundle as the runner starts it: after the secrets are
 * masked, so nothing Node's own debug log prints of its headers can show the token, and not at all when the
 * step fails before it checks the token. A probe preloaded with NODE_OPTIONS records, in the action's own
 * process, the order of the request and of what reaches stdout and stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction, type RunResult, tokenLeaks } from '../../tools/runner.js'
import { startSilentServer, type SilentServer } from '../../tools/silent-server.js'
import { FastlySimulator, type SimulatedToken } from '../../tools/simulator.js'

const PROBE = `
const channels = require('node:diagnostics_channel')
const token = process.env['INPUT_API-TOKEN']
const events = []
channels.subscribe('http.client.request.start', ({ request }) => request.once('finish', () => events.push('request sent')))
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream)
  stream.write = (chunk, ...rest) => {
    const text = String(chunk)
    if (stream === process.stdout && !events.includes('stdout')) events.push('stdout')
    if (token && text.includes(token)) events.push(text.includes('::add-mask::' + token) ? 'masked' : 'token printed')
    return write(chunk, ...rest)
  }
}
process.on('exit', () => process.stderr.write('probe: ' + events.join(', ') + '\\n'))
`

let simulator: FastlySimulator
let token: SimulatedToken
let dir: string
let probe: string

beforeAll(async () => {
  simulator = await FastlySimulator.start()
  token = simulator.addToken({ name: 'deploy' })
  dir = mkdtempSync(join(tmpdir(), 'ftg-early-'))
  probe = join(dir, 'probe.cjs')
  writeFileSync(probe, PROBE)
})
afterAll(async () => {
  await simulator.close()
  rmSync(dir, { recursive: true, force: true })
})

function probed(env: Record<string, string> = {}): Promise<RunResult> {
  return runAction({
    inputs: { 'api-token': token.secret, 'api-url': simulator.url },
    env: { NODE_OPTIONS: `--require=${probe}`, ...env },
  })
}

const events = (result: RunResult) => (/^probe: (.*)$/m.exec(result.stderr)?.[1] ?? '').split(', ')

describe("the check's request", () => {
  it('leaves after the secrets are masked', async () => {
    const result = await probed()
    expect(result.exitCode).toBe(0)
    const seen = events(result)
    expect(seen.indexOf('masked')).toBeGreaterThanOrEqual(0)
    expect(seen.indexOf('masked')).toBeLessThan(seen.indexOf('request sent'))
    expect(result.outputs.status).toBe('valid')
  })

  it('under NODE_DEBUG, lets Node print Fastly-Key only after the runner was told to mask it', async () => {
    const result = await probed({ NODE_DEBUG: 'http,https,net,tls' })
    expect(result.exitCode).toBe(0)
    const seen = events(result)
    expect(seen.indexOf('masked')).toBeGreaterThanOrEqual(0)
    expect(seen.indexOf('masked')).toBeLessThan(seen.indexOf('request sent'))
    const printed = seen.indexOf('token printed')
    if (printed >= 0) expect(printed).toBeGreaterThan(seen.indexOf('masked'))
    expect(tokenLeaks({ ...result, stderr: '' }, token.secret)).toEqual([])
  })
})

describe('a step that fails before it checks the token', () => {
  let silent: SilentServer
  beforeAll(async () => {
    silent = await startSilentServer()
  })
  afterAll(async () => silent.close())

  it('sends nothing, and ends at once', async () => {
    const result = await runAction({
      inputs: { 'api-token': token.secret, 'api-url': `http://127.0.0.1:${silent.port}`, timeout: '30s' },
      // No state file: saving the post step's record fails before the check begins.
      env: { GITHUB_STATE: join(dir, 'missing', 'state'), NODE_OPTIONS: `--require=${probe}` },
      killAfterMs: 50_000,
    })
    expect(result.exitCode).toBe(1)
    expect(result.annotations).toEqual([expect.objectContaining({ level: 'error' })])
    // Far below the 30 s timeout, and the retries after it, that a request to the silent server would wait.
    expect(result.durationMs).toBeLessThan(20_000)
    expect(events(result)).not.toContain('request sent')
    expect(result.stdout).not.toMatch(/retry \d+ of/)
  })
})
