import { resolveSub } from './cfn-sub.js';
import { asIntrinsic } from './cfn-yaml.js';
import type { Workload } from './copilot-project.js';
import { interpolate } from './interpolation.js';
import type { Problem } from './problem.js';

const ALARM_TYPE = 'AWS::CloudWatch::Alarm';
const RESOURCE_PATH = /^\/Resources\/([A-Za-z0-9]+)$/;

/** A CloudWatch alarm that a workload's `overrides/cfn.patches.yml` adds to its stack. */
export interface PatchedAlarm {
  logicalId: string;
  /** Where in the patch file, for problems. */
  at: string;
  properties: Record<string, unknown>;
}

/** The alarms the patches add (`op: add` of a whole `/Resources/<id>` of type AWS::CloudWatch::Alarm). */
export function patchedAlarms(patches: unknown): PatchedAlarm[] {
  if (!Array.isArray(patches)) return [];
  return patches.flatMap((operation, index) => {
    const { op, path, value } = (operation ?? {}) as { op?: unknown; path?: unknown; value?: unknown };
    const id = typeof path === 'string' ? RESOURCE_PATH.exec(path)?.[1] : undefined;
    const resource = (value ?? {}) as { Type?: unknown; Properties?: Record<string, unknown> };
    if (op !== 'add' || !id || resource.Type !== ALARM_TYPE) return [];
    return [{ logicalId: id, at: `[${index}] ${path}`, properties: resource.Properties ?? {} }];
  });
}

/**
 * A service that names its own rollback alarms (`deployment.rollback_alarms` as a list) must define each of them in
 * its patches: ECS takes any name, and watches nothing under a name no alarm has. The SNS topics the patched alarms
 * notify must be exports of an environment addon. The render test checks the same on Copilot's output.
 */
export function checkRollbackAlarms(
  workload: Workload,
  exportNames: Set<string>,
  app: string,
  env: string,
): Problem[] {
  const problems: Problem[] = [];
  const manifest = workload.manifest.data as { name?: unknown; deployment?: { rollback_alarms?: unknown } };
  const variables = { AppName: app, EnvName: env, WorkloadName: String(manifest.name) };
  const alarms = patchedAlarms(workload.patches?.data);
  const patchesFile = workload.patches?.file ?? `copilot/${workload.dirName}/overrides/cfn.patches.yml`;

  const names = manifest.deployment?.rollback_alarms;
  if (Array.isArray(names)) {
    const defined = new Set(alarms.map((alarm) => resolveSub(alarm.properties.AlarmName, variables)));
    names.forEach((name, index) => {
      const alarmName = interpolate(String(name), app, env);
      if (!defined.has(alarmName)) {
        problems.push({
          file: workload.manifest.file,
          at: `deployment.rollback_alarms[${index}]`,
          message: `names the alarm '${alarmName}', which ${patchesFile} does not define: ECS would watch an alarm that does not exist`,
        });
      }
    });
  }

  for (const alarm of alarms) {
    for (const key of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) {
      const actions = alarm.properties[key];
      if (!Array.isArray(actions)) continue;
      actions.forEach((action, index) => {
        const imported = asIntrinsic(action);
        if (imported?.name !== 'Fn::ImportValue') return;
        const exportName = resolveSub(imported.args, variables);
        if (exportName !== undefined && !exportNames.has(exportName)) {
          problems.push({
            file: patchesFile,
            at: `${alarm.at}.${key}[${index}]`,
            message: `notifies '${exportName}', which no environment addon exports (exports: ${[...exportNames].join(', ') || 'none'})`,
          });
        }
      });
    }
  }
  return problems;
}
