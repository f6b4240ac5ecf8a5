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
