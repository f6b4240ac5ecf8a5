#!/usr/bin/env node
// Usage (from a service workspace, after its build): start-service
//
// Starts the service exactly as its container does (the Dockerfile's CMD, node flags included), so a local
// `yarn start` measures and behaves like production. Signals are passed on; the exit code is the service's.
import { spawn } from 'node:child_process';
import { containerCommand } from './container-command.mjs';

const [, ...args] = await containerCommand(process.cwd());
const child = spawn(process.execPath, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
