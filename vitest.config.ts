import { createRequire } from 'node:module';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Apollo's packages are CommonJS and `require('graphql')` (graphql/index.js); an ESM import of
// 'graphql' would load graphql/index.mjs, a second copy whose classes fail instanceof checks.
// One alias makes every import share the CommonJS copy (STACK.md).
const graphql = require.resolve('graphql/index.js');
// Workspace packages resolve to their TypeScript sources under test (no build step needed).
// Without 'module': packages such as @opentelemetry/api point it at bundler-only ESM builds
// (extensionless imports) that Node cannot load.
const conditions = ['@switchyard/source', ...defaultServerConditions.filter((c) => c !== 'module')];

const shared = {
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }], conditions },
  ssr: { resolve: { conditions } },
};

export default defineConfig({
  ...shared,
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          globalSetup: ['test/servicesSetup.ts'],
          include: [
            'packages/*/test/**/*.test.ts',
            'gateway/test/**/*.test.ts',
            'schema/test/**/*.test.ts',
            'subgraphs/*/test/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'stack',
          include: ['stack/test/**/*.test.ts'],
          globalSetup: ['test/servicesSetup.ts', 'stack/test/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        ...shared,
        test: {
          // The benchmark's harness: starts, runs one short round, stops (the benchmark itself is
          // `npm run bench:gateway`, never part of the tests).
          name: 'bench',
          include: ['bench/test/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        ...shared,
        test: {
          // Headless Chromium (Debian's package): `npm run test:browser`, run by .ci/run.
          name: 'browser',
          include: ['stack/browser/**/*.test.ts'],
          globalSetup: ['stack/test/globalSetup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
