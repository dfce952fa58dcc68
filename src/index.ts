import { createActionsToolkit } from './actions/toolkit.js'
import { runMain } from './main.js'
import { runPost } from './post.js'
import { isPostPhase } from './state.js'

// One bundle serves both steps of action.yml; the state the main step saved tells them apart.
const toolkit = createActionsToolkit()
await (isPostPhase((name) => toolkit.getState(name)) ? runPost(toolkit) : runMain(toolkit))
