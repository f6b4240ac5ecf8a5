import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { GeneratedResourcesData } from './generated-resources.js';
import { declaredResources, reachableFiles, verifyAgainstCopilotSource } from './template-source.js';

const CF = `Parameters:
  AppName:
    Type: String
Conditions:
  CreateALB: !Not [!Equals [ !Ref ALBWorkloads, "" ]]
Resources:
{{include "roles" . | indent 2}}
  Cluster:
    Metadata:
      'aws:copilot:description': 'An ECS cluster'
    Type: AWS::ECS::Cluster
{{- if .Telemetry}}
    Properties: {}
{{- end}}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Condition: CreateALB
    Properties:
      DefaultActions:
        - Type: forward
Outputs:
  ClusterId:
    Condition: CreateALB
    Value: !Ref Cluster
`;
const ROLES = `{{- range $ind, $cidr := .Subnets}}
Role{{inc $ind}}:
  Type: AWS::IAM::Role
{{- end}}
Action:
  Type: Custom::Thing
`;

function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'copilot-src-'));
  const files = { 'environment/cf.yml': CF, 'environment/partials/roles.yml': ROLES };
  for (const [file, text] of Object.entries(files)) {
    const path = join(root, 'templates', file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

const data = (
  resources: GeneratedResourcesData['templates'][number]['resources'],
): GeneratedResourcesData => ({
  source: {
    repository: 'aws/copilot-cli',
    commit: '0'.repeat(40),
    describe: 'test',
    newestTagRead: 'test',
    pinnedRelease: 'test',
    templatesDir: 'templates',
    note: '',
  },
  templates: [
    { kind: 'environment', stackName: 'x', template: 'environment/cf.yml', instances: 'one', resources },
  ],
});

const RECORDED: GeneratedResourcesData['templates'][number]['resources'] = [
  { id: 'Cluster', type: 'AWS::ECS::Cluster', source: 'environment/cf.yml', requires: 'always' },
  {
    id: 'Listener',
    type: 'AWS::ElasticLoadBalancingV2::Listener',
    source: 'environment/cf.yml',
    condition: 'CreateALB',
    requires: 'alb',
  },
  {
    id: 'Role{{inc $ind}}',
    type: 'AWS::IAM::Role',
    source: 'environment/partials/roles.yml',
    requires: 'always',
  },
  { id: 'Action', type: 'Custom::Thing', source: 'environment/partials/roles.yml', requires: 'always' },
];

describe('declaredResources', () => {
  it('finds resource blocks with their Condition and ignores parameters, outputs and nested Type keys', () => {
    expect(declaredResources(CF)).toEqual([
      { id: 'Cluster', type: 'AWS::ECS::Cluster' },
      { id: 'Listener', type: 'AWS::ElasticLoadBalancingV2::Listener', condition: 'CreateALB' },
    ]);
  });

  it('keeps templated logical IDs as written and reads partials declared at column 0', () => {
    expect(declaredResources(ROLES)).toEqual([
      { id: 'Role{{inc $ind}}', type: 'AWS::IAM::Role' },
      { id: 'Action', type: 'Custom::Thing' },
    ]);
  });
});

describe('verifyAgainstCopilotSource', () => {
  it('follows includes to the partials folder of the including template', () => {
    expect(reachableFiles(join(checkout(), 'templates'), 'environment/cf.yml')).toEqual([
      'environment/cf.yml',
      'environment/partials/roles.yml',
    ]);
  });

  it('accepts a record that matches every file the template reaches', () => {
    expect(verifyAgainstCopilotSource(data(RECORDED), checkout())).toEqual([]);
  });

  it('reports a resource left out, a wrong Condition and a resource the files do not declare', () => {
    const wrong = RECORDED.filter(({ id }) => id !== 'Action').map((r) =>
      r.id === 'Listener' ? { ...r, condition: 'CreateNATGateways' } : r,
    );
    wrong.push({ id: 'Ghost', type: 'AWS::S3::Bucket', source: 'environment/cf.yml', requires: 'always' });
    expect(verifyAgainstCopilotSource(data(wrong), checkout()).sort()).toEqual([
      'environment: environment/cf.yml declares Listener AWS::ElasticLoadBalancingV2::Listener CreateALB, not recorded',
      'environment: environment/partials/roles.yml declares Action Custom::Thing -, not recorded',
      'environment: recorded Ghost AWS::S3::Bucket - is not declared in environment/cf.yml',
      'environment: recorded Listener AWS::ElasticLoadBalancingV2::Listener CreateNATGateways is not declared in environment/cf.yml',
    ]);
  });

  it('says when the folder is not a checkout of aws/copilot-cli', () => {
    expect(verifyAgainstCopilotSource(data(RECORDED), tmpdir())).toEqual([
      expect.stringMatching(/not a checkout of aws\/copilot-cli/),
    ]);
  });
});
