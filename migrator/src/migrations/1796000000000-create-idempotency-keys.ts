import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Idempotency-Key of each keyed POST /api/messages: the message it created and a hash of the request, so a
 * retry with the same key is answered with that message instead of creating another. Keys are pruned after a day
 * (the api deletes expired ones as it stores new ones, oldest first, along the created_at index).
 */
export class CreateIdempotencyKeys1796000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "idempotency_keys" (
        "key" character varying(100) NOT NULL,
        "request_hash" character(64) NOT NULL,
        "message_id" uuid NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("key")
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "IDX_idempotency_keys_created_at" ON "idempotency_keys" ("created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_idempotency_keys_created_at"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
