import { describe, expect, it } from '@jest/globals';
import { freshTemplate, nodeByRef, specOf, stepsContaining } from '../testing/fixtures.js';
import { typecheckTemplateSpecs } from './spec-typecheck.js';

describe('typecheckTemplateSpecs', () => {
  it('accepts the repository template: every node satisfies its Northflank client type', () => {
    expect(typecheckTemplateSpecs(freshTemplate())).toEqual([]);
  });

  it('reports a misspelled field with the node and the field', () => {
    const template = freshTemplate();
    const api = specOf(nodeByRef(template, 'api'));
    api.healthCheck = api.healthChecks;
    delete api.healthChecks;
    const problems = typecheckTemplateSpecs(template);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toMatch(/\(spec\.healthCheck\)$/);
    expect(problems[0]?.message).toMatch(/DeploymentService ref "api".*'"healthCheck"' does not exist/);
  });

  it('reports a value outside the allowed enum, a wrong type and a missing required field', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'web')).healthChecks[0].protocol = 'HTTPS';
    specOf(nodeByRef(template, 'api')).deployment.instances = '1';
    delete specOf(nodeByRef(template, 'database')).version;
    const messages = typecheckTemplateSpecs(template).map((problem) => `${problem.path} ${problem.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/healthChecks\[0\]\.protocol\).*"HTTPS"/),
        expect.stringMatching(/deployment\.instances\).*'string' is not assignable to type 'number'/),
        expect.stringMatching(/Addon ref "database"[\s\S]*'version'' is missing/),
      ]),
    );
    expect(messages).toHaveLength(3);
  });

  it('checks the envelope: a condition on a node kind that has none, or the wrong one', () => {
    const template = freshTemplate();
    nodeByRef(template, 'api').condition = 'success';
    nodeByRef(template, 'migration').condition = 'running';
    const problems = typecheckTemplateSpecs(template);
    expect(problems.map((problem) => problem.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/DeploymentService ref "api".*'"condition"' does not exist/),
        expect.stringMatching(/JobRun ref "migration".*'"running"' is not assignable to type '"success"'/),
      ]),
    );
  });

  it('checks the nodes of the release flow nested in the pipeline', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'api-release', true)).target.type = 'deployment';
    const problems = typecheckTemplateSpecs(template);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toContain('.releaseFlow.spec.spec');
    expect(problems[0]?.message).toMatch(/Release ref "api-release"/);
  });

  it('rejects unknown node kinds and release-flow-only nodes outside a release flow', () => {
    const template = freshTemplate();
    nodeByRef(template, 'api-path').kind = 'SubdomainRoute';
    stepsContaining(template, 'migration').push(structuredClone(nodeByRef(template, 'api-release', true)));
    const messages = typecheckTemplateSpecs(template).map((problem) => problem.message);
    expect(messages).toEqual([
      expect.stringMatching(/unknown node kind "SubdomainRoute"/),
      expect.stringMatching(/a Release node only runs inside a release flow/),
    ]);
  });
});
