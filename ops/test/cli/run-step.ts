import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface StepRun {
  status: number | null;
  /** What the Actions log would show: stdout, then stderr. */
  log: string;
  /** What the step wrote to $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY. */
  outputs: string;
  summary: string;
  /** Every stub command's arguments, one line per call. */
  calls: string[];
}

/**
 * Runs a workflow step's `run:` script the way a GitHub runner does for `ubuntu-*` without `shell:` (`bash -e
 * {0}`), with the commands it calls (node, gh, …) replaced by shell stubs that record their arguments.
 */
export function runStep(script: string, stubs: Record<string, string>, env: Record<string, string>): StepRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'ops-workflow-step-'));
  try {
    const bin = path.join(dir, 'bin');
    const temp = path.join(dir, 'runner-temp');
    mkdirSync(bin);
    mkdirSync(temp);
    const calls = path.join(dir, 'calls');
    for (const [name, body] of Object.entries(stubs)) {
      const stub = path.join(bin, name);
      writeFileSync(stub, `#!/bin/bash\necho "${name} $*" >>"${calls}"\n${body}\n`);
      chmodSync(stub, 0o755);
    }
    const files = { output: path.join(dir, 'output'), summary: path.join(dir, 'summary') };
    for (const file of [...Object.values(files), calls]) writeFileSync(file, '');
    const scriptFile = path.join(dir, 'step.sh');
    writeFileSync(scriptFile, script);
    const result = spawnSync('bash', ['-e', scriptFile], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        RUNNER_TEMP: temp,
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        ...env,
      },
    });
    return {
      status: result.status,
      log: `${result.stdout}${result.stderr}`,
      outputs: readFileSync(files.output, 'utf8'),
      summary: readFileSync(files.summary, 'utf8'),
      calls: readFileSync(calls, 'utf8').split('\n').filter(Boolean),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
