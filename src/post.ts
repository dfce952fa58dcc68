// The post step (action.yml `runs.post`), run at the end of the job.
import { run } from './steps/post-step.js'

await run()
