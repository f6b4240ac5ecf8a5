import { jestE2eConfig } from '../../jest.base.js';

export default jestE2eConfig({ postgres: true });
