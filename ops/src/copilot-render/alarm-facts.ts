import { resolveSub } from '../infra/cfn-sub.js';
import { asIntrinsic } from '../infra/cfn-yaml.js';
import { type RenderedStack, resourcesOfType } from './rendered-stacks.js';

/** A CloudWatch alarm a rendered stack creates, with its references shown as `Logical.Attribute` or `import:<name>`. */
export interface AlarmFact {
  stack: string;
  logicalId: string;
  /** The alarm's name with the stack's parameters substituted. */
  name: string;
  /** `Namespace/MetricName statistic`, one per metric the alarm reads. */
  metrics: string[];
  /** `Name=value` of every metric's dimensions, without repeats. */
  dimensions: string[];
  expression?: string;
  threshold: number;
  alarmActions: string[];
  okActions: string[];
}

/** The alarms an ECS service's deployments watch (`DeploymentConfiguration.Alarms`). */
export interface DeploymentAlarmsFact {
  stack: string;
  service: string;
  alarmNames: string[];
  enable: boolean;
  rollback: boolean;
  dependsOn: string[];
}

const shown = (value: unknown, parameters: Record<string, string>): string => {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name === 'Ref') return `ref:${String(intrinsic.args)}`;
  if (intrinsic?.name === 'Fn::GetAtt' && Array.isArray(intrinsic.args)) return intrinsic.args.join('.');
  if (intrinsic?.name === 'Fn::ImportValue')
    return `import:${resolveSub(intrinsic.args, parameters) ?? JSON.stringify(intrinsic.args)}`;
  return resolveSub(value, parameters) ?? JSON.stringify(value);
};

interface MetricQuery {
  Expression?: string;
  MetricStat?: { Metric: MetricShape; Stat?: string };
}
interface MetricShape {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Array<{ Name: string; Value: unknown }>;
}

export function alarmFacts(stacks: RenderedStack[]): AlarmFact[] {
  return stacks.flatMap((stack) =>
    resourcesOfType(stack, 'AWS::CloudWatch::Alarm').map(([logicalId, resource]) => {
      const props = (resource.Properties ?? {}) as Record<string, unknown> & MetricShape;
      const show = (value: unknown) => shown(value, stack.parameters);
      const queries = (props.Metrics as MetricQuery[] | undefined) ?? [];
      const single = props.MetricName
        ? [{ metric: props, stat: String(props.ExtendedStatistic ?? props.Statistic) }]
        : [];
      const read = [
        ...single,
        ...queries.flatMap((query) =>
          query.MetricStat ? [{ metric: query.MetricStat.Metric, stat: String(query.MetricStat.Stat) }] : [],
        ),
      ];
      const dimensions = read.flatMap(({ metric }) =>
        (metric.Dimensions ?? []).map(({ Name, Value }) => `${Name}=${show(Value)}`),
      );
      const expression = queries.find((query) => query.Expression)?.Expression;
      return {
        stack: stack.name,
        logicalId,
        name: show(props.AlarmName),
        metrics: read.map(({ metric, stat }) => `${metric.Namespace}/${metric.MetricName} ${stat}`),
        dimensions: [...new Set(dimensions)],
        ...(expression && { expression }),
        threshold: Number(props.Threshold),
        alarmActions: ((props.AlarmActions as unknown[] | undefined) ?? []).map(show),
        okActions: ((props.OKActions as unknown[] | undefined) ?? []).map(show),
      };
    }),
  );
}

export function deploymentAlarms(stacks: RenderedStack[]): DeploymentAlarmsFact[] {
  return stacks.flatMap((stack) =>
    resourcesOfType(stack, 'AWS::ECS::Service').map(([service, resource]) => {
      const configuration = (resource.Properties?.DeploymentConfiguration ?? {}) as {
        Alarms?: { AlarmNames?: unknown[]; Enable?: unknown; Rollback?: unknown };
      };
      const alarms = configuration.Alarms ?? {};
      const dependsOn = resource.DependsOn;
      return {
        stack: stack.name,
        service,
        alarmNames: (alarms.AlarmNames ?? []).map(String),
        enable: alarms.Enable === true,
        rollback: alarms.Rollback === true,
        dependsOn: (Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []).map(String),
      };
    }),
  );
}
