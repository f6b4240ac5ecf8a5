import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCfnYaml } from '@iac-experiment/ops/cfn-yaml';
import { describe, expect, it } from '@jest/globals';
import {
  CopilotConfigError,
  parseAddons,
  parseWorkloadManifest,
  patchedAlarmMetrics,
  readCopilotApp,
  readCopilotProject,
} from './manifests.js';

describe('readCopilotApp', () => {
  it('reads the repository workspace: three workloads, one environment, one Aurora cluster', () => {
    const app = readCopilotApp();
    expect(app.workloads.map((w) => [w.name, w.type])).toEqual([
      ['api', 'Load Balanced Web Service'],
      ['migrator', 'Scheduled Job'],
      ['web', 'Load Balanced Web Service'],
    ]);
    expect(app.environments).toEqual([{ name: 'production', containerInsights: false }]);
    expect(app.databases).toEqual([
      { engineVersion: '17.7', minAcu: 0.5, maxAcu: 4, instances: 1, secrets: 2 },
    ]);
  });

  it('counts the rollback alarms api and web name and define in their patches, per metric they read', () => {
    const rollback = readCopilotApp().workloads.map((w) => [w.name, w.rollbackAlarms]);
    // 5xx share (2 metrics), p99 latency, CPU, memory.
    expect(rollback).toEqual([
      ['api', 5],
      ['migrator', 0],
      ['web', 5],
    ]);
  });
});

describe('patchedAlarmMetrics', () => {
  it('counts one metric per single-metric alarm and per MetricStat of a metric-math alarm, nothing else', () => {
    const patches = parseCfnYaml(
      `
- op: replace
  path: /Resources/Fn/Properties/Runtime
  value: nodejs24.x
- op: add
  path: /Resources/Single
  value: { Type: AWS::CloudWatch::Alarm, Properties: { MetricName: CPUUtilization, Namespace: AWS/ECS } }
- op: add
  path: /Resources/Rate
  value:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Metrics:
        - { Id: a, MetricStat: { Metric: { MetricName: A }, Period: 60, Stat: Sum } }
        - { Id: b, MetricStat: { Metric: { MetricName: B }, Period: 60, Stat: Sum } }
        - { Id: r, Expression: a / b }
- op: add
  path: /Resources/Topic
  value: { Type: AWS::SNS::Topic }
- op: add
  path: /Resources/Service/DependsOn/-
  value: Rate
`,
    );
    expect(patchedAlarmMetrics(patches)).toBe(3);
  });
});

describe('parseWorkloadManifest', () => {
  const base = { name: 'svc', type: 'Load Balanced Web Service', image: { port: 80 }, http: { path: '/' } };

  it("applies Copilot's defaults: 256 CPU, 512 MiB, one task, health check on /, public placement, 30-day logs", () => {
    expect(parseWorkloadManifest(base, 'svc')).toMatchObject({
      cpu: 256,
      memory: 512,
      count: { min: 1, max: 1 },
      healthPath: '/',
      placement: 'public',
      logRetentionDays: 30,
    });
  });

  it('reads every form of count and the target-tracking metrics', () => {
    expect(parseWorkloadManifest({ ...base, count: 3 }, 'svc').count).toEqual({ min: 3, max: 3 });
    const ranged = parseWorkloadManifest(
      { ...base, count: { range: { min: 2, max: 6 }, requests: 100 } },
      'svc',
    );
    expect([ranged.count, ranged.scalingMetrics]).toEqual([{ min: 2, max: 6 }, 1]);
  });

  it('reads private placement, job durations and commands', () => {
    const job = parseWorkloadManifest(
      {
        name: 'j',
        type: 'Scheduled Job',
        image: {},
        timeout: '1h30m',
        command: ['node', 'x.js'],
        network: { vpc: { placement: 'private' } },
      },
      'j',
    );
    expect([job.timeoutSeconds, job.command, job.placement, job.isJob]).toEqual([
      5400,
      'node x.js',
      'private',
      true,
    ]);
  });

  it('rejects a manifest whose fields have the wrong type, naming the file and field', () => {
    expect(() => parseWorkloadManifest({ ...base, cpu: '512' }, 'copilot/api/manifest.yml')).toThrow(
      new CopilotConfigError(
        'copilot/api/manifest.yml: cpu: Invalid input: expected number, received string',
      ),
    );
    expect(() =>
      parseWorkloadManifest({ name: 'j', type: 'Scheduled Job', image: {}, timeout: '15 minutes' }, 'j'),
    ).toThrow(/j: timeout: "15 minutes" is not a duration/);
  });
});

describe('parseAddons', () => {
  /** A Copilot workspace whose environment addons are these files. */
  const write = (files: Record<string, string>) => {
    const copilotDir = join(mkdtempSync(join(tmpdir(), 'addons-')), 'copilot');
    const dir = join(copilotDir, 'environments', 'addons');
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return readCopilotProject(copilotDir);
  };
  const cluster = (scaling: string) => `
Parameters:
  MinAcu: { Type: Number, Default: 1 }
  MaxAcu: { Type: Number }
Resources:
  Secret: { Type: AWS::SecretsManager::Secret }
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      EngineVersion: '16.4'
      ServerlessV2ScalingConfiguration: ${scaling}
  Writer: { Type: AWS::RDS::DBInstance, Properties: { DBInstanceClass: db.serverless, DBClusterIdentifier: !Ref Cluster } }
  Reader: { Type: AWS::RDS::DBInstance, Properties: { DBInstanceClass: db.serverless, DBClusterIdentifier: !Ref Cluster } }
`;

  it('resolves ACUs through !Ref to a parameter default or an addons.parameters.yml value, and counts instances', () => {
    const project = write({
      'db.yml': cluster('{ MinCapacity: !Ref MinAcu, MaxCapacity: !Ref MaxAcu }'),
      'addons.parameters.yml': 'Parameters:\n  MaxAcu: 16\n',
    });
    expect(parseAddons(project)).toEqual([
      { engineVersion: '16.4', minAcu: 1, maxAcu: 16, instances: 2, secrets: 1 },
    ]);
  });

  it('fails clearly when the capacity cannot be determined', () => {
    const project = write({ 'db.yml': cluster('{ MinCapacity: !GetAtt Something.Value, MaxCapacity: 2 }') });
    expect(() => parseAddons(project)).toThrow(
      /db\.yml: Cluster\.ServerlessV2ScalingConfiguration\.MinCapacity: cannot determine a number/,
    );
  });
});
