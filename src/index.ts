import { startEarlyRequest, waitUntilSent } from './early-request.js'
import { isPostPhase } from './state.js'

// One bundle serves both steps of action.yml; the state the main step saved tells them apart
// (read from STATE_* directly: the toolkit has not loaded yet, on purpose, see early-request.ts).
const early = startEarlyRequest(process.env)
if (early !== undefined) await waitUntilSent(early)
const step = isPostPhase((name) => process.env[`STATE_${name}`] ?? '') ? await import('./post.js') : await import('./main.js')
await step.run(early)
