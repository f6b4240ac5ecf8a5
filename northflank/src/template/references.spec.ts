import { describe, expect, it } from '@jest/globals';
import { freshTemplate, nodeByRef, specOf, stepsContaining } from '../testing/fixtures.js';
import { checkReferences, referencesIn } from './references.js';

const messages = (template: ReturnType<typeof freshTemplate>) =>
  checkReferences(template).map((problem) => problem.message);

describe('referencesIn', () => {
  it('finds refs and args inside expressions and function calls, with or without the template. prefix', () => {
    expect(
      referencesIn("${fn.if(fn.eq(args.BRANCH, 'main'), refs.build.id, template.refs.api-builder.id)}"),
    ).toEqual({
      refs: ['build'],
      templateRefs: ['api-builder'],
      args: ['BRANCH'],
      templateArgs: [],
    });
    expect(referencesIn('plain refs.text and ${template.args.GIT_BRANCH}')).toEqual({
      refs: [],
      templateRefs: [],
      args: [],
      templateArgs: ['GIT_BRANCH'],
    });
  });
});

describe('checkReferences', () => {
  it('accepts the repository template, including its nested release flow', () => {
    expect(checkReferences(freshTemplate())).toEqual([]);
  });

  it('rejects a ref to a node that runs later', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'migrator')).deployment.internal.buildId = '${refs.api.id}';
    expect(messages(template)).toEqual([
      'ManualJob ref "migrator" uses ${refs.api}: that node has not finished when this one starts (it comes later, or runs in parallel with it)',
    ]);
  });

  it('rejects a ref to a sibling of the same parallel workflow', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'web')).runtimeEnvironment.API_HOST = '${refs.api.ports.0.dns}';
    expect(messages(template)).toEqual([
      expect.stringMatching(/^DeploymentService ref "web" uses \$\{refs\.api\}: that node has not finished/),
    ]);
  });

  it('rejects refs that name no node, or the node itself', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'web')).deployment.internal.buildId = '${refs.web-bild.id}';
    specOf(nodeByRef(template, 'api')).description = 'served at ${refs.api.ports.0.dns}';
    expect(messages(template)).toEqual([
      'DeploymentService ref "api" uses ${refs.api}: a node cannot use its own output',
      'DeploymentService ref "web" uses ${refs.web-bild}: no node in this template has that ref',
    ]);
  });

  it('rejects a duplicated ref and an undeclared argument', () => {
    const template = freshTemplate();
    nodeByRef(template, 'api-path').ref = 'api-build';
    specOf(nodeByRef(template, 'project')).region = '${args.PROJECT_REGION}';
    expect(messages(template)).toEqual([
      'ref "api-build" is already used by the node at spec.spec.steps[1].spec.steps[1].spec.steps[1]',
      'Project ref "project" name "${args.PROJECT_NAME}" uses ${args.PROJECT_REGION}, which is not declared in arguments',
      'DeploymentService ref "api" uses ${refs.api-path}: no node in this template has that ref',
    ]);
  });

  it('resolves template.refs in a release flow against the nodes finished before the pipeline', () => {
    const template = freshTemplate();
    const steps = stepsContaining(template, 'pipeline');
    const pipeline = steps.splice(
      steps.findIndex((step) => step.ref === 'pipeline'),
      1,
    )[0];
    if (!pipeline) throw new Error('no pipeline');
    steps.unshift(pipeline);
    expect(messages(template)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/uses \$\{refs\.api\}: that node has not finished/),
        expect.stringMatching(
          /Build ref "web-build" uses \$\{template\.refs\.web-builder\}: no node of the template has finished/,
        ),
        expect.stringMatching(
          /Release ref "api-release" uses \$\{template\.refs\.api\}: no node of the template has finished/,
        ),
      ]),
    );
  });

  it('checks a release flow in its own scope: its own refs, its trigger refs, and no template.refs outside it', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'migration', true)).jobId = '${refs.migrator.id}';
    specOf(nodeByRef(template, 'api-build', true)).branch = '${refs.pull.branch}';
    specOf(nodeByRef(template, 'web')).description = 'built from ${template.args.GIT_BRANCH}';
    expect(messages(template)).toEqual([
      'DeploymentService ref "web" uses ${template.args.GIT_BRANCH} outside a nested release flow',
      'Build ref "api-build" uses ${refs.pull}: no node in this template has that ref',
      'JobRun ref "migration" uses ${refs.migrator}: no node in this template has that ref',
    ]);
  });
});
