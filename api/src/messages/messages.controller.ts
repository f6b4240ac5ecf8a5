import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponseDto } from '../http/error-response.dto.js';
import { CreateMessageDto } from './dto/create-message.dto.js';
import { ListMessagesQuery, listMessagesQuerySchema } from './dto/list-messages.query.js';
import { MessageDto, MessagePageDto, messagePageSchema, messageSchema } from './dto/message.dto.js';
import { messageBodySchema } from './dto/message-content.js';
import { UpdateMessageDto } from './dto/update-message.dto.js';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  parseIdempotencyKey,
} from './idempotency-key.js';
import { MessagesService } from './messages.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('messages')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid input' })
@ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The database is unavailable' })
@ApiTooManyRequestsResponse({
  type: ErrorResponseDto,
  description: 'Too many writes from this address (POST, PATCH, DELETE); see Retry-After',
})
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @RouteSchema({ body: messageBodySchema, response: { 201: messageSchema } })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes the POST safe to retry: a second request with the same key and content creates nothing and gets the ' +
      'first answer (with Idempotent-Replayed: true). Kept for at least 24 hours.',
  })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'The first request with this key is in progress',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Key already used for other content',
  })
  async create(
    @Body() body: CreateMessageDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) keyHeader: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MessageDto> {
    const { message, replayed } = await this.messages.create(body.content, parseIdempotencyKey(keyHeader));
    if (replayed) void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return message;
  }

  @Get()
  @RouteSchema({ querystring: listMessagesQuerySchema, response: { 200: messagePageSchema } })
  @ApiOkResponse({ type: MessagePageDto })
  list(@Query() query: ListMessagesQuery): Promise<MessagePageDto> {
    return this.messages.list(query.limit, query.cursor);
  }

  @Get(':id')
  @RouteSchema({ response: { 200: messageSchema } })
  @ApiOkResponse({ type: MessageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or deleted' })
  findOne(@Param('id', uuid) id: string): Promise<MessageDto> {
    return this.messages.findOne(id);
  }

  @Patch(':id')
  @RouteSchema({ body: messageBodySchema, response: { 200: messageSchema } })
  @ApiOkResponse({ type: MessageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or deleted' })
  update(@Param('id', uuid) id: string, @Body() body: UpdateMessageDto): Promise<MessageDto> {
    return this.messages.update(id, body.content);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (soft delete: it is gone from every endpoint)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or already deleted' })
  remove(@Param('id', uuid) id: string): Promise<void> {
    return this.messages.remove(id);
  }
}
