import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { parseCfnYaml } from './cfn-yaml.js';
import {
  COPILOT_LAMBDA_RUNTIME,
  LAMBDA_FUNCTIONS,
  lambdaFunctionsIn,
  type TemplateKind,
  templateFeatures,
} from './copilot-template-facts.js';
import { REPO_ROOT } from './testing/copilot-copy.js';

const ids = (kind: TemplateKind, manifest: Record<string, unknown>) =>
  lambdaFunctionsIn(kind, templateFeatures(kind, manifest)).map((fact) => fact.logicalId);

describe("Copilot's Lambda-backed custom resources per template", () => {
  it('a load balanced web service with http and count.range has the env controller, rule priority and desired count functions', () => {
    expect(
      ids('Load Balanced Web Service', {
        http: { path: 'api' },
        count: { range: '1-4', cpu_percentage: 70 },
      }),
    ).toEqual(['EnvControllerFunction', 'RulePriorityFunction', 'DynamicDesiredCountFunction']);
  });

  it('has no desired count function without count.range, nor with spot capacity', () => {
    expect(ids('Load Balanced Web Service', { http: { path: '/' }, count: 2 })).toEqual([
      'EnvControllerFunction',
      'RulePriorityFunction',
    ]);
    expect(ids('Load Balanced Web Service', { http: { path: '/' }, count: { spot: 2 } })).not.toContain(
      'DynamicDesiredCountFunction',
    );
  });

  it('has no rule priority function without an ALB, and the NLB functions with an NLB', () => {
    expect(ids('Load Balanced Web Service', { http: false, nlb: { port: '80/tcp' } })).toEqual([
      'EnvControllerFunction',
      'NLBCustomDomainFunction',
      'NLBCertValidatorFunction',
    ]);
  });

  it('a scheduled job has only the env controller', () => {
    expect(ids('Scheduled Job', { on: { schedule: 'none' }, count: { range: '1-2' } })).toEqual([
      'EnvControllerFunction',
    ]);
  });

  it('an environment has the domain functions unless certificates are imported, plus access-log and CDN functions when configured', () => {
    expect(ids('Environment', {})).toEqual([
      'CertificateValidationFunction',
      'CustomDomainFunction',
      'DNSDelegationFunction',
    ]);
    expect(ids('Environment', { http: { public: { certificates: ['arn:aws:acm:…'] } } })).toEqual([]);
    expect(ids('Environment', { http: { public: { access_logs: true } }, cdn: true })).toEqual([
      'CertificateValidationFunction',
      'CustomDomainFunction',
      'DNSDelegationFunction',
      'BucketCleanerFunction',
      'UniqueJSONValuesFunction',
      'CertificateReplicatorFunction',
    ]);
    expect(ids('Environment', { http: { public: { access_logs: { bucket_name: 'mine' } } } })).not.toContain(
      'BucketCleanerFunction',
    );
  });

  it('records a source file and line for every fact', () => {
    for (const fact of LAMBDA_FUNCTIONS) {
      expect(fact.source).toMatch(/^(workloads|environment)\/partials\/.+\.yml$/);
      expect(fact.runtimeLine).toBeGreaterThan(0);
    }
  });
});

describe("this repository's overrides", () => {
  const cases: Array<{ manifest: string; patches: string; kind: TemplateKind }> = [
    {
      manifest: 'copilot/web/manifest.yml',
      patches: 'copilot/web/overrides/cfn.patches.yml',
      kind: 'Load Balanced Web Service',
    },
    {
      manifest: 'copilot/api/manifest.yml',
      patches: 'copilot/api/overrides/cfn.patches.yml',
      kind: 'Load Balanced Web Service',
    },
    {
      manifest: 'copilot/migrator/manifest.yml',
      patches: 'copilot/migrator/overrides/cfn.patches.yml',
      kind: 'Scheduled Job',
    },
    {
      manifest: 'copilot/environments/production/manifest.yml',
      patches: 'copilot/environments/overrides/cfn.patches.yml',
      kind: 'Environment',
    },
  ];

  it.each(cases)(
    '$patches patches exactly the $kind template functions that exist for its manifest',
    async ({ manifest, patches, kind }) => {
      const data = parse(await readFile(join(REPO_ROOT, manifest), 'utf8')) as Record<string, unknown>;
      const operations = parseCfnYaml(await readFile(join(REPO_ROOT, patches), 'utf8')) as Array<{
        op: string;
        path: string;
        value: string;
      }>;
      const present = ids(kind, data);
      expect(present.length).toBeGreaterThan(0);
      expect(operations.map((operation) => operation.path).sort()).toEqual(
        present.map((id) => `/Resources/${id}/Properties/Runtime`).sort(),
      );
      for (const operation of operations) {
        expect(operation.op).toBe('replace');
        expect(operation.value).not.toBe(COPILOT_LAMBDA_RUNTIME);
      }
    },
  );
});
