import { defineConfig } from 'vitest/config'

/**
 * Fastly answers an unknown or revoked token with 401 or with 403 (both are seen), so the end-to-end
 * stories run twice: against a simulator that answers 401, with everything else, and against one that
 * answers 403. The fault matrix (which injects its own statuses), the proxy, storm and local-action runs
 * do not depend on it and run once.
 */
const ONCE = [
  'test/e2e/fault-matrix.test.ts',
  'test/e2e/proxy-tls.test.ts',
  'test/e2e/rate-limit-storm.test.ts',
  'test/e2e/local-action.test.ts',
]

export default defineConfig({
  test: {
    // End-to-end tests run dist/: rebuilt first when the sources are newer, so a test runs the code it names.
    globalSetup: ['test/global-setup.ts'],
    // End-to-end tests start Node 24 processes against the simulator; give them room on a shared machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'invalid token: 401', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'invalid token: 403',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ONCE,
          env: { FASTLY_SIMULATOR_INVALID_STATUS: '403' },
        },
      },
    ],
  },
})
