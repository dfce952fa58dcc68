import { createActionsToolkit } from './actions/toolkit.js'
import { runMain } from './main.js'

// The bundle's entry: no work at import time beyond this call.
await runMain(createActionsToolkit())
