import { jestConfig } from '../jest.base.js';

export default jestConfig({ testRegex: 'src/.*\\.spec\\.ts$' });
