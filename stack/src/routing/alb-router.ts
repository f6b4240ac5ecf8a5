import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createProxyServer } from 'http-proxy-3';
import { type AlbRoute, matchRoute } from './manifest-routes.js';

export interface AlbRouterOptions {
  routes: AlbRoute[];
  /** Base URL per service name, e.g. `{ api: 'http://127.0.0.1:3000' }`. */
  targets: Record<string, string>;
}

/**
 * A local stand-in for the production Application Load Balancer: same rules, same headers. The path reaches
 * the service unmodified (Copilot does not strip prefixes), Host is kept, X-Forwarded-For is appended to, and
 * X-Forwarded-Proto/Port describe the listener, as the ALB does.
 */
export function createAlbRouter({ routes, targets }: AlbRouterOptions): Server {
  for (const route of routes) {
    if (!targets[route.service]) throw new Error(`no local target for service '${route.service}'`);
  }
  const proxy = createProxyServer({ xfwd: false, changeOrigin: false, proxyTimeout: 60_000 });

  const server = createServer((req, res) => {
    const route = matchRoute(routes, req.url ?? '/');
    if (!route) return sendPage(res, 404, 'Not Found', 'No listener rule matches this path.');
    const target = targets[route.service];
    addAlbHeaders(req, listenerPort(server));
    proxy.web(req, res, { target }, (error) => {
      if (res.headersSent) return res.destroy();
      sendPage(
        res,
        502,
        'Bad Gateway',
        `The ${route.service} service at ${target} is not answering (${describe(error)}).`,
      );
    });
  });
  server.on('close', () => proxy.close());
  return server;
}

function addAlbHeaders(req: IncomingMessage, port: number): void {
  const clientIp = req.socket.remoteAddress ?? '';
  const forwardedFor = req.headers['x-forwarded-for'];
  req.headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${clientIp}` : clientIp;
  req.headers['x-forwarded-proto'] = 'http';
  req.headers['x-forwarded-port'] = String(port);
  req.headers['x-amzn-trace-id'] ??= traceId();
}

/** The format the ALB uses: Root=1-<epoch seconds, hex>-<96 random bits, hex>. */
function traceId(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}

function listenerPort(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

function sendPage(res: ServerResponse, status: number, title: string, detail: string): void {
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${status} ${title}</title></head>
<body>
<h1>${status} ${title}</h1>
<p>${escapeHtml(detail)}</p>
<p>Local router of <code>yarn dev</code>; the service may still be starting — watch its [prefix] in the terminal.</p>
</body>
</html>
`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
