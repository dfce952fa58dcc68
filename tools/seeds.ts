/** The tokens (and the user who mints more) the demo, `npm run simulator` and many tests start from. */
import { type FastlySimulator, isoSeconds, type SimulatedToken, type SimulatedUser } from './simulator.js'

const DAY = 24 * 3600 * 1000

const iso = isoSeconds

export interface StandardTokens {
  healthy: SimulatedToken
  expiringTomorrow: SimulatedToken
  neverExpires: SimulatedToken
  readOnly: SimulatedToken
  purgeOneService: SimulatedToken
  superuser: SimulatedToken
  /** A user token that expired three days ago: Fastly answers it 401 "Token <id> expired at <time>". */
  expired: SimulatedToken
  /** Automation tokens (no user): a superuser-role one that never expires, ... */
  automationSuperuser: SimulatedToken
  /** ... an engineer limited to the demo service, expiring in 60 days, ... */
  automationEngineer: SimulatedToken
  /** ... a two-year-old read-only `user`-role one, unused for most of a year and never expiring, ... */
  automationStale: SimulatedToken
  /** ... and a billing-role one made last week and never used. */
  automationBilling: SimulatedToken
}

const DEMO_USER = 'DemoUser00000000000001'
export const DEMO_CUSTOMER = 'DemoCustomer0000000001'
export const DEMO_SERVICE = 'DemoService00000000001'

/**
 * Fixed secrets for the standalone simulator, so a local .env can name them.
 * They open nothing but a simulator on this machine. Random letters and digits, no words:
 * the action redacts any 8 characters of a secret, and a word in one would vanish from its messages.
 */
export const LOCAL_SECRETS: Record<keyof StandardTokens, string> = {
  healthy: 'LclJ3st0e22jxqVyc17ZXuGIBBP1CIH2',
  expiringTomorrow: 'LclZvSYEAxSgpRe1omP6fRs1HWJLGZ2z',
  neverExpires: 'LclzrOw34lYF0IO311h4YroncWzXTP2r',
  readOnly: 'LclR5thKQK5Unxs6mhFHDvhGGkWA4jqU',
  purgeOneService: 'LcltT31H8rHZhcxfVoZniJtp720oVCB6',
  superuser: 'Lcl7VX0DqZu7n1bQo6jLQq7iaZXCAo5x',
  expired: 'Lcl9yHjYDg9FUosLFmedoFShAbXF0fZw',
  automationSuperuser: 'LclMURis9N5UIjg4uHhSuy0Sriw5arSS',
  automationEngineer: 'LcliOXFJjoM5BfpLDDK4AgWFgcw33OgZ',
  automationStale: 'Lcl1anK7knp7hUOhzwatMUwFVIqXyh3Q',
  automationBilling: 'LclWkqeyZcK22lnumAk82Tdaa3SeZuov',
}

/**
 * The demo user who can mint tokens with `POST /tokens` (two-factor on: the
 * `Fastly-OTP` header needs the current code for `otpSecret`). Like
 * LOCAL_SECRETS, these open nothing but a simulator.
 */
export const DEMO_MINT_USER = {
  login: 'demo-minter@example.test',
  password: 'local-demo-password-not-a-secret',
  userId: DEMO_USER,
  customerId: DEMO_CUSTOMER,
  otpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  superuser: false,
} as const

/** Adds the demo mint user, unless the simulator has it already. */
function seedMintUser(simulator: FastlySimulator): SimulatedUser {
  return simulator.user(DEMO_MINT_USER.login) ?? simulator.addUser(DEMO_MINT_USER)
}

/**
 * Seeds a realistic set: the shapes Fastly really returns, nulls and ""
 * included; user tokens of every scope class (global, global:read,
 * purge-only), an expired one, automation tokens of several roles and ages,
 * and the demo mint user. Random secrets unless given.
 */
export function seedStandardTokens(
  simulator: FastlySimulator,
  now: Date = new Date(),
  secrets?: Record<keyof StandardTokens, string>,
): StandardTokens {
  const base = { user_id: DEMO_USER, customer_id: DEMO_CUSTOMER }
  const secret = (role: keyof StandardTokens) => (secrets !== undefined ? { secret: secrets[role] } : {})
  const tokens: StandardTokens = {
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
    expired: simulator.addToken(
      {
        ...base,
        name: 'deploy-ci-expired',
        scope: 'global',
        created_at: iso(new Date(now.getTime() - 93 * DAY)),
        last_used_at: iso(new Date(now.getTime() - 4 * DAY)),
        expires_at: iso(new Date(now.getTime() - 3 * DAY)),
      },
      secret('expired'),
    ),
    ...seedAutomationTokens(simulator, now, secret),
  }
  seedMintUser(simulator)
  return tokens
}

type AutomationSeeds = Pick<
  StandardTokens,
  'automationSuperuser' | 'automationEngineer' | 'automationStale' | 'automationBilling'
>

function seedAutomationTokens(
  simulator: FastlySimulator,
  now: Date,
  secret: (role: keyof AutomationSeeds) => { secret?: string },
): AutomationSeeds {
  const at = (days: number) => iso(new Date(now.getTime() + days * DAY))
  // Shaped as go-fastly's recorded traffic shows them: no user_id, a creator, null services and expiry for "all" and "never".
  const base = { customer_id: DEMO_CUSTOMER, creator_id: 'DemoAdmin0000000000001' }
  return {
    automationSuperuser: simulator.addAutomationToken(
      {
        ...base,
        name: 'terraform-prod',
        role: 'superuser',
        scope: 'global',
        created_at: at(-400),
        last_used_at: at(-1),
        expires_at: null,
        tls_access: true,
      },
      secret('automationSuperuser'),
    ),
    automationEngineer: simulator.addAutomationToken(
      {
        ...base,
        name: 'ci-deploy-www',
        role: 'engineer',
        scope: 'global purge_all',
        services: [DEMO_SERVICE],
        service_id: DEMO_SERVICE,
        created_at: at(-30),
        last_used_at: at(0),
        expires_at: at(60),
        ip: '203.0.113.9',
        user_agent: 'github-actions',
      },
      secret('automationEngineer'),
    ),
    automationStale: simulator.addAutomationToken(
      {
        ...base,
        name: 'stats-exporter',
        role: 'user',
        scope: 'global:read',
        created_at: at(-730),
        last_used_at: at(-300),
        expires_at: null,
      },
      secret('automationStale'),
    ),
    automationBilling: simulator.addAutomationToken(
      {
        ...base,
        name: 'invoice-sync',
        role: 'billing',
        scope: 'global:read',
        created_at: at(-7),
        last_used_at: null,
        expires_at: null,
      },
      secret('automationBilling'),
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

const AUTOMATION_ROLES = ['engineer', 'user', 'billing', 'superuser'] as const

/**
 * `count` automation tokens of one customer, as go-fastly's recorded traffic
 * shapes them, with a spread of roles and ages: every fifth never expires,
 * the others expire from 60 days ago to 340 days ahead; a third were never
 * used; they were made up to two years ago by one of two creators.
 */
export function seedManyAutomationTokens(
  simulator: FastlySimulator,
  count: number,
  customerId: string,
  now: Date = new Date(),
): SimulatedToken[] {
  const at = (days: number) => iso(new Date(now.getTime() + days * DAY))
  return Array.from({ length: count }, (_, i) => {
    const madeDaysAgo = ((i * 7) % 730) + 1
    return simulator.addAutomationToken({
      customer_id: customerId,
      creator_id: i % 2 === 0 ? 'RobotMaker000000000001' : 'RobotMaker000000000002',
      name: `automation-${AUTOMATION_ROLES[i % 4]}-${i}`,
      role: AUTOMATION_ROLES[i % 4],
      scope: i % 4 === 2 ? 'global:read' : i % 3 === 0 ? 'global' : 'global purge_all',
      services: i % 6 === 0 ? [DEMO_SERVICE] : null,
      created_at: at(-madeDaysAgo),
      last_used_at: i % 3 === 0 ? null : at(-Math.min((i * 11) % 200, madeDaysAgo)),
      expires_at: i % 5 === 0 ? null : at(Math.max(((i * 13) % 400) - 60, 1 - madeDaysAgo)),
      tls_access: i % 4 === 3,
    })
  })
}
