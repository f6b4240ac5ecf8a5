import {
  IDEMPOTENCY_KEYS_CREATED_AT_INDEX,
  IDEMPOTENCY_KEYS_PRIMARY_KEY,
  IDEMPOTENCY_KEYS_TABLE,
} from '@iac-experiment/migrator/migrations';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A stored Idempotency-Key (see idempotency-key.ts). The migrator's migration owns the table; this mirrors it. */
@Entity({ name: IDEMPOTENCY_KEYS_TABLE })
@Index(IDEMPOTENCY_KEYS_CREATED_AT_INDEX, ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: IDEMPOTENCY_KEYS_PRIMARY_KEY })
  key!: string;

  @Column({ name: 'request_hash', type: 'character', length: 64 })
  requestHash!: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
