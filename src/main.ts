// The main step (action.yml `runs.main`). Which step runs is fixed by which file the runner starts, never by the environment.
import { run } from './steps/main-step.js'

await run()
