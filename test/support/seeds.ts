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
export function seedStandardTokens(simulator: FastlySimulator, now: Date = new Date()): StandardTokens {
  const base = { user_id: DEMO_USER, customer_id: DEMO_CUSTOMER }
  return {
    healthy: simulator.addToken({
      ...base,
      name: 'deploy-ci',
      scope: 'global',
      created_at: iso(new Date(now.getTime() - 10 * DAY)),
      last_used_at: iso(new Date(now.getTime() - 2 * 3600 * 1000)),
      expires_at: iso(new Date(now.getTime() + 60 * DAY)),
    }),
    expiringTomorrow: simulator.addToken({
      ...base,
      name: 'deploy-ci-old',
      scope: 'global purge_all',
      created_at: iso(new Date(now.getTime() - 89 * DAY)),
      last_used_at: iso(new Date(now.getTime() - 1 * DAY)),
      expires_at: iso(new Date(now.getTime() + 1 * DAY)),
    }),
    neverExpires: simulator.addToken({
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
    }),
    readOnly: simulator.addToken({
      ...base,
      name: 'stats-reader',
      scope: 'global:read',
      expires_at: iso(new Date(now.getTime() + 30 * DAY)),
    }),
    purgeOneService: simulator.addToken({
      ...base,
      name: 'purge-www',
      scope: 'purge_select purge_all',
      services: [DEMO_SERVICE],
      service_id: DEMO_SERVICE,
      expires_at: iso(new Date(now.getTime() + 30 * DAY)),
    }),
    superuser: simulator.addToken(
      { ...base, user_id: 'DemoAdmin0000000000001', name: 'account-admin', scope: 'global', expires_at: iso(new Date(now.getTime() + 14 * DAY)) },
      { superuser: true },
    ),
  }
}
