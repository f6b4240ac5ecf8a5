import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import pg from 'pg';
import type { Repository } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { MessageDto, MessagePageDto } from './dto/message.dto.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { requestHash } from './idempotency-key.js';
import { Message } from './message.entity.js';
import { type MessageStatements, messageStatements } from './message-statements.js';

/** A row of keyedInsert/keyedLookup: the new message (requestHash null), or an earlier one (content null). */
interface KeyedRow extends Omit<MessageDto, 'content'> {
  content: string | null;
  requestHash: string | null;
}

export interface CreateResult {
  message: MessageDto;
  /** True when an earlier request with the same Idempotency-Key created the message. */
  replayed: boolean;
}

@Injectable()
export class MessagesService {
  private readonly sql: MessageStatements;

  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @InjectRepository(Message) messages: Repository<Message>,
    @InjectRepository(IdempotencyKey) idempotencyKeys: Repository<IdempotencyKey>,
  ) {
    this.sql = messageStatements(messages.metadata, idempotencyKeys.metadata);
  }

  /**
   * Creates a message. With an idempotency key, a retry of the same request (same key, same content) creates
   * nothing and gets the answer the first one got (the message as created); the same key with other content is a
   * 422, and a key whose first request is still in flight a 409.
   */
  async create(content: string, idempotencyKey?: string): Promise<CreateResult> {
    if (idempotencyKey === undefined) {
      const { rows } = await this.pool.query<MessageDto>({ ...this.sql.insert, values: [content] });
      return { message: rows[0] as MessageDto, replayed: false };
    }
    const hash = requestHash(content);
    let { rows } = await this.pool.query<KeyedRow>({
      ...this.sql.keyedInsert,
      values: [idempotencyKey, hash, content],
    });
    if (rows.length === 0)
      ({ rows } = await this.pool.query<KeyedRow>({ ...this.sql.keyedLookup, values: [idempotencyKey] }));
    const row = rows[0];
    if (!row)
      throw new ConflictException('A request with this Idempotency-Key is still in progress; retry shortly');
    const { id, createdAt, updatedAt, requestHash: earlierHash } = row;
    if (earlierHash === null) return { message: { id, content, createdAt, updatedAt }, replayed: false };
    if (earlierHash !== hash) {
      throw new UnprocessableEntityException('This Idempotency-Key was already used for a different message');
    }
    // The first answer: the message as created (content as sent, updatedAt equal to createdAt), whatever changed since.
    return { message: { id, content, createdAt, updatedAt }, replayed: true };
  }

  /** Newest first; `limit` rows from after `cursor`, and the cursor of the next page (null on the last one). */
  async list(limit: number, cursor?: string): Promise<MessagePageDto> {
    let rows: MessageDto[];
    if (cursor === undefined) {
      ({ rows } = await this.pool.query<MessageDto>({ ...this.sql.firstPage, values: [limit + 1] }));
    } else {
      const after = decodeCursor(cursor);
      if (!after) throw new BadRequestException('cursor is invalid: pass the nextCursor of a previous page');
      ({ rows } = await this.pool.query<MessageDto>({
        ...this.sql.nextPage,
        values: [limit + 1, after.createdAt, after.id],
      }));
    }
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: hasMore && last ? encodeCursor({ createdAt: new Date(last.createdAt), id: last.id }) : null,
    };
  }

  async findOne(id: string): Promise<MessageDto> {
    const { rows } = await this.pool.query<MessageDto>({ ...this.sql.findLive, values: [id] });
    return rows[0] ?? notFound(id);
  }

  async update(id: string, content: string): Promise<MessageDto> {
    const { rows } = await this.pool.query<MessageDto>({ ...this.sql.update, values: [id, content] });
    return rows[0] ?? notFound(id);
  }

  async remove(id: string): Promise<void> {
    const { rowCount } = await this.pool.query({ ...this.sql.softDelete, values: [id] });
    if (rowCount === 0) notFound(id);
  }
}

function notFound(id: string): never {
  throw new NotFoundException(`Message ${id} not found`);
}
