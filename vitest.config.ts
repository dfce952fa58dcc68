import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests run dist/: rebuilt first when the sources are newer, so a test runs the code it names.
    globalSetup: ['test/global-setup.ts'],
    // End-to-end tests start Node 24 processes against the simulator; give them room on a shared machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
