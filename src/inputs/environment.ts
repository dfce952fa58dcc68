/**
 * What a step reads from the runner's environment besides its inputs: the
 * token's fallback (FASTLY_API_TOKEN) and the run's address. Kept apart from
 * the input table so the post step, which reads only its record and the
 * token, does not load every input's parser.
 */
import type { InputReader } from './input-table.js'

export type Environment = Record<string, string | undefined>

/**
 * The token as given, before any check: the step masks it with this value
 * before anything else can be printed. The post step reads it the same way.
 */
export function tokenCandidate(getInput: InputReader, env: Environment): string {
  const fromInput = getInput('api-token').trim()
  return fromInput !== '' ? fromInput : (env.FASTLY_API_TOKEN ?? '').trim()
}

/** The run's page, from the variables the runner sets; undefined outside a runner. */
export function workflowRunUrl(env: Environment): string | undefined {
  const server = env.GITHUB_SERVER_URL
  const repository = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!server || !repository || !runId) return undefined
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`
}

/**
 * Inputs as the runner passes them: `INPUT_` and the name, spaces as
 * underscores, upper-cased, trimmed (the rule of @actions/core's getInput,
 * which the toolkit reads them with).
 */
export function inputsFromEnvironment(env: Environment): InputReader {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}
