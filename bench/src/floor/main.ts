import pg from 'pg';
import { createFloorServer } from './floor-server.js';

// Started by the bench as `node dist/floor/main.js` with the same DATABASE_URL, PORT and pool size as the api.
const { DATABASE_URL, PORT = '0', DATABASE_POOL_MAX = '10' } = process.env;
if (!DATABASE_URL) {
  process.stderr.write('floor: DATABASE_URL is required\n');
  process.exit(1);
}

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(DATABASE_POOL_MAX) });
const server = createFloorServer(pool);
server.keepAliveTimeout = 72_000;
server.listen(Number(PORT), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`floor listening on port ${typeof address === 'object' ? address?.port : address}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeIdleConnections();
  void pool.end().then(() => process.exit(0));
});
