import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { AppLogger } from './app-logger.js';
import { createLogger } from './logger.js';

function capture(level: 'info' | 'warn' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')));
      done();
    },
  });
  return { lines, logger: new AppLogger(createLogger({ level, destination })) };
}

const STACK = 'Error: boom\n    at thing (/app/src/thing.ts:3:9)';

describe('AppLogger', () => {
  it('writes Nest log calls as JSON lines with level word, time, message and context', () => {
    const { lines, logger } = capture();
    logger.log('Mapped {/api/health, GET} route', 'RouterExplorer');
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'Mapped {/api/health, GET} route',
      context: 'RouterExplorer',
    });
    expect(typeof lines[0]?.time).toBe('string');
  });

  it('tells a stack trace from a context, as Nest does', () => {
    const { lines, logger } = capture();
    logger.error('failed', STACK, 'Worker');
    logger.error('failed', STACK);
    logger.error('failed', 'Worker');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', msg: 'failed', stack: STACK, context: 'Worker' }),
      expect.objectContaining({ level: 'error', msg: 'failed', stack: STACK }),
      expect.objectContaining({ level: 'error', msg: 'failed', context: 'Worker' }),
    ]);
    expect(lines[2]).not.toHaveProperty('stack');
  });

  it('serializes errors and merges objects', () => {
    const { lines, logger } = capture();
    logger.warn(new Error('db gone'), 'Health');
    logger.log({ event: 'ready', port: 3000 }, 'Bootstrap');
    expect(lines[0]).toMatchObject({
      level: 'warn',
      msg: 'db gone',
      context: 'Health',
      err: { message: 'db gone' },
    });
    expect(lines[1]).toMatchObject({ level: 'info', event: 'ready', port: 3000, context: 'Bootstrap' });
  });

  it('maps verbose to trace and respects the level', () => {
    const { lines, logger } = capture('warn');
    logger.log('dropped');
    logger.debug('dropped');
    logger.verbose('dropped');
    logger.fatal('kept');
    expect(lines).toEqual([expect.objectContaining({ level: 'fatal', msg: 'kept' })]);
  });
});
