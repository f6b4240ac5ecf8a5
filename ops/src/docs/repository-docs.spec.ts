import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { brokenLinks, gitDocumentSet } from './markdown-links.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The README is the front door, read in five minutes; topic pages under docs/ and each workspace's README hold the rest. */
const README_MAX_LINES = 250;

describe("the repository's documentation", () => {
  const documents = gitDocumentSet(REPO_ROOT);

  it('is read from every Markdown file git tracks', () => {
    const markdown = documents.files.filter((file) => file.endsWith('.md'));
    expect(markdown).toEqual(expect.arrayContaining(['README.md', 'docs/tradeoffs.md', 'ops/README.md']));
  });

  it('has no relative link to a missing file or heading', () => {
    expect(brokenLinks(documents)).toEqual([]);
  });

  it(`keeps README.md to at most ${README_MAX_LINES} lines`, () => {
    const lines = documents.read('README.md').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });
});
