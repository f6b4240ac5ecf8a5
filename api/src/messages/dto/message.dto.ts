import { ApiProperty } from '@nestjs/swagger';

/** A message as the api answers it; Fastify serializes answers with this schema (fast-json-stringify). */
export const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    content: { type: 'string', example: 'Hello, world!' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'content', 'createdAt', 'updatedAt'],
} as const;

/** A page of GET /api/messages. */
export const messagePageSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: messageSchema, description: 'Newest first' },
    nextCursor: {
      type: 'string',
      nullable: true,
      description: 'Pass as `cursor` to get the next (older) page; null on the last page',
    },
  },
  required: ['items', 'nextCursor'],
} as const;

export class MessageDto {
  @ApiProperty(messageSchema.properties.id)
  id!: string;

  @ApiProperty(messageSchema.properties.content)
  content!: string;

  @ApiProperty(messageSchema.properties.createdAt)
  createdAt!: string;

  @ApiProperty(messageSchema.properties.updatedAt)
  updatedAt!: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto], description: messagePageSchema.properties.items.description })
  items!: MessageDto[];

  @ApiProperty(messagePageSchema.properties.nextCursor)
  nextCursor!: string | null;
}
