import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto.js';
import { CreateMessageDto } from './dto/create-message.dto.js';
import { DEFAULT_PAGE_SIZE, ListMessagesQuery } from './dto/list-messages.query.js';
import { MessageDto, MessagePageDto } from './dto/message.dto.js';
import { UpdateMessageDto } from './dto/update-message.dto.js';
import { MessagesService } from './messages.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('messages')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid input' })
@ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The database is unavailable' })
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ApiCreatedResponse({ type: MessageDto })
  create(@Body() body: CreateMessageDto): Promise<MessageDto> {
    return this.messages.create(body.content);
  }

  @Get()
  @ApiOkResponse({ type: MessagePageDto })
  list(@Query() query: ListMessagesQuery): Promise<MessagePageDto> {
    return this.messages.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ type: MessageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or deleted' })
  findOne(@Param('id', uuid) id: string): Promise<MessageDto> {
    return this.messages.findOne(id);
  }

  @Patch(':id')
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
