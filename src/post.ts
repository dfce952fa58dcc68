// The post step (action.yml `runs.post`), run at the end of the job.
import { run } from './steps/post-step.js'
import { endProcessAfter } from './steps/process-end.js'
import { coreCommandModules } from './runner/core-source.js'

// Only the runner starts this file: the toolkit writes through core's command modules (runner/core-source.ts).
await run(coreCommandModules)
// This process is the step: once it is over, nothing it started may keep the job waiting.
endProcessAfter()
