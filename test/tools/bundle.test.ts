import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundleIsCurrent, ensureFreshBundle, parenthesiseModules, sourceHash } from '../../tools/bundle.js'
import { node24Path, PROJECT_ROOT, prepareRunnerEnvironment } from '../../tools/runner.js'
import config, { REBUILD_DIST, RUNS_DIST } from '../../vitest.config.js'

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

/** A copy of what the bundle is built from, with the real node_modules, in a folder of its own. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftg-bundle-'))
  dirs.push(dir)
  for (const item of ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'action.yml'])
    cpSync(join(PROJECT_ROOT, item), join(dir, item), { recursive: true })
  mkdirSync(join(dir, 'tools'))
  cpSync(join(PROJECT_ROOT, 'tools', 'bundle.ts'), join(dir, 'tools', 'bundle.ts'))
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

describe('the bundle the end-to-end tests run', () => {
  it('is stamped with a hash of its sources that any source change alters', () => {
    const dir = projectCopy()
    const before = sourceHash(dir)
    expect(sourceHash(dir)).toBe(before)
    writeFileSync(join(dir, 'src', 'version.ts'), `${readFileSync(join(dir, 'src', 'version.ts'), 'utf8')}// edited\n`)
    expect(sourceHash(dir)).not.toBe(before)
    const afterEdit = sourceHash(dir)
    writeFileSync(join(dir, 'src', 'inputs', 'new-file.ts'), 'export {}\n')
    expect(sourceHash(dir)).not.toBe(afterEdit)
  })

  it('is rebuilt first by every test project that runs it, and by none that does not', () => {
    const projects = (config.test?.projects ?? []) as Array<{
      test: { name: string; include: string[]; globalSetup?: string[] }
    }>
    const runsDist = (include: string[]) => include.some((pattern) => RUNS_DIST.includes(pattern))
    expect(projects.length).toBeGreaterThan(1)
    for (const { test } of projects)
      expect([test.name, test.globalSetup]).toEqual([test.name, runsDist(test.include) ? REBUILD_DIST : undefined])
    expect(RUNS_DIST).toContain('test/e2e/**/*.test.ts')
  })

  it('is the committed one when the sources have not changed (CI builds it first)', () => {
    expect(bundleIsCurrent(PROJECT_ROOT)).toBe(true)
  })

  it('is rebuilt after a source edit, so the tests run the edited code', { timeout: 180_000 }, async () => {
    const dir = projectCopy()
    const mainStep = join(dir, 'src', 'steps', 'main-step.ts')
    const marker = `edited-${Date.now()}`
    writeFileSync(
      mainStep,
      readFileSync(mainStep, 'utf8').replace(
        '  let outputs = initialOutputs()',
        `  toolkit.info('${marker}')\n  let outputs = initialOutputs()`,
      ),
    )
    expect(bundleIsCurrent(dir)).toBe(false)
    expect(await ensureFreshBundle(dir)).toBe('rebuilt')
    expect(bundleIsCurrent(dir)).toBe(true)
    expect(await ensureFreshBundle(dir)).toBe('current')

    const { env } = prepareRunnerEnvironment({ inputs: { 'api-token': '' } }, dir)
    // No token: the step fails (exit 1), after printing the marker.
    const run = spawnSync(node24Path(), [join(dir, 'dist', 'main', 'index.js')], { env, encoding: 'utf8' })
    expect(run.stdout).toContain(marker)
  })
})

describe('parenthesiseModules', () => {
  // The shape of ncc's minified output: a table of module functions keyed by number, the runtime, the entry.
  const minified =
    'var t={12:(e,t,r)=>{e.exports={a:(x)=>x+1}},34:function(e){e.exports=[2,3]}};' +
    'var c={};function r(n){if(c[n])return c[n].exports;var m=c[n]={exports:{}};t[n](m,m.exports,r);return m.exports}' +
    'var o={1:"x",2:(a)=>a};export const answer=[r(12).a(41),...r(34),o[2](5)];'

  it('wraps each function of the module table, and nothing else', () => {
    const { code, wrapped } = parenthesiseModules(minified)
    expect(wrapped).toBe(2)
    expect(code).toContain('12:((e,t,r)=>{e.exports={a:(x)=>x+1}})')
    expect(code).toContain('34:(function(e){e.exports=[2,3]})')
    // An object that is not all functions keyed by numbers (o), and functions inside modules, are left alone.
    expect(code).toContain('var o={1:"x",2:(a)=>a}')
    expect(code).toContain('{a:(x)=>x+1}')
  })

  it('leaves an object of methods or accessors alone, and checks that what it writes still parses', () => {
    const methods = 'var t={1(){return 1},2:(e)=>e};var g={get 3(){return 3},4:(e)=>e};export const x=[t[1](),g[3]];'
    const { code, wrapped } = parenthesiseModules(methods)
    expect(wrapped).toBe(0)
    expect(code).toBe(methods)
  })

  it('changes no behaviour: the wrapped bundle computes what the minified one does', async () => {
    const load = async (code: string) =>
      ((await import(`data:text/javascript,${encodeURIComponent(code)}`)) as { answer: number[] }).answer
    expect(await load(parenthesiseModules(minified).code)).toEqual(await load(minified))
    expect(await load(minified)).toEqual([42, 2, 3, 5])
  })

  it('has wrapped every module of the committed bundles and their chunks, which are minified too', () => {
    const files = ['main', 'post'].flatMap((entry) =>
      readdirSync(join(PROJECT_ROOT, 'dist', entry))
        .filter((name) => /^(?:\d+\.)?index\.js$/.test(name))
        .map((name) => join(PROJECT_ROOT, 'dist', entry, name)),
    )
    expect(files.length).toBeGreaterThan(4)
    for (const file of files) {
      const code = readFileSync(file, 'utf8')
      // Every module function of the table is parenthesised: no bare arrow or function follows a numeric key.
      expect(code, file).not.toMatch(/[{,]\d+:(?:\(\w*(?:,\w+){0,2}\)=>|\w+=>|function\b)/)
      expect(parenthesiseModules(code).wrapped, file).toBeGreaterThan(0)
      // Minified: no comment lines of webpack's unminified output.
      expect(code, file).not.toContain('/***/')
    }
  })
})

describe('what each step loads before anything else', () => {
  // Markers of code every step would load with @actions/core's entry, and none uses: its OIDC client, the
  // undici that @actions/http-client brings, @actions/exec. The floor bundle of `npm run bench` holds them all.
  const UNUSED = { oidc: 'ACTIONS_ID_TOKEN_REQUEST_URL', undici: 'llhttp', exec: 'ToolRunner' }

  it.each(['main', 'post'])('%s: index.js holds no part of the toolkit that the action never uses', (entry) => {
    const code = readFileSync(join(PROJECT_ROOT, 'dist', entry, 'index.js'), 'utf8')
    for (const [what, marker] of Object.entries(UNUSED)) expect(code, what).not.toContain(marker)
    // The markers are real: undici is still in the bundle, in the chunk a proxy loads.
    const chunks = readdirSync(join(PROJECT_ROOT, 'dist', entry)).filter((name) => /^\d+\.index\.js$/.test(name))
    const rest = chunks.map((name) => readFileSync(join(PROJECT_ROOT, 'dist', entry, name), 'utf8')).join('')
    expect(rest).toContain(UNUSED.undici)
  })
})
