import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A stored Idempotency-Key (see idempotency-key.ts): the api's one description of the table, like Message (the
 * keyed insert's SQL is written from both mappings, see message-statements.ts). The migrator's migration creates
 * the table and must match it exactly (test/schema.e2e-spec.ts diffs the two).
 */
@Entity({ name: 'idempotency_keys' })
@Index('IDX_idempotency_keys_created_at', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_idempotency_keys' })
  key!: string;

  @Column({ name: 'request_hash', type: 'character', length: 64 })
  requestHash!: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
