import { describe, expect, it } from '@jest/globals';
import { freshTemplate, nodeByRef, stepsContaining } from '../testing/fixtures.js';
import { checkRolloutOrder } from './rollout.js';

const messages = (template: ReturnType<typeof freshTemplate>) =>
  checkRolloutOrder(template, 'migrator').map((problem) => problem.message);

describe('checkRolloutOrder', () => {
  it('accepts the repository template: api and web roll out only after a successful migrator run, on creation and on every release', () => {
    expect(checkRolloutOrder(freshTemplate(), 'migrator')).toEqual([]);
  });

  it('fails when the migrator run is not awaited to success', () => {
    const template = freshTemplate();
    delete nodeByRef(template, 'migration').condition;
    expect(messages(template)).toEqual([
      'JobRun ref "migration" does not wait for the run to succeed (condition: "success")',
    ]);
  });

  it('fails when a service is created before the migrator run', () => {
    const template = freshTemplate();
    const steps = stepsContaining(template, 'migration');
    const index = steps.findIndex((step) => step.ref === 'migration');
    const [run] = steps.splice(index, 1);
    if (!run) throw new Error('no run');
    steps.push(run);
    expect(messages(template)).toEqual([
      'DeploymentService ref "api" can start before a run of the migrator job has succeeded',
      'DeploymentService ref "web" can start before a run of the migrator job has succeeded',
    ]);
  });

  it('fails when the release flow releases a service alongside the migration instead of after it', () => {
    const template = freshTemplate();
    const steps = stepsContaining(template, 'migration', true);
    const apiRelease = nodeByRef(template, 'api-release', true);
    stepsContaining(template, 'api-release', true).splice(0, 1);
    steps.splice(
      steps.findIndex((step) => step.ref === 'migration'),
      0,
      { kind: 'Workflow', spec: { type: 'parallel', steps: [apiRelease] } },
    );
    expect(messages(template)).toEqual([
      'Release ref "api-release" can start before a run of the migrator job has succeeded',
    ]);
  });
});
