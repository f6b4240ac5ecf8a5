import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { LogFormat } from '../config/env-config.js';
import { createLogger } from './logger.js';

function capture(format?: LogFormat) {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const logger = createLogger({ level: 'info', service: 'api', destination, ...(format ? { format } : {}) });
  return { logger, output: () => text };
}

const requestLine = {
  req: { method: 'GET', url: '/api/messages?limit=5', ip: '127.0.0.1' },
  res: { statusCode: 200 },
  responseTime: 3.4,
  requestId: 'req-1',
};

describe('createLogger', () => {
  it('writes JSON lines by default (what collectors and the log-reading tests parse)', () => {
    const { logger, output } = capture();
    logger.info(requestLine, 'request completed');
    const line = JSON.parse(output());
    expect(line).toMatchObject({ level: 'info', msg: 'request completed', res: { statusCode: 200 } });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('pretty: one readable line with time, level, service, method, path, status and duration', () => {
    const { logger, output } = capture('pretty');
    logger.info(requestLine, 'request completed');
    const text = output();
    expect(text).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*\(api\) GET \/api\/messages\?limit=5 200 3 ms - request completed/,
    );
    expect(text).not.toMatch(/^\{/);
    expect(text).not.toContain('"statusCode"');
  });

  it('pretty: an error keeps its stack', () => {
    const { logger, output } = capture('pretty');
    const error = new Error('database went away');
    logger.error({ ...requestLine, res: { statusCode: 503 }, err: error }, 'request completed');
    const text = output();
    expect(text).toMatch(/ERROR.*\(api\) GET \/api\/messages\?limit=5 503 3 ms - request completed/);
    expect(text).toContain('Error: database went away');
    expect(text).toContain('logger.spec.ts');
  });

  it('pretty: Nest lines show their context', () => {
    const { logger, output } = capture('pretty');
    logger.info({ context: 'Bootstrap' }, 'Listening on port 3000');
    expect(output()).toMatch(/INFO.*\(api\) \[Bootstrap\] Listening on port 3000/);
  });
});
