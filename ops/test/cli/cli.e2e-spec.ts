import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalServer } from '../../src/cli/testing/local-server.js';
import { repoRoot } from './repo-files.js';

const opsDir = path.join(repoRoot, 'ops');
const mainJs = path.join(opsDir, 'dist/cli/main.js');

/** Builds ops unless dist/cli/main.js is newer than every CLI source (the root `yarn test` builds first). */
function ensureBuilt(): void {
  const sources = readdirSync(path.join(opsDir, 'src/cli'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => statSync(path.join(opsDir, 'src/cli', file)).mtimeMs);
  const built = (() => {
    try {
      return statSync(mainJs).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (built >= Math.max(...sources)) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: opsDir, stdio: 'inherit' });
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node ops/dist/cli/main.js …` as the deploy workflow runs it, with AWS pointed at a local stand-in. */
function ops(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [mainJs, ...args],
      { cwd: repoRoot, env: { ...cleanEnv, AWS_EC2_METADATA_DISABLED: 'true', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('ops CLI (built)', () => {
  let server: Awaited<ReturnType<typeof startLocalServer>> | undefined;

  beforeAll(() => ensureBuilt(), 180_000);
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lists its commands', async () => {
    const result = await ops(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['wait-job', 'run-job', 'url', 'smoke', 'inventory', 'deploy-plan']) {
      expect(result.stdout).toContain(command);
    }
  });

  it('smoke: exits 0 against a healthy deployment', async () => {
    server = await startLocalServer((request, response) => {
      if (request.url === '/api/health') return void response.writeHead(200).end('{"status":"ok"}');
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>ok</body></html>');
    });

    const result = await ops(['smoke', '--url', server.url, '--timeout', '5s']);

    expect(result).toMatchObject({ code: 0, stdout: `Smoke test passed against ${server.url} (round 1).\n` });
  });

  it('smoke: exits 1 when the page does not render before the time budget runs out', async () => {
    server = await startLocalServer((_request, response) => void response.writeHead(502).end('Bad Gateway'));

    const result = await ops(['smoke', '--url', server.url, '--timeout', '300ms', '--interval', '100ms']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Smoke test failed against');
    expect(result.stderr).toContain('web renders /: status 502');
  });

  it('url: reads the environment stack through the SDK, retrying a throttled call', async () => {
    let calls = 0;
    server = await startLocalServer((request, response) => {
      request.resume();
      request.on('end', () => {
        calls++;
        const ns = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
        if (calls === 1) {
          return void response
            .writeHead(400, { 'content-type': 'text/xml' })
            .end(
              `<ErrorResponse xmlns="${ns}"><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>`,
            );
        }
        response
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(
            `<DescribeStacksResponse xmlns="${ns}"><DescribeStacksResult><Stacks><member>` +
              '<StackName>iac-experiment-production</StackName><StackStatus>UPDATE_COMPLETE</StackStatus>' +
              '<CreationTime>2026-11-01T10:00:00Z</CreationTime><Outputs><member>' +
              '<OutputKey>PublicLoadBalancerDNSName</OutputKey><OutputValue>alb-1.eu-west-1.elb.amazonaws.com</OutputValue>' +
              '</member></Outputs></member></Stacks></DescribeStacksResult></DescribeStacksResponse>',
          );
      });
    });

    const result = await ops(['url', '--app', 'iac-experiment', '--env', 'production'], {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_ENDPOINT_URL_CLOUDFORMATION: server.url,
    });

    expect(result).toMatchObject({ code: 0, stdout: 'http://alb-1.eu-west-1.elb.amazonaws.com\n' });
    expect(calls).toBe(2);
  });

  it('exits 2 on a usage mistake', async () => {
    const result = await ops(['wait-job', '--app', 'iac-experiment']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--env <name>' not specified");
  });
});
