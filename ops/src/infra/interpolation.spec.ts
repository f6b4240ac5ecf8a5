import { describe, expect, it } from '@jest/globals';
import { findInterpolationIssues, interpolate } from './interpolation.js';

describe('manifest interpolation', () => {
  it('accepts the reserved variables and escaped references anywhere in string values', () => {
    expect(
      findInterpolationIssues({
        a: '${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-db',
        b: ['\\${HOME}', { c: 'plain' }],
        d: 3,
      }),
    ).toEqual([]);
  });

  it('reports other variables, malformed and unterminated references with their location', () => {
    expect(
      findInterpolationIssues({ x: { y: ['${USER}'] }, z: '${1ABC}', w: 'a ${COPILOT_APPLICATION_NAME' }),
    ).toEqual([
      {
        at: 'x.y[0]',
        message: expect.stringContaining("'${USER}' depends on the deploying shell's environment"),
      },
      { at: 'z', message: expect.stringContaining('is not a variable reference Copilot understands') },
      { at: 'w', message: expect.stringContaining("unterminated '${'") },
    ]);
  });

  it('substitutes like Copilot for a given application and environment', () => {
    expect(
      interpolate('${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-x \\${KEEP}', 'app', 'prod'),
    ).toBe('app-prod-x ${KEEP}');
  });
});
