import { fileURLToPath } from 'node:url';

/** The repository root (same depth from bench/src and bench/dist). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH_ROOT = fileURLToPath(new URL('../', import.meta.url));
