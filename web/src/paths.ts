import { fileURLToPath } from 'node:url';

// This file sits one level below the package root as src/paths.ts and as dist/paths.js, and its code one level
// below it inside dist/main.bundle.js, so the same relative URL finds views/ and public/ under
// `nest start --watch`, jest and the production bundle alike.
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export const VIEWS_DIR = `${packageRoot}views`;
export const PUBLIC_DIR = `${packageRoot}public`;
