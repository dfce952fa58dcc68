// The main step (action.yml `runs.main`). Which step runs is fixed by which file the runner starts, never by the environment.
import { run } from './steps/main-step.js'
import { endProcessAfter } from './steps/process-end.js'
import { coreCommandModules } from './runner/core-source.js'

// Only the runner starts this file: the toolkit writes through core's command modules (runner/core-source.ts).
await run(coreCommandModules)
// This process is the step: once it is over, nothing it started may keep the job waiting.
endProcessAfter()
