// Type-only: brings reply.viewAsync(); Nest registers @fastify/view itself (app.setViewEngine).
import type {} from '@fastify/view';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiCallContext } from '../api-client/api-client.types.js';
import { type BoardOutcome, MessagesService } from './messages.service.js';

/**
 * The board at `/` and the two form targets. Forms post `application/x-www-form-urlencoded` and are answered with
 * `303 See Other` back to the board, so they work without JavaScript and a reload never re-submits them.
 */
@Controller()
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  async board(@Query('cursor') cursor: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await send(reply, await this.messages.showBoard(nonEmptyString(cursor), callContext(request)));
  }

  @Post('messages')
  async post(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // Browsers send a textarea's line breaks as CR LF; the api counts (and the form's counter counted) LF alone.
    const content = (nonEmptyString(field(body, 'content')) ?? '').replace(/\r\n?/g, '\n');
    const idempotencyKey = nonEmptyString(field(body, 'idempotencyKey'));
    await send(reply, await this.messages.postMessage(content, idempotencyKey, callContext(request)));
  }

  @Post('messages/:id/delete')
  async delete(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const returnCursor = nonEmptyString(field(body, 'cursor'));
    await send(reply, await this.messages.deleteMessage(id, returnCursor, callContext(request)));
  }
}

async function send(reply: FastifyReply, outcome: BoardOutcome): Promise<void> {
  if (outcome.kind === 'redirect') {
    await reply.redirect(outcome.location, 303);
    return;
  }
  const html = await reply.viewAsync('index.hbs', outcome.view);
  await reply.code(outcome.status).send(html);
}

/** The request's id and its client's address, which the api's calls carry. */
function callContext(request: FastifyRequest): ApiCallContext {
  return { requestId: request.id, clientAddress: request.ip };
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
