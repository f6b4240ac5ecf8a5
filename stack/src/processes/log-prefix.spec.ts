import { describe, expect, it } from '@jest/globals';
import { formatPrefix, LinePrefixer } from './log-prefix.js';

async function prefixed(prefix: string, chunks: (string | Buffer)[]): Promise<string> {
  const prefixer = new LinePrefixer(prefix);
  const output: string[] = [];
  prefixer.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const ended = new Promise((resolve) => prefixer.on('end', resolve));
  for (const chunk of chunks) prefixer.write(chunk);
  prefixer.end();
  await ended;
  return output.join('');
}

describe('formatPrefix', () => {
  it('pads every source to one width so their lines line up', () => {
    expect(formatPrefix('api', false)).toBe('[api]      ');
    expect(formatPrefix('migrator', false)).toBe('[migrator] ');
    expect(formatPrefix('db', false)).toHaveLength(formatPrefix('migrator', false).length);
  });

  it('colours the label on a terminal and resets afterwards', () => {
    expect(formatPrefix('web', true)).toBe('\x1b[35m[web]     \x1b[0m ');
  });
});

describe('LinePrefixer', () => {
  it('prefixes every line', async () => {
    expect(await prefixed('[api] ', ['one\ntwo\n'])).toBe('[api] one\n[api] two\n');
  });

  it('holds a partial line until its end arrives, so lines are never split', async () => {
    expect(await prefixed('[web] ', ['{"a":"hel', 'lo"}\n{"b"', ':1}\n'])).toBe(
      '[web] {"a":"hello"}\n[web] {"b":1}\n',
    );
  });

  it('flushes a last line without a newline when the stream ends', async () => {
    expect(await prefixed('[db] ', ['ready\nshutting down'])).toBe('[db] ready\n[db] shutting down\n');
  });

  it('normalises CRLF and keeps empty lines', async () => {
    expect(await prefixed('> ', ['a\r\n\r\nb\n'])).toBe('> a\n> \n> b\n');
  });

  it('does not break a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('héllo ✓\n', 'utf8');
    expect(await prefixed('> ', [bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toBe(
      '> héllo ✓\n',
    );
  });
});
