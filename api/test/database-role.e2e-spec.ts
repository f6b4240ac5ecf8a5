import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { apiSuite } from './support/api-suite.js';

const suite = apiSuite({ prefix: 'api_role' });

/** The api's own connection pool, the one its request paths query. */
const apiPool = () => suite.api.app.get(pg.Pool);

describe("the api's database role", () => {
  it('is the role the migrator made for it, not the owner of the tables', async () => {
    const { rows } = await apiPool().query<{ who: string }>('SELECT current_user AS who');
    expect(rows).toEqual([{ who: suite.database.apiRole }]);
    const [{ owner }] = await suite.sql.rows<{ owner: string }>(
      "SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'messages'",
    );
    expect(owner).not.toBe(suite.database.apiRole);
  });

  it('serves every write path with it (create, keyed create, edit, delete)', async () => {
    const http = () => request(suite.api.server);
    const created = await http().post('/api/messages').send({ content: 'as the api role' }).expect(201);
    await http()
      .post('/api/messages')
      .set('Idempotency-Key', 'role-key-1')
      .send({ content: 'keyed' })
      .expect(201);
    await http().patch(`/api/messages/${created.body.id}`).send({ content: 'edited' }).expect(200);
    await http().delete(`/api/messages/${created.body.id}`).expect(204);
  });

  it('cannot drop, alter or empty the tables, nor create one', async () => {
    for (const statement of [
      'DROP TABLE messages',
      'ALTER TABLE messages ADD COLUMN extra text',
      'ALTER TABLE messages RENAME TO gone',
      'TRUNCATE messages',
      'DROP TABLE idempotency_keys',
      'CREATE TABLE mine (id int)',
    ]) {
      const failure = await apiPool()
        .query(statement)
        .then(
          () => 'succeeded',
          (error: { code?: string }) => error.code,
        );
      expect([statement, failure]).toEqual([statement, '42501']);
    }
    const tables = await suite.sql.rows(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables).toEqual([
      { table_name: 'idempotency_keys' },
      { table_name: 'messages' },
      { table_name: 'migrations' },
    ]);
  });
});
