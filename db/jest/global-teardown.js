// jest `globalTeardown`, paired with global-setup.js.
import { loadGlobalTestPostgres } from './global-setup.js';

export default async function globalTeardown() {
  const { tearDownGlobalTestPostgres } = await loadGlobalTestPostgres();
  await tearDownGlobalTestPostgres();
}
