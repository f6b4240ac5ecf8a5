import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Agent, request } from 'undici';
import { WebConfig } from '../config/web-config.js';
import { ApiRejectedError, ApiUnavailableError } from './api-client.errors.js';
import type { ApiCallContext, Message, MessagePage } from './api-client.types.js';

export interface ListMessagesQuery {
  limit: number;
  cursor?: string;
}

interface ApiResponse {
  statusCode: number;
  payload: unknown;
}

/**
 * web's only way to the api. Every call forwards the web request's id as `X-Request-Id`, shares one keep-alive
 * connection pool, and has a hard deadline (`API_TIMEOUT_MS`, ≤ 3 s) covering connect, headers and body, so a
 * dead or hanging api turns into an {@link ApiUnavailableError} in time instead of a hung page.
 */
@Injectable()
export class ApiClient implements OnModuleDestroy {
  private readonly logger = new Logger(ApiClient.name);
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly agent: Agent;

  constructor(config: WebConfig) {
    this.baseUrl = config.apiUrl;
    this.timeoutMs = config.apiTimeoutMs;
    this.agent = new Agent({
      connect: { timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  async listMessages(query: ListMessagesQuery, context: ApiCallContext): Promise<MessagePage> {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    const { payload } = await this.call('GET', `/api/messages?${params}`, context);
    if (!isMessagePage(payload)) throw this.badResponse('GET /api/messages');
    return payload;
  }

  async createMessage(
    content: string,
    idempotencyKey: string | undefined,
    context: ApiCallContext,
  ): Promise<Message> {
    const headers: Record<string, string> =
      idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey };
    const { payload } = await this.call('POST', '/api/messages', context, { content }, headers);
    if (!isMessage(payload)) throw this.badResponse('POST /api/messages');
    return payload;
  }

  async deleteMessage(id: string, context: ApiCallContext): Promise<void> {
    await this.call('DELETE', `/api/messages/${encodeURIComponent(id)}`, context);
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  private async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    context: ApiCallContext,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const headers: Record<string, string> = {
      ...extraHeaders,
      accept: 'application/json',
      'x-request-id': context.requestId,
      'x-forwarded-for': context.clientAddress,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await request(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.agent,
        signal,
      });
      const text = await response.body.text();
      const payload = text === '' ? undefined : parseJson(text);
      if (response.statusCode >= 500) {
        throw new ApiUnavailableError(
          'server-error',
          `api answered ${method} ${path} with ${response.statusCode}: ${errorMessages(payload).join('; ')}`,
        );
      }
      if (response.statusCode >= 400) throw new ApiRejectedError(response.statusCode, errorMessages(payload));
      if (response.statusCode >= 300) throw this.badResponse(`${method} ${path} (${response.statusCode})`);
      return { statusCode: response.statusCode, payload };
    } catch (error) {
      throw this.mapError(error, method, path, signal);
    }
  }

  private mapError(error: unknown, method: string, path: string, signal: AbortSignal): Error {
    if (error instanceof ApiRejectedError) return error;
    const mapped =
      error instanceof ApiUnavailableError
        ? error
        : signal.aborted || isUndiciTimeout(error)
          ? new ApiUnavailableError(
              'timeout',
              `api did not answer ${method} ${path} within ${this.timeoutMs} ms`,
              {
                cause: error,
              },
            )
          : new ApiUnavailableError(
              'unreachable',
              `api unreachable for ${method} ${path}: ${describe(error)}`,
              {
                cause: error,
              },
            );
    this.logger.warn(mapped.message);
    return mapped;
  }

  private badResponse(what: string): ApiUnavailableError {
    return new ApiUnavailableError('bad-response', `api sent an unexpected response to ${what}`);
  }
}

const UNDICI_TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function isUndiciTimeout(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    UNDICI_TIMEOUT_CODES.has(String((error as { code?: unknown }).code))
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} ${error.message}` : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `message` of the api's error shape `{ statusCode, error, message: string | string[], requestId }`. */
function errorMessages(payload: unknown): string[] {
  const message = (payload as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return [message];
  if (Array.isArray(message)) return message.filter((item): item is string => typeof item === 'string');
  return [];
}

function isMessage(value: unknown): value is Message {
  const message = value as Partial<Message> | null | undefined;
  return (
    typeof message?.id === 'string' &&
    typeof message.content === 'string' &&
    typeof message.createdAt === 'string'
  );
}

function isMessagePage(value: unknown): value is MessagePage {
  const page = value as Partial<MessagePage> | null | undefined;
  return (
    Array.isArray(page?.items) &&
    (page.nextCursor === null || typeof page.nextCursor === 'string') &&
    page.items.every(isMessage)
  );
}
