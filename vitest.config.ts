import { defineConfig } from 'vitest/config'

/**
 * Fastly answers an unknown or revoked token with 401 or with 403 (both are seen), so the end-to-end
 * stories run twice: against a simulator that answers 401 and against one that answers 403. The fault
 * matrix (which injects its own statuses), the proxy, storm and local-action runs do not depend on it and
 * run once. Unit tests run once, in a project of their own.
 */
const ONCE = [
  'test/e2e/fault-matrix.test.ts',
  'test/e2e/proxy-tls.test.ts',
  'test/e2e/rate-limit-storm.test.ts',
  'test/e2e/local-action.test.ts',
]

/** The tests that run dist/ (end to end, and the bundle's own): dist/ is rebuilt first when the sources are newer. */
export const RUNS_DIST = ['test/e2e/**/*.test.ts', 'test/tools/bundle.test.ts']
/** Rebuilds a stale dist/; only projects that run it have it, so a unit test run after an edit does not wait for ncc. */
export const REBUILD_DIST = ['test/global-setup.ts']

export default defineConfig({
  test: {
    // End-to-end tests start Node 24 processes against the simulator; give them room on a shared machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: RUNS_DIST } },
      { extends: true, test: { name: 'invalid token: 401', include: RUNS_DIST, globalSetup: REBUILD_DIST } },
      {
        extends: true,
        test: {
          name: 'invalid token: 403',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ONCE,
          env: { FASTLY_SIMULATOR_INVALID_STATUS: '403' },
          globalSetup: REBUILD_DIST,
        },
      },
    ],
  },
})
