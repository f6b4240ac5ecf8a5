import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { type AwsAnswer, type AwsCall, answerAwsCall, UnknownAwsCall } from './aws-answers.js';
import type { Certificates } from './certificates.js';
import type { RenderFixture } from './fixture.js';

export interface StandIn {
  /** `http://127.0.0.1:<port>`: HTTPS_PROXY for the copilot process. */
  proxyUrl: string;
  calls: AwsCall[];
  /** Calls the stand-in did not know (each also answered with a 400 naming it). */
  unknown: string[];
  close(): Promise<void>;
}

const SERVICE_HOST = /^(ssm|sts|cloudformation)\.([a-z0-9-]+\.)?amazonaws\.com$/;

/**
 * A stand-in for the AWS APIs Copilot's package commands call, reached the only way aws-sdk-go v1 allows: as an
 * HTTPS proxy. It answers CONNECT itself and terminates TLS with a certificate of the throwaway CA the copilot
 * process trusts through AWS_CA_BUNDLE; nothing is forwarded anywhere.
 */
export async function startStandIn(fixture: RenderFixture, certificates: Certificates): Promise<StandIn> {
  const calls: AwsCall[] = [];
  const unknown: string[] = [];
  const tls = createHttpsServer(
    { key: certificates.serverKey, cert: certificates.serverCert },
    (request, response) => {
      void handle(request, response);
    },
  );

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const host = String(request.headers.host ?? '').replace(/:443$/, '');
    let answer: AwsAnswer;
    try {
      const call = parseCall(host, request, body);
      calls.push(call);
      answer = answerAwsCall(fixture, call);
    } catch (error) {
      if (!(error instanceof UnknownAwsCall)) throw error;
      const message = `stand-in AWS: unknown call ${host} ${error.message}`;
      unknown.push(message);
      process.stderr.write(`${message}\n`);
      answer = { status: 400, contentType: 'text/plain', body: message };
    }
    response.writeHead(answer.status, { 'content-type': answer.contentType });
    response.end(answer.body);
  }

  const proxy: Server = createHttpServer((request, response) => {
    const message = `stand-in AWS: unknown plain HTTP request ${request.method} ${request.url}`;
    unknown.push(message);
    process.stderr.write(`${message}\n`);
    response.writeHead(400).end(message);
  });
  proxy.on('connect', (request: IncomingMessage, socket: Socket) => {
    const [host] = String(request.url).split(':');
    if (!SERVICE_HOST.test(host ?? '')) {
      const message = `stand-in AWS: unknown host ${request.url}`;
      unknown.push(message);
      process.stderr.write(`${message}\n`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    tls.emit('connection', socket);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    proxyUrl: `http://127.0.0.1:${port}`,
    calls,
    unknown,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

function parseCall(host: string, request: IncomingMessage, body: string): AwsCall {
  const service = SERVICE_HOST.exec(host)?.[1];
  if (!service) throw new UnknownAwsCall(`to an unknown host: ${request.method} ${request.url}`);
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
    const params = Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
    return { host, operation: `${service}:${target.split('.').at(-1)}`, params };
  }
  const form = Object.fromEntries(new URLSearchParams(body));
  const { Action, Version, ...params } = form;
  if (!Action) throw new UnknownAwsCall(`without an Action: ${request.method} ${request.url} ${body}`);
  return { host, operation: `${service}:${Action}`, params };
}
