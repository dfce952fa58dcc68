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
import { minify } from 'terser'

export const ENTRIES = ['main', 'post'] as const
export const SOURCE_HASH_FILE = 'source-hash'

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

/** Builds dist/ from scratch. */
export async function buildBundle(root: string): Promise<void> {
  const dist = join(root, 'dist')
  rmSync(dist, { recursive: true, force: true })
  const ncc = join(root, 'node_modules', '.bin', 'ncc')
  for (const entry of ENTRIES) {
    const out = join(dist, entry)
    execFileSync(ncc, ['build', join(root, 'src', `${entry}.ts`), '-m', '-o', out, '--license', 'licenses.txt'], {
      cwd: root,
      stdio: 'inherit',
    })
    // ncc minifies index.js but not the lazily loaded chunks (NNN.index.js); minified, they load faster.
    for (const file of readdirSync(out).filter((name) => /^\d+\.index\.js$/.test(name))) {
      const path = join(out, file)
      const result = await minify(readFileSync(path, 'utf8'), {
        module: true,
        compress: true,
        mangle: true,
        format: { comments: false },
      })
      if (result.code === undefined) throw new Error(`terser produced nothing for ${file}`)
      writeFileSync(path, `${result.code}\n`)
    }
  }
  writeFileSync(join(dist, SOURCE_HASH_FILE), `${sourceHash(root)}\n`)
}

/** Rebuilds dist/ when the sources changed since it was built; says which it did. */
export async function ensureFreshBundle(root: string): Promise<'current' | 'rebuilt'> {
  if (bundleIsCurrent(root)) return 'current'
  await buildBundle(root)
  return 'rebuilt'
}
