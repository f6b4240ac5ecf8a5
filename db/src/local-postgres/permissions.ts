import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach the binaries and the data directory's
 * parent. A checkout under a 0700 home directory fails deep inside initdb (`spawn initdb EACCES`); say why up front.
 */
export async function assertReachableByOthers(paths: string[]): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const problems = new Set<string>();
  for (const path of paths) {
    let dir = dirname(resolve(path));
    for (;;) {
      const info = await stat(dir).catch(() => undefined);
      if (info && (info.mode & 0o001) === 0) problems.add(dir);
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  if (problems.size > 0) {
    const dirs = [...problems];
    throw new Error(
      `Embedded Postgres runs as the "postgres" user, which cannot enter ${dirs.join(', ')} (no execute permission ` +
        `for others). Run \`chmod o+x ${dirs.join(' ')}\`, put the checkout elsewhere, or set DATABASE_URL.`,
    );
  }
}
