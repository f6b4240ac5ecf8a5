import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const COLORS = { api: 36, web: 35, db: 34, migrator: 33, build: 32, dev: 37 } as const satisfies Record<
  string,
  number
>;
export type LogSource = keyof typeof COLORS;

const WIDTH = Math.max(...Object.keys(COLORS).map((name) => name.length)) + 2;

/** `[api]     `, padded so every source's lines start in the same column; coloured on a terminal. */
export function formatPrefix(source: LogSource, color: boolean): string {
  const label = `[${source}]`.padEnd(WIDTH);
  return color ? `\x1b[${COLORS[source]}m${label}\x1b[0m ` : `${label} `;
}

/**
 * Puts a prefix in front of every line of a child's output. A partial last line is held until its newline
 * arrives (or the stream ends), so lines of two processes never interleave mid-line.
 */
export class LinePrefixer extends Transform {
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly prefix: string) {
    super({ decodeStrings: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const lines = (this.pending + this.decoder.write(chunk)).split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    if (lines.length > 0) this.push(lines.map((line) => `${this.prefix}${line}\n`).join(''));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.pending += this.decoder.end();
    if (this.pending !== '') this.push(`${this.prefix}${this.pending}\n`);
    this.pending = '';
    callback();
  }
}
