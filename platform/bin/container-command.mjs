// The command a service's container runs: the exec-form CMD of its Dockerfile. It is the one definition of the
// service's `node` flags; `yarn start` (start-service) and the bench run the same command.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `["node", ...flags, entry]` from `<workspaceDir>/Dockerfile`'s last CMD. */
export async function containerCommand(workspaceDir) {
  const dockerfile = await readFile(join(workspaceDir, 'Dockerfile'), 'utf8');
  const commands = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].map((match) => JSON.parse(match[1]));
  const command = commands.at(-1);
  if (!Array.isArray(command) || command[0] !== 'node' || !command.every((arg) => typeof arg === 'string')) {
    throw new Error(`${join(workspaceDir, 'Dockerfile')}: expected a CMD ["node", ...] in exec form`);
  }
  return command;
}
