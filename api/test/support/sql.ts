import pg from 'pg';

/** Direct SQL against the suite's database, to arrange data and to check what the api did (or did not) write. */
export class Sql {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 3 });
    // The server may end a connection while it sits idle in the pool (a suite's teardown drops its database WITH
    // (FORCE) just after close(), which resolves before the connections are gone). pg-pool then discards that
    // connection and emits 'error', which without a listener is an uncaught exception. A query in flight still
    // rejects on its own.
    this.pool.on('error', () => undefined);
  }

  async rows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(text, values)).rows;
  }

  /** A fingerprint of the whole table: equal before and after means nothing was written. */
  async snapshot(): Promise<string> {
    const rows = await this.rows(
      'SELECT id, content, created_at, updated_at, deleted_at FROM messages ORDER BY id',
    );
    return JSON.stringify(rows);
  }

  async count(): Promise<number> {
    const [row] = await this.rows<{ count: string }>('SELECT count(*) FROM messages');
    return Number(row?.count);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
