import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller-supplied id ends up in every log line and response of the request, so only short ids made of
// harmless characters are taken over; anything else (log injection, megabyte headers) gets a fresh UUID.
const ACCEPTABLE_REQUEST_ID = /^[\w.:=-]{1,128}$/;

/** The request id of an incoming request: its valid `X-Request-Id` header, or a new UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  return typeof header === 'string' && ACCEPTABLE_REQUEST_ID.test(header) ? header : randomUUID();
}
