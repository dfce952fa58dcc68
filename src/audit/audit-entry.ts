import { formatTimestamp } from '../shared/time.js'
import type { AuditEntry } from './classify.js'

/** One token as the `tokens` output and the audit file show it. */
export function auditEntryJson(entry: AuditEntry): Record<string, unknown> {
  const { token } = entry
  return {
    id: token.id,
    name: token.name ?? '',
    kind: token.kind,
    role: token.role ?? '',
    'user-id': token.userId ?? '',
    'creator-id': token.creatorId ?? '',
    'tls-access': token.tlsAccess,
    scope: token.scope,
    services: token.services,
    'created-at': formatTimestamp(token.createdAt),
    'last-used-at': formatTimestamp(token.lastUsedAt),
    'expires-at': formatTimestamp(token.expiresAt),
    category: entry.category,
    flags: entry.flags,
    current: entry.current,
  }
}
