/** `yarn workspace @iac-experiment/ops copilot:build`: builds Copilot into .cache/copilot, or reuses that build. */
import { resolve } from 'node:path';
import { ensureCopilotBinary } from './copilot-binary.js';

const started = Date.now();
const binary = ensureCopilotBinary(resolve(import.meta.dirname, '../../..'), (line) => console.log(line));
console.log(`copilot: ${binary} (${Math.round((Date.now() - started) / 1000)} s)`);
