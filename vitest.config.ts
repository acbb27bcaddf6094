import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/scratchDir.ts'],
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
  },
});
