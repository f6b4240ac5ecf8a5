import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@iac-experiment/platform/limits';
import { ApiPropertyOptional } from '@nestjs/swagger';

/** The query of GET /api/messages, validated (and `limit` converted to a number) by Fastify: unknown fields are refused. */
export const listMessagesQuerySchema = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    cursor: { type: 'string', description: 'The `nextCursor` of the previous page' },
  },
  additionalProperties: false,
} as const;

export class ListMessagesQuery {
  @ApiPropertyOptional(listMessagesQuerySchema.properties.limit)
  limit!: number;

  @ApiPropertyOptional(listMessagesQuerySchema.properties.cursor)
  cursor?: string;
}
