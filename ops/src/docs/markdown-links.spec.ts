import { describe, expect, it } from '@jest/globals';
import { brokenLinks, type DocumentSet, headingAnchors } from './markdown-links.js';

const documents = (files: Record<string, string>): DocumentSet => ({
  files: Object.keys(files),
  read: (file) => {
    const text = files[file];
    if (text === undefined) throw new Error(`no fixture ${file}`);
    return text;
  },
});

const README = `# Fixture

See [the api](api/README.md), its [errors](api/README.md#errors), the [tests](api/README.md#tests-1),
[images](docs/containers.md#yarn-testimages), [a folder](copilot/), [a file](.ci/run),
[this page's map](#repository-map), [from the root](/docs/containers.md#the-whole-stack-in-docker--compose),
[a logo](docs/logo.png "title") and ![the logo](docs/logo.png).

| table | with a link |
| ----- | ----------- |
| cell  | [containers](docs/containers.md) |

Outside links are not followed: [Nest](https://nestjs.com), <https://example.com>, [mail](mailto:a@b.c).

## Repository map
`;

const valid = {
  'README.md': README,
  'api/README.md':
    '# api\n\n## Errors\n\n## Tests\n\ntext\n\n### Tests\n\nBack to the [front door](../README.md#fixture).\n',
  'docs/containers.md': '# Containers\n\n## The whole stack in Docker & compose\n\n## `yarn test:images`\n',
  'docs/logo.png': 'png',
  'copilot/api/manifest.yml': 'name: api',
  '.ci/run': '#!/bin/bash',
};

describe('headingAnchors', () => {
  it('slugs headings as GitHub does: lower case, punctuation dropped, inline code kept, repeats numbered', () => {
    expect([
      ...headingAnchors(
        '# The api (`api/`)\n\n## Health vs readiness: why\n\n## Tests\n\n## Tests\n\nSetext\n===\n\n## `yarn test:images`\n\n## web: the board at `/`\n\n## CI/CD\n',
      ),
    ]).toEqual([
      'the-api-api',
      'health-vs-readiness-why',
      'tests',
      'tests-1',
      'setext',
      'yarn-testimages',
      'web-the-board-at-',
      'cicd',
    ]);
  });
});

describe('brokenLinks', () => {
  it('accepts links to files, folders, headings of this and other files, and from the repository root', () => {
    expect(brokenLinks(documents(valid))).toEqual([]);
  });

  it('reports a link to a missing file, with its file and line', () => {
    const broken = brokenLinks(
      documents({ ...valid, 'README.md': `${README}\nRead [the guide](docs/guide.md) next.\n` }),
    );
    expect(broken).toEqual([
      { file: 'README.md', line: 16, target: 'docs/guide.md', reason: 'no file or folder docs/guide.md' },
    ]);
  });

  it('reports an anchor that is not a heading of the file it names, or of the same file', () => {
    const broken = brokenLinks(
      documents({
        ...valid,
        'api/README.md': `${valid['api/README.md']}\n[x](../docs/containers.md#container-images) [y](#tests-2)\n`,
      }),
    );
    expect(broken.map(({ file, reason }) => ({ file, reason }))).toEqual([
      { file: 'api/README.md', reason: 'no heading #container-images in docs/containers.md' },
      { file: 'api/README.md', reason: 'no heading #tests-2 in api/README.md' },
    ]);
  });

  it('reports a missing image, a link in a table cell, and a link out of the repository', () => {
    const broken = brokenLinks(
      documents({
        ...valid,
        'docs/containers.md': `${valid['docs/containers.md']}\n![diagram](diagram.svg)\n\n| a |\n| - |\n| [b](b.md) |\n\n[up](../../x.md)\n`,
      }),
    );
    expect(broken.map(({ target, reason }) => `${target}: ${reason}`)).toEqual([
      'diagram.svg: no file or folder docs/diagram.svg',
      'b.md: no file or folder docs/b.md',
      '../../x.md: points outside the repository',
    ]);
  });

  it('checks the headings of the README a folder link with an anchor opens', () => {
    const broken = brokenLinks(
      documents({ ...valid, 'docs/containers.md': `${valid['docs/containers.md']}\n[api](../api/#nope)\n` }),
    );
    expect(broken.map(({ reason }) => reason)).toEqual(['no heading #nope in api/README.md']);
  });
});
