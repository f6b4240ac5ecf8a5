import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificates {
  /** The throwaway CA, given to copilot as AWS_CA_BUNDLE (it replaces the system roots). */
  caFile: string;
  serverKey: string;
  serverCert: string;
}

/** The hostnames Copilot's package commands reach: regional SSM/CloudFormation/STS and the global STS endpoint. */
const SUBJECT_ALT_NAMES = 'DNS:*.us-east-1.amazonaws.com,DNS:sts.amazonaws.com';

/** Creates a CA and a server certificate for the AWS hostnames in `dir` (valid one day) with openssl. */
export function createCertificates(dir: string): Certificates {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const key = ['-newkey', 'rsa:2048', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...key,
    '-days',
    '1',
    '-subj',
    '/CN=copilot offline render CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  openssl(
    'req',
    ...key,
    '-subj',
    '/CN=amazonaws.com',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  );
  writeFileSync(file('server.ext'), `subjectAltName=${SUBJECT_ALT_NAMES}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-out',
    file('server.pem'),
    '-extfile',
    file('server.ext'),
  );
  return {
    caFile: file('ca.pem'),
    serverKey: readFileSync(file('server.key'), 'utf8'),
    serverCert: readFileSync(file('server.pem'), 'utf8'),
  };
}
