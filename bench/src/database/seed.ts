import type pg from 'pg';

/**
 * `rows` messages, newest about an hour ago and one every 250 ms before that, of varied length (27–150
 * characters); every 100th is soft-deleted, so the list must skip deleted rows as it does in real life. One SQL
 * statement (generate_series), then VACUUM ANALYZE so the planner knows the table as it would a settled one.
 */
export async function seedMessages(client: pg.Client, rows: number): Promise<void> {
  await client.query(
    `INSERT INTO messages (content, created_at, updated_at, deleted_at)
     SELECT 'Message ' || n || ': ' || repeat('lorem ipsum ', 1 + n % 12), t, t,
            CASE WHEN n % 100 = 0 THEN t + interval '1 minute' END
     FROM generate_series(1, $1::int) AS n,
          LATERAL (SELECT now() - interval '1 hour' - ($1::int - n) * interval '250 milliseconds' AS t) AS ts`,
    [rows],
  );
  await client.query('VACUUM (ANALYZE) messages');
}

export async function countLive(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ count: string }>(
    'SELECT count(*) FROM messages WHERE deleted_at IS NULL',
  );
  return Number(rows[0]?.count);
}

/** How many of `ids` are in the table (each acknowledged create must be). */
export async function countExisting(client: pg.Client, ids: string[]): Promise<number> {
  const { rows } = await client.query<{ count: string }>(
    'SELECT count(*) FROM messages WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return Number(rows[0]?.count);
}
