// Names Copilot v1.34 gives the things it creates (internal/pkg/deploy/cloudformation/stack/name.go,
// internal/pkg/deploy/deploy.go, templates/workloads/partials/cf/loggroup.yml).

export const COPILOT_APP_TAG = 'copilot-application';
export const COPILOT_ENV_TAG = 'copilot-environment';
export const COPILOT_WORKLOAD_TAG = 'copilot-service';

export function environmentStackName(app: string, env: string): string {
  return `${app}-${env}`;
}

export function workloadStackName(app: string, env: string, workload: string): string {
  return `${app}-${env}-${workload}`;
}

export function workloadLogGroup(app: string, env: string, workload: string): string {
  return `/copilot/${workloadStackName(app, env, workload)}`;
}
