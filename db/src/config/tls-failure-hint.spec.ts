import { describe, expect, it } from '@jest/globals';
import { tlsFailureHint } from './tls-failure-hint.js';

const verify = { mode: 'verify', caFile: '/etc/ssl/certs/rds-global-bundle.pem', ca: '' } as const;
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('tlsFailureHint', () => {
  it('names DATABASE_CA_FILE when verification rejects the server certificate', () => {
    const hint = tlsFailureHint(
      withCode('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      verify,
    );

    expect(hint).toMatch(
      /^DATABASE_SSL=verify: .*DATABASE_CA_FILE \(\/etc\/ssl\/certs\/rds-global-bundle\.pem\)/,
    );
  });

  it('explains a server that refuses TLS when TLS is required', () => {
    const hint = tlsFailureHint(new Error('The server does not support SSL connections'), {
      mode: 'require',
    });

    expect(hint).toBe('DATABASE_SSL=require: the database server does not accept TLS connections.');
  });

  it('stays silent for errors that are not about TLS, and for certificate codes when not verifying', () => {
    expect(
      tlsFailureHint(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), verify),
    ).toBeUndefined();
    expect(tlsFailureHint(withCode('x', 'CERT_HAS_EXPIRED'), { mode: 'require' })).toBeUndefined();
    expect(tlsFailureHint('not an error', verify)).toBeUndefined();
  });
});
