import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in docker/src/). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const repoPath = (...segments: string[]): string =>
  [repoRoot.replace(/\/$/, ''), ...segments].join('/');
