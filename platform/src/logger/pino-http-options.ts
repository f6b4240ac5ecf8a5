import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DestinationStream, type LevelWithSilent, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Where log lines go; stdout when absent. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

type RequestWithId = IncomingMessage & { id?: unknown };

/**
 * pino-http settings: one JSON line per request carrying `requestId`, method, URL, status and time.
 * Headers and bodies are never logged (they carry cookies, tokens and user content).
 */
export function pinoHttpOptions(level: LevelWithSilent): Options<IncomingMessage, ServerResponse> {
  return {
    level,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Binds `requestId` (the id Fastify assigned, see createFastifyAdapter) to every line of the request.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId: (request: RequestWithId) => String(request.id),
    serializers: {
      req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
  };
}
