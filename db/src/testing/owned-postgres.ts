import { startTemporaryServer } from '../local-postgres/temporary-server.js';

export interface OwnedPostgres {
  port: number;
  /** Administrator URL (database `postgres`); pass it as `serverUrl` to `createTestDatabase`. */
  url: string;
  urlFor(database: string): string;
  readonly running: boolean;
  /** Fast shutdown: connections drop, the port stops answering; data is kept. */
  stop(): Promise<void>;
  /** Back on the same port with the same data. */
  start(): Promise<void>;
  /** Stop and delete. */
  destroy(): Promise<void>;
}

/** An embedded Postgres only this test uses, so it may stop and restart it ("the database dies mid-run"). */
export async function startOwnedPostgres(): Promise<OwnedPostgres> {
  return startTemporaryServer();
}
