import { describe, expect, it } from '@jest/globals';
import { evaluateConditions } from './conditions.js';

describe('evaluateConditions', () => {
  const template = {
    Parameters: { ALBWorkloads: {}, Aliases: { Default: '' } },
    Conditions: {
      CreateALB: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ALBWorkloads' }, ''] }] },
      HasAliases: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Aliases' }, ''] }] },
      Both: { 'Fn::And': [{ Condition: 'CreateALB' }, { Condition: 'HasAliases' }] },
      Either: { 'Fn::Or': [{ Condition: 'CreateALB' }, { Condition: 'HasAliases' }] },
      Unknown: { 'Fn::Equals': [{ 'Fn::GetAtt': ['X', 'Y'] }, 'z'] },
    },
  };

  it('evaluates with the given values, falling back to Defaults, and leaves what only AWS knows undecided', () => {
    expect(evaluateConditions(template, { ALBWorkloads: 'api,web' })).toEqual({
      CreateALB: true,
      HasAliases: false,
      Both: false,
      Either: true,
      Unknown: undefined,
    });
    expect(evaluateConditions(template, {}).CreateALB).toBeUndefined();
  });
});
