import { describe, expect, it } from '@jest/globals';
import { diffRenders, formatPlan } from './plan-diff.js';
import type { CfnTemplate, RenderedStack } from './rendered-stacks.js';

const rendered = (
  name: string,
  template: CfnTemplate,
  parameters: Record<string, string> = {},
): RenderedStack => ({
  name,
  template,
  parameters,
  notCreated: [],
});
const lambda = (runtime: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Runtime: runtime, Handler: 'x' },
});
const autoscaling = (updateId: string) => ({
  Type: 'Custom::DynamicDesiredCountFunction',
  Properties: { UpdateID: updateId },
});

describe('the CloudFormation plan of two renders', () => {
  const base = [
    rendered(
      'api',
      { Resources: { Fn: lambda('nodejs20.x'), Old: { Type: 'AWS::SNS::Topic' }, Count: autoscaling('a') } },
      { TaskCount: '1' },
    ),
    rendered('web', { Resources: { Fn: lambda('nodejs24.x'), Count: autoscaling('b') } }),
  ];
  const head = [
    rendered(
      'api',
      { Resources: { Fn: lambda('nodejs24.x'), New: { Type: 'AWS::SQS::Queue' }, Count: autoscaling('c') } },
      { TaskCount: '2' },
    ),
    rendered('web', { Resources: { Fn: lambda('nodejs24.x'), Count: autoscaling('d') } }),
  ];

  it('lists per stack the resources added, removed and changed, ignoring the random UpdateID', () => {
    expect(diffRenders(base, head)).toEqual([
      {
        stack: 'api',
        added: ['New (AWS::SQS::Queue)'],
        removed: ['Old (AWS::SNS::Topic)'],
        changed: [{ logicalId: 'Fn (AWS::Lambda::Function)', keys: ['Properties.Runtime'] }],
        sections: [],
        parameters: ['TaskCount'],
      },
      { stack: 'web', added: [], removed: [], changed: [], sections: [], parameters: [] },
    ]);
  });

  it('writes readable Markdown, unchanged stacks on one line', () => {
    const markdown = formatPlan(diffRenders(base, head), 'Plan');
    expect(markdown).toContain(
      '### `api`\n\n- **added** New (AWS::SQS::Queue)\n- **removed** Old (AWS::SNS::Topic)',
    );
    expect(markdown).toContain('- **changed** Fn (AWS::Lambda::Function): Properties.Runtime');
    expect(markdown).toContain('No change: `web`.');
    expect(formatPlan(diffRenders(base, base), 'Plan')).toContain('No CloudFormation change in any stack.');
  });
});
