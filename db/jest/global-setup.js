// jest `globalSetup` for any workspace's e2e config: starts this run's test Postgres (see
// src/testing/global-test-postgres.ts). jest loads global setup files outside its ESM module graph, so the
// TypeScript source is loaded through tsx (once: global-teardown.js must reach the same module instance).
import { tsImport } from 'tsx/esm/api';

let loaded;
export const loadGlobalTestPostgres = () =>
  (loaded ??= tsImport('../src/testing/global-test-postgres.ts', import.meta.url));

export default async function globalSetup() {
  const { setUpGlobalTestPostgres } = await loadGlobalTestPostgres();
  await setUpGlobalTestPostgres();
}
