import { fileURLToPath } from 'node:url';
import { jestConfig, swcTransform } from '../../jest.base.js';

const base = jestConfig({ testRegex: 'test/.*\\.e2e-spec\\.ts$', testTimeout: 60_000 });
const [swc, swcOptions] = swcTransform;

export default {
  ...base,
  rootDir: '..',
  // @fastify/static (CommonJS) requires content-disposition 3, which is ESM-only: Node 20 loads that through
  // require(esm), jest's module loader only on Node >= 24.9. Compile that one package to CommonJS for jest.
  transform: {
    ...base.transform,
    '/node_modules/content-disposition/.+\\.js$': [swc, { ...swcOptions, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  // One Postgres for the run (DATABASE_URL's server, else an embedded one); suites create their own databases.
  globalSetup: fileURLToPath(import.meta.resolve('@iac-experiment/migrator/jest/global-setup')),
  globalTeardown: fileURLToPath(import.meta.resolve('@iac-experiment/migrator/jest/global-teardown')),
};
