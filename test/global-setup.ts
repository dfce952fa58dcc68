/**
 * Before any test: the end-to-end tests run dist/ as the runner does, so dist/
 * must be built from the sources as they are now. A stale bundle is rebuilt
 * here (not committed: CI still fails when the committed dist/ is stale).
 */
import { ensureFreshBundle } from '../tools/bundle.js'
import { PROJECT_ROOT } from '../tools/runner.js'

export default async function setup(): Promise<void> {
  if ((await ensureFreshBundle(PROJECT_ROOT)) === 'rebuilt')
    console.log('dist/ was older than the sources: rebuilt it for the end-to-end tests.')
}
