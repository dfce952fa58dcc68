// The post step (action.yml `runs.post`), run at the end of the job.
import { run } from './steps/post-step.js'
import { endProcessAfter } from './steps/process-end.js'

await run()
// This process is the step: once it is over, nothing it started may keep the job waiting.
endProcessAfter()
