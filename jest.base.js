import { fileURLToPath } from 'node:url';

// Shared jest settings: Nest 12 is ESM-only, so tests run as native ESM (NODE_OPTIONS=--experimental-vm-modules)
// with @swc/jest emitting ES modules with legacy decorators and their metadata.
export const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** @param {{ testRegex: string, testTimeout?: number }} options */
export function jestConfig({ testRegex, testTimeout = 30_000 }) {
  return {
    testEnvironment: 'node',
    testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
    extensionsToTreatAsEsm: ['.ts'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: { '^.+\\.ts$': swcTransform },
    testRegex,
    testTimeout,
  };
}

const dbJest = (file) => fileURLToPath(new URL(`./db/jest/${file}`, import.meta.url));

/**
 * A workspace's e2e suites (`test/*.e2e-spec.ts`). With `postgres`, one Postgres serves the whole run
 * (DATABASE_URL's server, else an embedded one) and each suite creates its own database on it.
 * @param {{ testTimeout?: number, postgres?: boolean }} options
 */
export function jestE2eConfig({ testTimeout = 60_000, postgres = false } = {}) {
  const base = jestConfig({ testRegex: 'test/.*\\.e2e-spec\\.ts$', testTimeout });
  const [swc, swcOptions] = swcTransform;
  return {
    ...base,
    rootDir: '..',
    // @fastify/static (CommonJS; Swagger UI's assets, web's CSS) requires content-disposition 3, which is ESM-only:
    // Node 20 loads that through require(esm), jest's module loader only on Node >= 24.9. Compile that one package
    // to CommonJS for jest.
    transform: {
      ...base.transform,
      '/node_modules/content-disposition/.+\\.js$': [swc, { ...swcOptions, module: { type: 'commonjs' } }],
    },
    transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
    ...(postgres && {
      globalSetup: dbJest('global-setup.js'),
      globalTeardown: dbJest('global-teardown.js'),
    }),
  };
}
