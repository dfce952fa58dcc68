import { type ActionsCore, actionsCore } from './actions-core.js'

/**
 * Where the toolkit takes @actions/core's functions from. The entry files, which only the runner starts
 * (dist/), pass `coreCommandModules` (actions-core.ts). `run()` called without one, as `npm run local-action`
 * calls it, takes core's entry: the module local-action replaces with its stand-in, which masks the secrets it
 * is given and keeps state for the post step, where the command modules would print both. Not decided by the
 * environment: local-action's own example sets GITHUB_ACTIONS=true.
 */
export type CoreSource = () => Promise<ActionsCore>

export const coreCommandModules: CoreSource = async () => actionsCore

export const coreEntry: CoreSource = async () => await import('@actions/core')
