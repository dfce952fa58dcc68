/**
 * The toolkit's functions of @actions/core, taken from core's command modules (src/runner/actions-core.ts),
 * against the entry's own: for any text, the same bytes on stdout and in the runner's files. The delimiters
 * of file commands are random; they are compared as a placeholder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as entry from '@actions/core'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import * as fileCommand from '../../node_modules/@actions/core/lib/file-command.js'
import * as ours from '../../src/runner/actions-core.js'
import type { ActionsCore } from '../../src/runner/actions-core.js'
import { coreCommandModules, coreEntry } from '../../src/runner/core-source.js'

const FILES = ['GITHUB_OUTPUT', 'GITHUB_STATE'] as const
let dir: string
const saved: Record<string, string | undefined> = {}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftg-actions-core-'))
  for (const name of FILES) saved[name] = process.env[name]
})
afterAll(() => {
  for (const name of FILES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => vi.restoreAllMocks())

/** What `write` puts on stdout and in the runner's files (or without them, `withFiles` false). */
async function written(withFiles: boolean, write: () => unknown): Promise<{ stdout: string; files: string[] }> {
  for (const name of FILES) {
    if (!withFiles) {
      delete process.env[name]
      continue
    }
    process.env[name] = join(dir, name)
    writeFileSync(join(dir, name), '')
  }
  const stdout: string[] = []
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  })
  try {
    await write()
  } finally {
    spy.mockRestore()
  }
  const files = withFiles ? FILES.map((name) => readFileSync(join(dir, name), 'utf8')) : []
  const unrandom = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X')
  return { stdout: unrandom(stdout.join('')), files: files.map(unrandom) }
}

// Text a hostile server or input could hand over: line breaks, %, the separators of command properties.
const text = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('\r', '\n', '%', ':', ',', '=', 'a', '::', ' ') }),
)

describe('the functions of @actions/core the toolkit uses', () => {
  it('write what the entry writes, for any text', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, fc.boolean(), async (name, value, withFiles) => {
        const calls: Array<[string, (core: ActionsCore) => unknown]> = [
          ['setSecret', (core) => core.setSecret(value)],
          ['debug', (core) => core.debug(value)],
          ['info', (core) => core.info(value)],
          ['warning', (core) => core.warning(value, { title: name })],
          ['error', (core) => core.error(value, { title: name })],
          ['group', (core) => core.group(name, async () => core.info(value))],
          ['saveState', (core) => core.saveState(name.replaceAll('\n', ''), value)],
          ['setOutput', (core) => core.setOutput(name.replaceAll('\n', ''), value)],
        ]
        for (const [what, call] of calls) {
          const mine = await written(withFiles, () => call(ours.actionsCore))
          const theirs = await written(withFiles, () => call(entry))
          expect(mine, what).toEqual(theirs)
        }
      }),
      { numRuns: 150 },
    )
  })

  it("formats the outputs' one append with core's own function (a fresh delimiter each, refused inside a value)", () => {
    expect(ours.prepareKeyValueMessage).toBe(fileCommand.prepareKeyValueMessage)
  })

  it("come from the command modules for the runner's entry files, and from core's entry for run() alone", async () => {
    expect(await coreCommandModules()).toBe(ours.actionsCore)
    // The module @github/local-action replaces with its stand-in.
    expect(await coreEntry()).toBe(entry)
  })
})
