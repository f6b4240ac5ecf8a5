import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubServer {
  url: string;
  close(): Promise<void>;
}

/** An "api" that accepts connections and requests but never answers: the slow-api case. */
export async function startSilentServer(): Promise<StubServer> {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
