import {
  MESSAGES_LIST_INDEX,
  MESSAGES_PRIMARY_KEY,
  MESSAGES_TABLE,
} from '@iac-experiment/migrator/migrations';
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
 * A message board entry. The migrator's migrations own this table; this mapping must match them exactly
 * (test/schema.e2e-spec.ts diffs the two). The index serves the newest-first list of live messages; its
 * DESC ordering lives in the migration (TypeORM cannot express it here).
 */
@Entity({ name: MESSAGES_TABLE })
@Index(MESSAGES_LIST_INDEX, ['createdAt', 'id'], { where: '"deleted_at" IS NULL' })
export class Message {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: MESSAGES_PRIMARY_KEY })
  id!: string;

  @Column({ type: 'varchar', length: 500 })
  content!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', precision: 3, nullable: true })
  deletedAt!: Date | null;
}
