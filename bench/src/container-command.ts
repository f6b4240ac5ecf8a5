import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/**
 * The `node` arguments a workload's container runs with (its Dockerfile's exec-form CMD without `node`), so the
 * bench measures the api and web as production starts them, heap flags included.
 */
export async function containerNodeArgs(workload: 'api' | 'web'): Promise<string[]> {
  const dockerfile = await readFile(join(REPO_ROOT, workload, 'Dockerfile'), 'utf8');
  const commands = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].map((match) =>
    JSON.parse(match[1] as string),
  );
  const command = commands.at(-1) as unknown;
  if (!Array.isArray(command) || command[0] !== 'node' || !command.every((arg) => typeof arg === 'string')) {
    throw new Error(`${workload}/Dockerfile: expected a CMD ["node", ...] in exec form`);
  }
  return command.slice(1);
}
