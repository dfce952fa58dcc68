import { createHash } from 'node:crypto'

/**
 * The hidden marker that ties an issue to one audit (one account in a
 * matrix). The action writes it alone on the body's first line and looks for
 * it only there: anywhere else it could come from a token name, and a
 * neighbour in the same Fastly customer could then point another account's
 * clean run at this issue and close it.
 *
 * It holds a digest of the key, not the key: the default key names a Fastly
 * user or customer, and an issue (which may be public) never holds their IDs.
 */
const PREFIX = '<!-- fastly-token-guard audit-issue'

export function issueMarker(key: string): string {
  return `${PREFIX} key-sha256=${createHash('sha256').update(key, 'utf8').digest('hex')} -->`
}

/** The marker version 1.0.0 wrote, the key in clear: still recognised, and replaced by the next update. */
function legacyIssueMarker(key: string): string {
  return `${PREFIX} key=${encodeURIComponent(key)} -->`
}

/** Whether `body` is the audit issue of `key`: its first line is that key's marker, exactly. */
export function isMarkedFor(body: string, key: string): boolean {
  const firstLine = (body.split(/\r\n|\n|\r/, 1)[0] ?? '').trimEnd()
  return firstLine === issueMarker(key) || firstLine === legacyIssueMarker(key)
}
