import { jestConfig } from '../jest.base.js';

// The template type check compiles Northflank's 1.9 MB client typings: give it time on a busy 2-core machine.
export default jestConfig({ testRegex: 'src/.*\\.spec\\.ts$', testTimeout: 120_000 });
