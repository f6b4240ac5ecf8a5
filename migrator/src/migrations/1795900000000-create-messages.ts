import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The message board's table; soft delete via deleted_at, and the index that serves the newest-first list. */
export class CreateMessages1795900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "messages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "content" character varying(500) NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "deleted_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "PK_messages" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE INDEX "IDX_messages_created_at_id_live" ON "messages" ("created_at" DESC, "id" DESC)
      WHERE "deleted_at" IS NULL
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_messages_created_at_id_live"`);
    await queryRunner.query(`DROP TABLE "messages"`);
  }
}
