import { fileURLToPath } from 'node:url';
import { jestConfig } from '../../jest.base.js';

export default {
  ...jestConfig({ testRegex: 'test/.*\\.e2e-spec\\.ts$', testTimeout: 60_000 }),
  rootDir: '..',
  globalSetup: fileURLToPath(import.meta.resolve('@iac-experiment/migrator/jest/global-setup')),
  globalTeardown: fileURLToPath(import.meta.resolve('@iac-experiment/migrator/jest/global-teardown')),
};
