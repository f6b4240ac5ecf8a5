import { MAX_CONTENT_LENGTH } from '@iac-experiment/platform/limits';
import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A message board entry: the api's one description of the table (the request paths' SQL is written from this
 * mapping, see message-statements.ts). The migrator's migrations create the table and must match it exactly
 * (test/schema.e2e-spec.ts diffs the two; `yarn workspace @iac-experiment/migrator migration:generate` writes the
 * migration for a change here). The index serves the newest-first list of live messages; its DESC ordering lives
 * in the migration (TypeORM cannot express it here).
 */
@Entity({ name: 'messages' })
@Index('IDX_messages_created_at_id_live', ['createdAt', 'id'], { where: '"deleted_at" IS NULL' })
export class Message {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_messages' })
  id!: string;

  @Column({ type: 'varchar', length: MAX_CONTENT_LENGTH })
  content!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', precision: 3, nullable: true })
  deletedAt!: Date | null;
}
