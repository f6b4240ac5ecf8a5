import type { DatabaseSsl } from './database-config.js';

/** Node's error codes for a server certificate that failed verification (OpenSSL's X509_V_ERR_* names). */
const CERTIFICATE_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** node-postgres' message when the server answers the TLS request with "no". */
const SERVER_WITHOUT_TLS = 'The server does not support SSL connections';

/**
 * What to do about a connection error caused by the TLS settings, in the operator's terms (the raw error only
 * says "unable to verify the first certificate"); undefined for any other error.
 */
export function tlsFailureHint(error: unknown, ssl: DatabaseSsl): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (ssl.mode === 'verify' && code !== undefined && CERTIFICATE_ERROR_CODES.has(code)) {
    return (
      `DATABASE_SSL=verify: the database server's certificate did not verify against DATABASE_CA_FILE ` +
      `(${ssl.caFile}). That file must hold the CA that signed it (for RDS/Aurora, the RDS CA bundle), and the ` +
      'host must be one the certificate names.'
    );
  }
  if (ssl.mode !== 'off' && error.message === SERVER_WITHOUT_TLS) {
    return `DATABASE_SSL=${ssl.mode}: the database server does not accept TLS connections.`;
  }
  return undefined;
}
