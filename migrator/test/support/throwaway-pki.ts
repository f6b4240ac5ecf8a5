import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ThrowawayPki {
  /** The CA that signed the server certificate (what DATABASE_CA_FILE points at in production: the RDS bundle). */
  caFile: string;
  /** An unrelated CA: verifying against it must fail. */
  otherCaFile: string;
  /** Server certificate for `localhost` and 127.0.0.1, signed by `caFile`'s CA. */
  serverCertFile: string;
  serverKeyFile: string;
}

// node:crypto can read X.509 certificates but not sign them, hence the openssl CLI.
async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd: dir });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'These tests make throwaway certificates with the openssl CLI: install it (e.g. apt-get install openssl)',
      );
    }
    throw error;
  }
}

const newKey = ['-newkey', 'rsa:2048', '-nodes'];

async function makeCa(dir: string, name: string): Promise<string> {
  await openssl(dir, [
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=iac-experiment throwaway ${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return join(dir, `${name}.crt`);
}

/** Makes two unrelated CAs and a server certificate signed by the first, valid for two days, in `dir`. */
export async function makeThrowawayPki(dir: string): Promise<ThrowawayPki> {
  const [caFile, otherCaFile] = await Promise.all([makeCa(dir, 'ca'), makeCa(dir, 'other-ca')]);
  await openssl(dir, [
    'req',
    ...newKey,
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  ]);
  await writeFile(
    join(dir, 'server.ext'),
    'subjectAltName = DNS:localhost, IP:127.0.0.1\nextendedKeyUsage = serverAuth\n',
  );
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    '2',
    '-sha256',
    '-extfile',
    'server.ext',
    '-out',
    'server.crt',
  ]);
  return {
    caFile,
    otherCaFile,
    serverCertFile: join(dir, 'server.crt'),
    serverKeyFile: join(dir, 'server.key'),
  };
}
