import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { currentRequestLogger } from './request-logging.js';

// The shape of a stack trace, as Nest's ConsoleLogger tells `error(message, stack)` from `error(message, context)`.
const STACK = /^(.)+\n\s+at .+:\d+:\d+/;

/**
 * Nest's logs (its own and every `new Logger(Context)`) as pino JSON lines with a `context` field. Inside a request
 * they go through the request's logger and so carry its `requestId`.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const logger = currentRequestLogger() ?? this.root;
    if (!logger.isLevelEnabled(level)) return;
    // Nest passes the context last; `error` may carry a stack trace before it.
    const context =
      typeof params.at(-1) === 'string' && !STACK.test(params.at(-1) as string) ? params.pop() : undefined;
    const stack =
      level === 'error' || level === 'fatal' ? params.find((param) => typeof param === 'string') : undefined;
    const fields: Record<string, unknown> = { context };
    if (stack !== undefined) fields.stack = stack;
    if (message instanceof Error) {
      logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...fields, ...message });
    } else {
      logger[level](fields, String(message));
    }
  }
}
