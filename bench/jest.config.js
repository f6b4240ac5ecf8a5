import { jestConfig } from '../jest.base.js';

// roots: results/ holds copies of other workspaces' sources (experiments), never this workspace's tests.
export default { ...jestConfig({ testRegex: 'src/.*\\.spec\\.ts$' }), roots: ['<rootDir>/src'] };
