import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerNodeMajor } from '@iac-experiment/platform/container-command';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  containerNodeMajors,
  fetchNode,
  majorOf,
  PRODUCTION_NODE_VERSION,
  resolveServerNode,
} from './production-node.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'production-node-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the Node the servers run on', () => {
  it("pins a release of the containers' major", async () => {
    expect(majorOf(PRODUCTION_NODE_VERSION)).toBe(await containerNodeMajors());
  });

  it('runs a binary given with --node, and reports its version', async () => {
    const lines: string[] = [];
    await expect(resolveServerNode(process.execPath, (line) => lines.push(line))).resolves.toEqual({
      path: process.execPath,
      version: process.version,
    });
    expect(lines).toEqual([]);
  });

  it('unpacks a packed Node release into its cache folder', async () => {
    const release = join(dir, 'release');
    await mkdir(join(release, 'bin'), { recursive: true });
    await writeFile(
      join(release, 'package.json'),
      JSON.stringify({ name: 'node-test-x64', version: '24.0.0', files: ['bin/node'] }),
    );
    await writeFile(join(release, 'bin', 'node'), '#!/bin/sh\necho v24.0.0\n');
    await chmod(join(release, 'bin', 'node'), 0o755);
    const target = join(dir, 'cache', 'node-test-x64-24.0.0');

    await fetchNode(release, target);

    await expect(readFile(join(target, 'bin', 'node'), 'utf8')).resolves.toContain('v24.0.0');
    await expect(resolveServerNode(join(target, 'bin', 'node'), () => undefined)).resolves.toMatchObject({
      version: 'v24.0.0',
    });
  });
});

describe('containerNodeMajor', () => {
  const dockerfile = (text: string) => writeFile(join(dir, 'Dockerfile'), text);

  it('reads the major of the node base image', async () => {
    await dockerfile(
      'FROM node:22-bookworm-slim@sha256:abc AS base\nFROM base AS runtime\nCMD ["node", "x.js"]\n',
    );
    await expect(containerNodeMajor(dir)).resolves.toBe(22);
  });

  it('refuses a Dockerfile without a node image, or with two majors', async () => {
    await dockerfile('FROM debian:bookworm\n');
    await expect(containerNodeMajor(dir)).rejects.toThrow(/expected FROM node:<major>/);
    await dockerfile('FROM node:22 AS build\nFROM node:24 AS runtime\n');
    await expect(containerNodeMajor(dir)).rejects.toThrow(/of one major/);
  });
});
