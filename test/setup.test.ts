/**
 * The set-up is honest: package.json `engines` names only Node versions that
 * every package in package-lock.json accepts, and Node 20 (what the
 * development machines and CI run) is one of them. `npm ci` prints an
 * EBADENGINE warning for each package whose `engines.node` excludes the running
 * Node; this catches a lockfile bump that brings one in before an install does,
 * and for every Node version the project claims, not only the one running.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../tools/runner.js'

interface LockEntry {
  version?: string
  engines?: Record<string, string> | string[]
}
interface Lockfile {
  packages: Record<string, LockEntry>
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(PROJECT_ROOT, path), 'utf8')) as T

/** Each locked package whose `engines.node` does not admit every Node version in `claimed`, as `name@version wants range`. */
function engineConflicts(lock: Lockfile, claimed: string): string[] {
  const conflicts: string[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || !entry.engines) continue
    // Old packages may still carry the array form (["node >= 0.8"]); npm reads only the object form.
    if (Array.isArray(entry.engines)) continue
    const wanted = entry.engines.node
    if (wanted === undefined) continue
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
    if (semver.validRange(wanted) === null)
      conflicts.push(`${name}@${entry.version ?? '?'} has an unreadable engines.node: ${wanted}`)
    else if (!semver.subset(claimed, wanted)) conflicts.push(`${name}@${entry.version ?? '?'} wants node ${wanted}`)
  }
  return conflicts
}

const pkg = readJson<{ engines?: { node?: string } }>('package.json')
const lock = readJson<Lockfile & { packages: { '': { engines?: { node?: string } } } }>('package-lock.json')
const claimed = pkg.engines?.node ?? ''

describe('package.json engines', () => {
  it('is a valid range that admits Node 20, the Node of development and CI', () => {
    expect(semver.validRange(claimed)).not.toBeNull()
    expect(semver.intersects(claimed, '20.x')).toBe(true)
    expect(
      semver.satisfies(process.version, claimed),
      `this Node (${process.version}) is not in engines.node ${claimed}`,
    ).toBe(true)
  })

  it('admits Node 24, the runtime action.yml declares and the node package installs', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')).toMatch(/^\s+using: node24$/m)
    const { version } = readJson<{ version: string }>('node_modules/node/package.json')
    expect(semver.satisfies(version, claimed)).toBe(true)
  })

  it('is what the lockfile records', () => {
    expect(lock.packages[''].engines?.node).toBe(claimed)
  })
})

describe('package-lock.json', () => {
  it('holds no package whose engines.node excludes a Node version package.json claims', () => {
    expect(engineConflicts(lock, claimed)).toEqual([])
  })

  it('is checked for real: a package that wants Node 22 is caught', () => {
    const bumped: Lockfile = {
      packages: {
        'node_modules/@octokit/request/node_modules/content-type': { version: '3.1.1', engines: { node: '>=22' } },
      },
    }
    expect(engineConflicts(bumped, claimed)).toEqual(['content-type@3.1.1 wants node >=22'])
    const capped: Lockfile = {
      packages: { 'node_modules/x': { version: '1.0.0', engines: { node: '^20.19.0 || ^22.13.0' } } },
    }
    expect(engineConflicts(capped, claimed)).toEqual(['x@1.0.0 wants node ^20.19.0 || ^22.13.0'])
    expect(
      engineConflicts({ packages: { 'node_modules/y': { version: '1.0.0', engines: { node: 'twenty' } } } }, claimed),
    ).toEqual(['y@1.0.0 has an unreadable engines.node: twenty'])
  })
})
