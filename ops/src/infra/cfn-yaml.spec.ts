import { describe, expect, it } from '@jest/globals';
import { asIntrinsic, parseCfnYaml } from './cfn-yaml.js';

describe('parseCfnYaml', () => {
  it('turns short-form intrinsic functions into their long JSON form, nested', () => {
    const template = parseCfnYaml(
      [
        'A: !Ref VPC',
        'B: !GetAtt Cluster.Endpoint.Address',
        'C: !Sub "${App}-${Env}"',
        "D: !Join [',', [!Ref One, !Ref Two]]",
        'E: !If [IsProd, !Ref AWS::NoValue, !Select [0, !GetAZs ""]]',
        'F: !GetAtt [Group, GroupId]',
        'G: !Split [",", !ImportValue { "Fn::Sub": "${App}-subnets" }]',
        'H: !FindInMap [Map, !Ref Env, Key]',
        'I: !Equals [!Condition Other, true]',
      ].join('\n'),
    );
    expect(template).toEqual({
      A: { Ref: 'VPC' },
      B: { 'Fn::GetAtt': ['Cluster', 'Endpoint.Address'] },
      C: { 'Fn::Sub': '${App}-${Env}' },
      D: { 'Fn::Join': [',', [{ Ref: 'One' }, { Ref: 'Two' }]] },
      E: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }] },
      F: { 'Fn::GetAtt': ['Group', 'GroupId'] },
      G: { 'Fn::Split': [',', { 'Fn::ImportValue': { 'Fn::Sub': '${App}-subnets' } }] },
      H: { 'Fn::FindInMap': ['Map', { Ref: 'Env' }, 'Key'] },
      I: { 'Fn::Equals': [{ Condition: 'Other' }, true] },
    });
  });

  it('rejects duplicate keys, as CloudFormation and Copilot do', () => {
    expect(() => parseCfnYaml('A: 1\nA: 2\n')).toThrow(/unique/i);
  });

  it('recognises intrinsics only as single-key objects', () => {
    expect(asIntrinsic({ Ref: 'X' })).toEqual({ name: 'Ref', args: 'X' });
    expect(asIntrinsic({ Ref: 'X', Other: 1 })).toBeUndefined();
    expect(asIntrinsic({ Key: 'copilot-application' })).toBeUndefined();
    expect(asIntrinsic('!Ref X')).toBeUndefined();
  });
});
