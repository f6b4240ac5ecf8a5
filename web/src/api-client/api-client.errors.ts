/** Why the api could not be used at all: the page shows the "api unavailable" banner with status 503. */
export type ApiUnavailableReason = 'timeout' | 'unreachable' | 'server-error' | 'bad-response';

/** The api could not answer usefully: down, too slow, failing (5xx) or answering something unreadable. */
export class ApiUnavailableError extends Error {
  constructor(
    readonly reason: ApiUnavailableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiUnavailableError';
  }
}

/** The api refused the request (4xx): bad input, or an unknown message. Carries the api's own messages. */
export class ApiRejectedError extends Error {
  constructor(
    readonly statusCode: number,
    readonly messages: string[],
  ) {
    super(`api rejected the request with ${statusCode}: ${messages.join('; ')}`);
    this.name = 'ApiRejectedError';
  }
}
