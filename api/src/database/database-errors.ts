// SQLSTATE classes/codes that mean "the database cannot serve us right now", not "the query is wrong":
// 08 connection exception, 53 insufficient resources, 57P0x server shutting down / starting up,
// 57014 query_canceled (our statement_timeout), 40001/40P01 serialization failure / deadlock (retryable).
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0)|^(57014|40001|40P01)$/;
// Errors node-postgres and pg-pool raise without a SQLSTATE when the server is unreachable or stops answering.
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection closed|Cannot use a pool after calling end)/;
const UNAVAILABLE_SYSCALL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface ErrorLike {
  message: string;
  code?: unknown;
  errors?: unknown;
}

// Duck-typed rather than `instanceof Error`: errors from Node's net module can come from another realm (jest's VM).
function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string';
}

/**
 * True when an error of node-postgres (the request paths query its pool directly) means the database is unreachable,
 * overloaded or restarting: worth a 503, not a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!isErrorLike(error)) return false;
  const { code, errors } = error;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SYSCALL_CODES.has(code))) {
    return true;
  }
  if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true; // AggregateError
  return UNAVAILABLE_MESSAGE.test(error.message);
}
