import { createActionsToolkit } from './actions/toolkit.js'
import { run as runMain } from './main.js'
import { isPostPhase } from './state.js'

// One bundle serves both steps of action.yml; the state the main step saved tells them apart.
// The gate's path is in this file; the post step's code loads only when it runs.
if (isPostPhase((name) => createActionsToolkit().getState(name))) await (await import('./post.js')).run()
else await runMain()
