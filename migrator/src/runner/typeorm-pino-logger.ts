import type { Logger as PinoLogger } from 'pino';
import type { Logger } from 'typeorm';

/** Routes TypeORM's own messages into the migrator's JSON log; its progress chatter goes to debug. */
export class TypeOrmPinoLogger implements Logger {
  constructor(private readonly pino: PinoLogger) {}

  logQuery(query: string): void {
    this.pino.trace({ query }, 'query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.pino.debug({ err: error, query }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ durationMs: time, query }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.pino.debug(message);
  }

  logMigration(message: string): void {
    this.pino.debug(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino.warn(String(message));
    else this.pino.debug(String(message));
  }
}
