import { jestConfig, swcTransform } from '../../jest.base.js';

const base = jestConfig({ testRegex: 'test/.*\\.e2e-spec\\.ts$', testTimeout: 60_000 });
const [swc, swcOptions] = swcTransform;

export default {
  ...base,
  rootDir: '..',
  // test/infra boots web and api in-process. @fastify/static (CommonJS) requires content-disposition 3, which is ESM-only:
  // Node 20 loads that through require(esm), jest's module loader only on Node >= 24.9. Compile that one package
  // to CommonJS for jest (as web's own e2e config does).
  transform: {
    ...base.transform,
    '/node_modules/content-disposition/.+\\.js$': [swc, { ...swcOptions, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  // test/infra boots the api, which needs a database: one Postgres for the run (DATABASE_URL's, else an embedded
  // one); the suite creates its own uniquely named database on it.
  globalSetup: '@iac-experiment/migrator/jest/global-setup',
  globalTeardown: '@iac-experiment/migrator/jest/global-teardown',
};
