import { describe, expect, it } from '@jest/globals';
import { resolveSub } from './cfn-sub.js';
import { parseCfnYaml } from './cfn-yaml.js';

const sub = (yaml: string, variables: Record<string, string>) => resolveSub(parseCfnYaml(yaml), variables);

describe('resolveSub', () => {
  it('substitutes known parameters in the short and long forms', () => {
    expect(sub('!Sub "${AppName}-${EnvName}-api-5xx"', { AppName: 'app', EnvName: 'prod' })).toBe(
      'app-prod-api-5xx',
    );
    expect(sub('Fn::Sub: [ "${A}-${B}", { B: two } ]', { A: 'one' })).toBe('one-two');
  });

  it('keeps ${!Literal} and plain strings as they are', () => {
    expect(sub('!Sub "${!Literal}-${A}"', { A: 'x' })).toBe('${Literal}-x');
    expect(resolveSub('plain', {})).toBe('plain');
  });

  it('gives up on an unknown variable or another intrinsic', () => {
    expect(sub('!Sub "${AWS::Region}-${A}"', { A: 'x' })).toBeUndefined();
    expect(sub('!Ref AppName', { AppName: 'app' })).toBeUndefined();
  });
});
