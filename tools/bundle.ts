/**
 * Builds dist/ (what GitHub runs) and knows whether it is current.
 *
 * One ncc bundle per step: dist/main/index.js (runs.main) and
 * dist/post/index.js (runs.post). dist/source-hash holds a hash of everything
 * the bundle is built from, so the end-to-end tests can tell a stale bundle
 * from a current one without building it (see test/global-setup.ts).
 */
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'acorn'
import { minify } from 'terser'

const ENTRIES = ['main', 'post'] as const
const SOURCE_HASH_FILE = 'source-hash'

/** Files the bundle depends on besides src/: the dependency tree, the compiler settings and this builder. */
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tools/bundle.ts']

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

/** SHA-256 over the path and content of every file the bundle is built from. */
export function sourceHash(root: string): string {
  const hash = createHash('sha256')
  const files = [
    ...listFiles(join(root, 'src')),
    ...BUILD_INPUTS.map((file) => join(root, file)).filter((file) => existsSync(file)),
  ]
  for (const file of files.map((path) => relative(root, path)).sort()) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0')
  }
  return hash.digest('hex')
}

/** True when dist/ was built from the sources as they are now. */
export function bundleIsCurrent(root: string): boolean {
  const stamp = join(root, 'dist', SOURCE_HASH_FILE)
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceHash(root)
}

/**
 * The module functions of a minified webpack bundle, parenthesised again.
 *
 * ncc's minifier drops the parentheses webpack writes around each module's
 * function (`{123:(e,t,r)=>{...}}`). They are what tells V8 that a function
 * runs at once: without them V8 pre-parses every module while loading the
 * file, then parses each one again when it runs, and a verify step started
 * about 15 % slower on Node 24. Wrapping is safe (a parenthesised expression
 * is the same value), so the bundle stays minified and small.
 */
export function parenthesiseModules(code: string): { code: string; wrapped: number } {
  const spans: Array<[number, number]> = []
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    if (Array.isArray(node)) {
      for (const item of node) visit(item)
      return
    }
    const typed = node as { type?: unknown } & Record<string, unknown>
    if (typeof typed.type !== 'string') return
    if (isModuleTable(typed)) {
      for (const property of (typed as unknown as ObjectExpression).properties)
        spans.push([property.value.start, property.value.end])
      return
    }
    for (const key of Object.keys(typed)) visit(typed[key])
  }
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'module' }))
  let out = ''
  let kept = 0
  for (const [start, end] of spans.sort((x, y) => x[0] - y[0])) {
    out += `${code.slice(kept, start)}(${code.slice(start, end)})`
    kept = end
  }
  const wrapped = out + code.slice(kept)
  // What is written must still be JavaScript: a shape of output this pass does not know fails the build here.
  parse(wrapped, { ecmaVersion: 'latest', sourceType: 'module' })
  return { code: wrapped, wrapped: spans.length }
}

interface ObjectExpression {
  type: 'ObjectExpression'
  properties: Array<{
    type: string
    kind?: string
    method?: boolean
    computed?: boolean
    key: { type: string; value?: unknown }
    value: { type: string; start: number; end: number }
  }>
}

/**
 * webpack's table of modules: an object whose keys are all numbers and whose values are all function
 * expressions written as `key: function`. A method (`1(){}`) or accessor is left alone: its function has no
 * expression to parenthesise.
 */
function isModuleTable(node: { type?: unknown }): boolean {
  if (node.type !== 'ObjectExpression') return false
  const { properties } = node as ObjectExpression
  return (
    properties.length > 0 &&
    properties.every(
      (property) =>
        property.type === 'Property' &&
        property.kind === 'init' &&
        property.method === false &&
        property.computed === false &&
        property.key.type === 'Literal' &&
        typeof property.key.value === 'number' &&
        (property.value.type === 'ArrowFunctionExpression' || property.value.type === 'FunctionExpression'),
    )
  )
}

/**
 * One ncc build of `entry` into `out` with the action's settings: ncc minifies index.js, terser the lazily
 * loaded chunks (NNN.index.js, which ncc leaves as they are), and parenthesiseModules wraps every module
 * again. The benchmark builds its floor bundles with this too, so the comparison stays fair.
 *
 * index.js is minified as ncc does it, without compressing. Compressing it would rewrite the whole toolkit
 * and undici, far more code than the tests exercise, for about 1.5 % of the action's start (measured); it
 * sped the floor bundle up more (about 3 %), so it would not bring the cold-start budget closer either.
 */
export async function nccBuild(
  root: string,
  entry: string,
  out: string,
  extraArgs: readonly string[] = [],
): Promise<void> {
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', entry, '-m', '-o', out, ...extraArgs], {
    cwd: root,
    // ncc's errors (a type error, a module not found) on stderr; its list of files is left out.
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (const file of readdirSync(out).filter((name) => /^(?:\d+\.)?index\.js$/.test(name))) {
    const path = join(out, file)
    let code = readFileSync(path, 'utf8')
    if (file !== 'index.js') {
      const minified = await minify(code, { module: true, compress: true, mangle: true, format: { comments: false } })
      if (minified.code === undefined) throw new Error(`terser produced nothing for ${path}`)
      code = minified.code
    }
    const result = parenthesiseModules(code)
    // A bundle without a module table means ncc changed its output: fail the build rather than ship it slow.
    if (result.wrapped === 0) throw new Error(`no webpack module table found in ${path}`)
    writeFileSync(path, `${result.code}\n`)
  }
}

/** Builds dist/ from scratch. */
export async function buildBundle(root: string): Promise<void> {
  const dist = join(root, 'dist')
  rmSync(dist, { recursive: true, force: true })
  for (const entry of ENTRIES)
    await nccBuild(root, join(root, 'src', `${entry}.ts`), join(dist, entry), ['--license', 'licenses.txt'])
  writeFileSync(join(dist, SOURCE_HASH_FILE), `${sourceHash(root)}\n`)
}

/** Rebuilds dist/ when the sources changed since it was built; says which it did. */
export async function ensureFreshBundle(root: string): Promise<'current' | 'rebuilt'> {
  if (bundleIsCurrent(root)) return 'current'
  await buildBundle(root)
  return 'rebuilt'
}
