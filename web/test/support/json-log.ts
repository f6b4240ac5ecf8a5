import { Writable } from 'node:stream';

/** A parsed pino log line. */
export type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };

/** Collects JSON log lines, e.g. as a pino destination or from a child process's stdout. */
export class JsonLog {
  readonly lines: LogLine[] = [];
  private partial = '';

  /** A stream to hand to pino (or pipe a process's stdout into). */
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.push(chunk.toString());
      done();
    },
  });

  push(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) {
      if (part.trim() === '') continue;
      try {
        this.lines.push(JSON.parse(part) as LogLine);
      } catch {
        this.lines.push({ msg: part });
      }
    }
  }

  /** Request log lines ("request completed", see the platform's registerRequestLogging) for a method and URL prefix. */
  requests(method: string, urlPrefix: string): LogLine[] {
    return this.lines.filter((line) => {
      const req = line.req as { method?: string; url?: string } | undefined;
      return req?.method === method && typeof req.url === 'string' && req.url.startsWith(urlPrefix);
    });
  }
}
