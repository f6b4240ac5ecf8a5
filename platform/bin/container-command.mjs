// The command a service's container runs: the exec-form CMD of its Dockerfile. It is the one definition of the
// service's `node` flags; `yarn start` (start-service) and the bench run the same command. The Dockerfile's base
// image is likewise the one statement of the Node major the service runs on in production.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `["node", ...flags, entry]` from `<workspaceDir>/Dockerfile`'s last CMD. */
export async function containerCommand(workspaceDir) {
  const dockerfile = await readDockerfile(workspaceDir);
  const commands = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].map((match) => JSON.parse(match[1]));
  const command = commands.at(-1);
  if (!Array.isArray(command) || command[0] !== 'node' || !command.every((arg) => typeof arg === 'string')) {
    throw new Error(`${join(workspaceDir, 'Dockerfile')}: expected a CMD ["node", ...] in exec form`);
  }
  return command;
}

/** The Node major of `<workspaceDir>/Dockerfile`'s base image (`FROM node:24-…`). */
export async function containerNodeMajor(workspaceDir) {
  const dockerfile = await readDockerfile(workspaceDir);
  const majors = [...dockerfile.matchAll(/^FROM\s+node:(\d+)\b/gm)].map((match) => Number(match[1]));
  if (majors.length === 0 || majors.some((major) => major !== majors[0])) {
    throw new Error(`${join(workspaceDir, 'Dockerfile')}: expected FROM node:<major> images of one major`);
  }
  return majors[0];
}

function readDockerfile(workspaceDir) {
  return readFile(join(workspaceDir, 'Dockerfile'), 'utf8');
}
