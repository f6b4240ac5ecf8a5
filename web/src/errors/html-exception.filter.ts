import { STATUS_CODES } from 'node:http';
// Type-only: brings reply.viewAsync(); Nest registers @fastify/view itself (app.setViewEngine).
import type {} from '@fastify/view';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FormRejectedException } from './form-rejected.exception.js';

const TEXTS: Record<number, string> = {
  400: 'The request could not be understood.',
  404: 'There is no page at this address.',
  413: 'That was more than this site accepts in one request.',
  415: 'This site only accepts forms sent by a browser.',
  429: 'You have made many changes in a short time. Please wait a minute, then try again.',
};
const FALLBACK_TEXT = 'Something went wrong on our side. Please try again.';

/** Errors that reach the framework become an HTML page (the site is for browsers), carrying the request id. */
@Catch()
export class HtmlExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HtmlExceptionFilter.name);

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
    }
    if (reply.sent) return;

    const page = {
      title: STATUS_CODES[status] ?? 'Error',
      status,
      text:
        exception instanceof FormRejectedException
          ? exception.message
          : (TEXTS[status] ?? (status >= 500 ? FALLBACK_TEXT : 'The request could not be completed.')),
      requestId: request.id,
    };
    let html: string;
    try {
      html = await reply.viewAsync('error.hbs', page);
    } catch (renderError) {
      this.logger.error(`error page failed to render: ${String(renderError)}`);
      html = `${status} ${page.title}`;
      reply.type('text/plain; charset=utf-8');
    }
    await reply.code(status).send(html);
  }
}
