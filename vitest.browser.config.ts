// The browser test, apart from `vitest run`: it needs Debian's chromium and the built page (npm run test:browser).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/scratchDir.ts'],
    include: ['test/explorer/browser/**/*.browser.ts'],
    testTimeout: 60_000,
    // beforeAll runs the CLI twice (one check takes about 5 s) and starts the browser.
    hookTimeout: 60_000,
  },
});
