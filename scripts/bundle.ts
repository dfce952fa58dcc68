// `npm run bundle`: builds dist/ (see tools/bundle.ts).
import { buildBundle } from '../tools/bundle.js'
import { PROJECT_ROOT } from '../tools/runner.js'

await buildBundle(PROJECT_ROOT)
