/** A keep-alive loopback server answering every request with the same 1 KB JSON body. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function body1k(): string {
  const items: Array<{ id: number; name: string; active: boolean }> = [];
  let s = '';
  for (let i = 0; s.length < 1000; i++) {
    items.push({ id: i, name: `item number ${i}`, active: i % 2 === 0 });
    s = JSON.stringify({ data: { id: 42, name: 'María', is_active: true }, items });
  }
  return s;
}

export interface LoopbackServer {
  url: string;
  port: number;
  requests: () => number;
  close(): Promise<void>;
}

export async function startServer(body = body1k()): Promise<LoopbackServer> {
  const buf = Buffer.from(body);
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': buf.length });
      res.end(buf);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
