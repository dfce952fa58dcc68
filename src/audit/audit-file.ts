import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, resolve } from 'node:path'
import type { Environment } from '../inputs/environment.js'
import { formatDuration, formatTimestamp } from '../shared/time.js'
import { auditEntryJson } from './audit-entry.js'
import type { AuditResult, AuditScope } from './classify.js'

/**
 * The complete audit, for the audit file: everything, uncut, one token a line
 * (compact, yet readable with grep). Yielded in pieces so 100,000 tokens are
 * written without first building one 40 MB string.
 */
export function* auditFileContent(
  result: AuditResult,
  scope: AuditScope,
  policy: { warnWithin: number | undefined; staleAfter: number },
  now: Date,
): Generator<string> {
  const head = {
    generatedAt: formatTimestamp(now),
    mode: scope.mode,
    [scope.mode === 'user' ? 'userId' : 'customerId']: scope.subjectId,
    policy: {
      warnIfExpiresWithin: formatDuration(policy.warnWithin ?? 0),
      staleAfter: formatDuration(policy.staleAfter),
    },
    tokenCount: result.entries.length,
    tokenCountByKind: result.countsByKind,
    sessionTokensLeftOut: result.sessionTokensLeftOut,
    counts: result.counts,
    expiredTokenIds: result.idsByFlag.expired,
    unreadableExpiryTokenIds: result.idsByFlag['unreadable-expiry'],
    expiringTokenIds: result.idsByFlag.expiring,
    staleTokenIds: result.idsByFlag.stale,
    noExpiryTokenIds: result.idsByFlag['no-expiry'],
  }
  yield `${JSON.stringify(head).slice(0, -1)},\n"tokens":[\n`
  const BATCH = 100
  for (let start = 0; start < result.entries.length; start += BATCH) {
    const lines = result.entries.slice(start, start + BATCH).map((entry) => JSON.stringify(auditEntryJson(entry)))
    yield `${start > 0 ? ',\n' : ''}${lines.join(',\n')}`
  }
  yield '\n]}\n'
}

/**
 * Where the audit file goes: RUNNER_TEMP, named by the issue key so a matrix
 * of audits never collide. Absolute, so a later step finds it from any folder
 * (a local run may give a relative RUNNER_TEMP).
 */
export function auditFilePath(env: Environment, key: string): string {
  const safe = key.replace(/[^A-Za-z0-9._-]+/g, '-')
  return resolve(env.RUNNER_TEMP || tmpdir(), `fastly-token-audit-${safe}.json`)
}

/**
 * Writes the file piece by piece, readable by the job's user only. No runner
 * masks a file, so every piece passes through `redact` (the toolkit's): a
 * token name or an error message that echoes the secret leaves no piece of it.
 */
export function writeAuditFile(path: string, content: Iterable<string>, redact: (text: string) => string): void {
  // On a runner RUNNER_TEMP exists; a local run's may not yet.
  mkdirSync(dirname(path), { recursive: true })
  const fd = openSync(path, 'w', 0o600)
  try {
    for (const piece of content) writeSync(fd, redact(piece))
  } finally {
    closeSync(fd)
  }
}
