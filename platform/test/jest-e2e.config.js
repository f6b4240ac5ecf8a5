import { jestConfig } from '../../jest.base.js';

export default { ...jestConfig({ testRegex: 'test/.*\\.e2e-spec\\.ts$' }), rootDir: '..' };
