/** The tokens the demo, `npm run simulator` and many tests start from. */
import { type FastlySimulator, isoSeconds, type SimulatedToken } from './simulator.js'

const DAY = 24 * 3600 * 1000

const iso = isoSeconds

export interface StandardTokens {
  healthy: SimulatedToken
  expiringTomorrow: SimulatedToken
  neverExpires: SimulatedToken
  readOnly: SimulatedToken
  purgeOneService: SimulatedToken
  superuser: SimulatedToken
}

export const DEMO_USER = 'DemoUser00000000000001'
export const DEMO_CUSTOMER = 'DemoCustomer0000000001'
export const DEMO_SERVICE = 'DemoService00000000001'

/** Seeds a realistic set: the shapes Fastly really returns, nulls and "" included. */
/**
 * Fixed secrets for the standalone simulator, so a local .env can name them.
 * They open nothing but a simulator on this machine.
 */
export const LOCAL_SECRETS: Record<keyof StandardTokens, string> = {
  healthy: 'local-healthy-0000000000000000000',
  expiringTomorrow: 'local-expiring-000000000000000000',
  neverExpires: 'local-never-expires-0000000000000',
  readOnly: 'local-read-only-00000000000000000',
  purgeOneService: 'local-purge-one-service-000000000',
  superuser: 'local-superuser-00000000000000000',
}

/** Seeds a realistic set: the shapes Fastly really returns, nulls and "" included. Random secrets unless given. */
export function seedStandardTokens(
  simulator: FastlySimulator,
  now: Date = new Date(),
  secrets?: Record<keyof StandardTokens, string>,
): StandardTokens {
  const base = { user_id: DEMO_USER, customer_id: DEMO_CUSTOMER }
  const secret = (role: keyof StandardTokens) => (secrets !== undefined ? { secret: secrets[role] } : {})
  return {
    healthy: simulator.addToken(
      {
        ...base,
        name: 'deploy-ci',
        scope: 'global',
        created_at: iso(new Date(now.getTime() - 10 * DAY)),
        last_used_at: iso(new Date(now.getTime() - 2 * 3600 * 1000)),
        expires_at: iso(new Date(now.getTime() + 60 * DAY)),
      },
      secret('healthy'),
    ),
    expiringTomorrow: simulator.addToken(
      {
        ...base,
        name: 'deploy-ci-old',
        scope: 'global purge_all',
        created_at: iso(new Date(now.getTime() - 89 * DAY)),
        last_used_at: iso(new Date(now.getTime() - 1 * DAY)),
        expires_at: iso(new Date(now.getTime() + 1 * DAY)),
      },
      secret('expiringTomorrow'),
    ),
    neverExpires: simulator.addToken(
      {
        ...base,
        name: 'automation-legacy',
        scope: 'global',
        created_at: iso(new Date(now.getTime() - 400 * DAY)),
        last_used_at: '',
        expires_at: '',
        services: null,
        service_id: null,
        ip: null,
        user_agent: null,
      },
      secret('neverExpires'),
    ),
    readOnly: simulator.addToken(
      {
        ...base,
        name: 'stats-reader',
        scope: 'global:read',
        expires_at: iso(new Date(now.getTime() + 30 * DAY)),
      },
      secret('readOnly'),
    ),
    purgeOneService: simulator.addToken(
      {
        ...base,
        name: 'purge-www',
        scope: 'purge_select purge_all',
        services: [DEMO_SERVICE],
        service_id: DEMO_SERVICE,
        expires_at: iso(new Date(now.getTime() + 30 * DAY)),
      },
      secret('purgeOneService'),
    ),
    superuser: simulator.addToken(
      {
        ...base,
        user_id: 'DemoAdmin0000000000001',
        name: 'account-admin',
        scope: 'global',
        expires_at: iso(new Date(now.getTime() + 14 * DAY)),
      },
      { superuser: true, ...secret('superuser') },
    ),
  }
}

export const AUDIT_USER = 'AuditUser0000000000001'
export const AUDIT_CUSTOMER = 'AuditCustomer000000001'

/**
 * An account as audits meet it: expired, expiring, stale, never used, no
 * expiry, browser sessions, null fields and multi-scope strings, spread over
 * two users of one customer. Returns the token the audit runs with.
 */
export function seedAuditAccount(
  simulator: FastlySimulator,
  now: Date = new Date(),
): { auditor: SimulatedToken; admin: SimulatedToken; byName: Map<string, SimulatedToken> } {
  const at = (days: number) => iso(new Date(now.getTime() + days * DAY))
  const base = { user_id: AUDIT_USER, customer_id: AUDIT_CUSTOMER }
  const byName = new Map<string, SimulatedToken>()
  const add = (name: string, fields: Record<string, unknown>, options: { superuser?: boolean } = {}) => {
    const token = simulator.addToken({ ...base, name, ...fields }, options)
    byName.set(name, token)
    return token
  }
  const auditor = add('audit-bot', {
    scope: 'global:read',
    created_at: at(-30),
    last_used_at: at(0),
    expires_at: at(300),
  })
  add('expired-last-week', { scope: 'global', created_at: at(-100), last_used_at: at(-8), expires_at: at(-7) })
  add('expires-in-3-days', {
    scope: 'purge_all purge_select',
    created_at: at(-20),
    last_used_at: at(-1),
    expires_at: at(3),
  })
  add('expires-tomorrow', { scope: 'global', created_at: at(-20), last_used_at: at(-1), expires_at: at(1) })
  add('stale-200-days', { scope: 'global', created_at: at(-400), last_used_at: at(-200), expires_at: at(100) })
  add('never-used-old', { scope: 'global', created_at: at(-120), last_used_at: null, expires_at: at(200) })
  add('never-used-new', { scope: 'global', created_at: at(-5), last_used_at: '', expires_at: at(200) })
  add('forever-and-stale', {
    scope: 'global',
    created_at: at(-500),
    last_used_at: at(-365),
    expires_at: '',
    services: null,
  })
  add('forever-active', {
    scope: 'global global:read',
    created_at: at(-500),
    last_used_at: at(-2),
    expires_at: null,
    ip: null,
    user_agent: null,
  })
  add('healthy', { scope: 'global', created_at: at(-10), last_used_at: at(-1), expires_at: at(80) })
  add('Manage.Fastly.com Browser Session', {
    scope: 'global',
    created_at: at(0),
    last_used_at: at(0),
    expires_at: at(1),
    sudo_expires_at: at(0),
  })
  add('manage.fastly.com browser session', {
    scope: 'global',
    created_at: at(-1),
    last_used_at: at(-1),
    expires_at: at(-0.5),
  })
  add('other-users-token', {
    user_id: 'AuditUser0000000000002',
    scope: 'global',
    created_at: at(-30),
    last_used_at: at(-1),
    expires_at: at(2),
  })
  const admin = add(
    'account-admin',
    {
      user_id: 'AuditAdmin000000000001',
      scope: 'global',
      created_at: at(-30),
      last_used_at: at(0),
      expires_at: at(60),
    },
    { superuser: true },
  )
  return { auditor, admin, byName }
}

/** `count` tokens of one user with a spread of expiries and uses, for audits at scale. */
export function seedManyTokens(
  simulator: FastlySimulator,
  count: number,
  owner: { user_id: string; customer_id: string },
  now: Date = new Date(),
): void {
  for (let i = 0; i < count; i++) {
    const expires = i % 10 === 0 ? null : iso(new Date(now.getTime() + ((i % 400) - 100) * DAY))
    const lastUsed = i % 7 === 0 ? null : iso(new Date(now.getTime() - (i % 300) * DAY))
    simulator.addToken({
      ...owner,
      name: `bulk-token-${i}`,
      scope: i % 3 === 0 ? 'global' : 'purge_select purge_all',
      created_at: iso(new Date(now.getTime() - 400 * DAY)),
      last_used_at: lastUsed,
      expires_at: expires,
    })
  }
}
