import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import pg from 'pg';
import type { Repository } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { MessageDto, MessagePageDto } from './dto/message.dto.js';
import { Message } from './message.entity.js';
import { type MessageStatements, messageStatements } from './message-statements.js';

@Injectable()
export class MessagesService {
  private readonly sql: MessageStatements;

  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @InjectRepository(Message) messages: Repository<Message>,
  ) {
    this.sql = messageStatements(messages.metadata);
  }

  async create(content: string): Promise<MessageDto> {
    const { rows } = await this.pool.query<MessageDto>({ ...this.sql.insert, values: [content] });
    return rows[0] as MessageDto;
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
