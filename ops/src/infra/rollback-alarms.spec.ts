import { describe, expect, it } from '@jest/globals';
import { parseCfnYaml } from './cfn-yaml.js';
import { patchedAlarms } from './rollback-alarms.js';
import { copilotCopyPerTest } from './testing/copilot-copy-per-test.js';

const API = 'api/manifest.yml';
const API_PATCHES = 'api/overrides/cfn.patches.yml';
const WEB = 'web/manifest.yml';
const ALARMS = 'environments/addons/alarms.yml';

const each = copilotCopyPerTest();

describe('rollback alarms named in a manifest', () => {
  it('rejects a name that no alarm of the service patches defines', async () => {
    await each.copy.replace(API, '-api-p99-latency', '-api-p95-latency');
    expect(await each.copy.problems()).toEqual([
      {
        file: `copilot/${API}`,
        at: 'deployment.rollback_alarms[1]',
        message:
          "names the alarm 'iac-experiment-production-api-p95-latency', which copilot/api/overrides/cfn.patches.yml " +
          'does not define: ECS would watch an alarm that does not exist',
      },
    ]);
  });

  it('rejects a patch that renames an alarm the manifest still names', async () => {
    await each.copy.replace(API_PATCHES, '${WorkloadName}-cpu"', '${WorkloadName}-cpu-utilization"');
    expect(await each.copy.problems()).toEqual([
      expect.objectContaining({
        file: `copilot/${API}`,
        at: 'deployment.rollback_alarms[2]',
        message: expect.stringContaining("'iac-experiment-production-api-cpu'"),
      }),
    ]);
  });

  it('rejects alarms that notify a topic no environment addon exports', async () => {
    await each.copy.replace(
      ALARMS,
      'Name: !Sub "${App}-${Env}-AlarmTopicArn"',
      'Name: !Sub "${App}-${Env}-AlarmTopic"',
    );
    const problems = await each.copy.problems();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toContainEqual({
      file: `copilot/${API_PATCHES}`,
      at: '[3] /Resources/RollbackAlarmTarget5xx.AlarmActions[0]',
      message: expect.stringMatching(
        /^notifies 'iac-experiment-production-AlarmTopicArn', which no environment addon exports \(exports: .*iac-experiment-production-AlarmTopic\b/,
      ),
    });
    expect(problems.every((problem) => problem.message.startsWith('notifies '))).toBe(true);
  });

  it("accepts Copilot's own CPU and memory thresholds instead of names, but not an empty list", async () => {
    await each.copy.editYaml(WEB, (document) => {
      document.setIn(['deployment', 'rollback_alarms'], { cpu_utilization: 90, memory_utilization: 90 });
    });
    expect(await each.copy.problems()).toEqual([]);
    await each.copy.editYaml(WEB, (document) => {
      document.setIn(['deployment', 'rollback_alarms'], []);
    });
    expect(await each.copy.problems()).toContainEqual(
      expect.objectContaining({ file: `copilot/${WEB}`, at: 'deployment.rollback_alarms' }),
    );
  });
});

describe('patchedAlarms', () => {
  it('finds the alarms a patch adds as whole resources, nothing else', () => {
    const patches = parseCfnYaml(`
- op: replace
  path: /Resources/EnvControllerFunction/Properties/Runtime
  value: nodejs24.x
- op: add
  path: /Resources/Topic
  value: { Type: AWS::SNS::Topic }
- op: add
  path: /Resources/Slow
  value:
    Type: AWS::CloudWatch::Alarm
    Properties: { AlarmName: !Sub "\${AppName}-slow" }
- op: add
  path: /Resources/Service/DependsOn/-
  value: Slow
`);
    expect(patchedAlarms(patches)).toEqual([
      {
        logicalId: 'Slow',
        at: '[2] /Resources/Slow',
        properties: { AlarmName: { 'Fn::Sub': '${AppName}-slow' } },
      },
    ]);
  });
});
