import type { ScenarioName } from './options.js';
import type { TargetName } from './report/types.js';

export interface ScenarioDefinition {
  name: ScenarioName;
  title: string;
  /** Who is loaded, in A/B order. */
  targets: TargetName[];
}

export const SCENARIOS: Record<ScenarioName, ScenarioDefinition> = {
  list: { name: 'list', title: 'GET /api/messages?limit=50', targets: ['api', 'floor'] },
  deep: { name: 'deep', title: 'GET /api/messages?limit=50&cursor=(deep page)', targets: ['api', 'floor'] },
  health: { name: 'health', title: 'GET /api/health', targets: ['api', 'floor'] },
  web: { name: 'web', title: 'web GET / (SSR, calls the api)', targets: ['web'] },
  create: { name: 'create', title: 'POST /api/messages', targets: ['api', 'floor'] },
};
