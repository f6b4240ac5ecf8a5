import { fileURLToPath } from 'node:url';
import { jestConfig } from '../../jest.base.js';

const base = jestConfig({ testRegex: 'test/.*\\.e2e-spec\\.ts$', testTimeout: 60_000 });

export default {
  ...base,
  rootDir: '..',
  // @fastify/static (Swagger UI's assets) is CommonJS and require()s the ESM-only content-disposition 3. Node
  // >= 20.19 allows that; jest does so only on Node >= 24.9, so jest compiles that one package to CommonJS.
  transform: {
    ...base.transform,
    '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  // One Postgres for the run (DATABASE_URL's, else an embedded one); each suite creates its own database on it.
  globalSetup: fileURLToPath(import.meta.resolve('@iac-experiment/migrator/jest/global-setup')),
  globalTeardown: fileURLToPath(import.meta.resolve('@iac-experiment/migrator/jest/global-teardown')),
};
