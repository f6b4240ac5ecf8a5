import { type DestinationStream, type LevelWithSilent, type Logger, pino, stdTimeFunctions } from 'pino';
import pinoPretty from 'pino-pretty';
import type { LogFormat } from '../config/env-config.js';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** `json` (the default) wherever logs are collected; `pretty` for a terminal (`yarn dev` sets LOG_FORMAT). */
  format?: LogFormat;
  /** Named on every pretty line; JSON lines stay as they are (the platform tells services apart). */
  service?: string;
  /** Where log lines go; stdout when absent. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

/** Log lines are held until this many bytes are waiting, or until STDOUT_FLUSH_MS has passed. */
const STDOUT_BATCH_BYTES = 4096;
const STDOUT_FLUSH_MS = 200;

/**
 * The service's one pino logger: JSON lines with an ISO time and the level as a word. Fastify and Nest both use it.
 * stdout is written in batches: lines wait for a few kilobytes or a fraction of a second, whichever comes first, as a
 * write per line cost several per cent of a request's CPU under load (docs/performance.md). Batches are written
 * synchronously, which costs less CPU per line than handing them to libuv's thread pool; a log reader slower
 * than the service would slow it down rather than let lines pile up in memory. Whatever is still waiting is written
 * when the process exits.
 */
export function createLogger({ level, format = 'json', service, destination }: LoggerOptions): Logger {
  if (format === 'pretty') {
    return pino({ level }, prettyStream(service, destination));
  }
  return pino(
    {
      level,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? batchedStdout(),
  );
}

let stdout: DestinationStream | undefined;

/** The process's one batched stdout stream, shared by every logger in it (tests build many apps in a process). */
function batchedStdout(): DestinationStream {
  if (stdout) return stdout;
  const stream = pino.destination({
    dest: 1,
    sync: true,
    minLength: STDOUT_BATCH_BYTES,
    periodicFlush: STDOUT_FLUSH_MS,
  });
  process.once('exit', () => stream.flushSync());
  stdout = stream;
  return stream;
}

type LogLine = Record<string, unknown> & {
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  context?: string;
};

/**
 * One readable line per entry, like Nest's own logger: `12:00:00.000 INFO (api): GET /api/messages 200 3 ms`.
 * Runs in this process (a stream, not a worker transport), so a test reads what it writes; errors keep their stack.
 */
export function prettyStream(service?: string, destination?: DestinationStream): DestinationStream {
  return pinoPretty({
    destination: (destination as NodeJS.WritableStream | undefined) ?? 1,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime,context',
    messageFormat: (entry, messageKey) => {
      const log = entry as LogLine;
      const parts = [service && `(${service})`, log.context && `[${log.context}]`];
      if (log.req) {
        parts.push(log.req.method, log.req.url);
        if (log.res?.statusCode !== undefined) parts.push(String(log.res.statusCode));
        if (typeof log.responseTime === 'number') parts.push(`${Math.round(log.responseTime)} ms`);
        parts.push('-');
      }
      parts.push(String(log[messageKey] ?? ''));
      return parts.filter(Boolean).join(' ');
    },
  });
}
