import { createServer } from 'node:net';

/** A port nothing listens on right now (the OS picks it), for a child process that needs a fixed PORT. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port assigned');
  return address.port;
}
