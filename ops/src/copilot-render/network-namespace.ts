import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { withGoOnPath } from './copilot-binary.js';

/** Set in the environment of the process that runs inside the namespace. */
export const INSIDE_NAMESPACE = 'COPILOT_RENDER_NETNS';

/**
 * Runs `script` (TypeScript, through tsx) in a new network namespace whose only interface is loopback, brought up
 * first: the copilot binary and the stand-in AWS run there together, and no request can leave the machine.
 * Root creates the namespace directly; anyone else through a user namespace that maps them to root.
 */
export function runInIsolatedNetwork(
  script: string,
  args: string[],
  options: { cwd: string; capture?: boolean },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const unshare = process.getuid?.() === 0 ? ['--net'] : ['--map-root-user', '--net'];
  const child = spawn(
    'unshare',
    [
      ...unshare,
      '--',
      'sh',
      '-c',
      'ip link set lo up && exec "$@"',
      'sh',
      process.execPath,
      '--import',
      tsx,
      script,
      ...args,
    ],
    {
      cwd: options.cwd,
      env: { ...withGoOnPath(), [INSIDE_NAMESPACE]: '1', NODE_OPTIONS: '' },
      stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Fails unless this process runs in a namespace whose only network interface is loopback. */
export function assertOnlyLoopback(): void {
  if (process.env[INSIDE_NAMESPACE] !== '1') throw new Error('not started through runInIsolatedNetwork');
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(':')[1]?.trim());
  if (links.join() !== 'lo')
    throw new Error(`network namespace has interfaces other than lo: ${links.join(', ')}`);
}

export const scriptPath = (url: string) => fileURLToPath(url);
