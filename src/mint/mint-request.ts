/**
 * What this step asks Fastly for when it makes the job's token: pure, the
 * clock and the run's variables passed in.
 */
import type { MintSettings } from '../inputs/settings.js'

type RunVariables = Record<string, string | undefined>

/**
 * The name a made token gets unless `new-token-name` says otherwise: the
 * repository, run ID, attempt and job, so a person who finds the token in
 * Fastly's list can tell which run made it, and a re-run (a new attempt) or
 * another job of the run makes one of another name.
 */
export function defaultTokenName(env: RunVariables): string {
  const repository = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!repository || !runId) return 'fastly-token-guard (run outside GitHub Actions)'
  const job = env.GITHUB_JOB ? ` job ${env.GITHUB_JOB}` : ''
  return `${repository} run ${runId} attempt ${env.GITHUB_RUN_ATTEMPT || '1'}${job}`
}

/** The token to ask for, everything but the credentials. */
export interface TokenOrder {
  name: string
  /** Space-separated, as Fastly takes it. */
  scope: string
  /** Empty: all services. */
  services: string[]
  /** Epoch milliseconds, whole seconds (RFC 3339 carries no more). */
  expiresAt: number
}

export function orderToken(
  mint: Pick<MintSettings, 'name' | 'scopes' | 'services' | 'lifetimeSeconds'>,
  now: Date,
): TokenOrder {
  return {
    name: mint.name,
    scope: mint.scopes.join(' '),
    services: [...mint.services],
    expiresAt: (Math.floor(now.getTime() / 1000) + mint.lifetimeSeconds) * 1000,
  }
}
