/** A loopback API for the host tests (node:http on 127.0.0.1, port 0), started inside the extension host. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface Loopback {
  origin: string;
  port: number;
  seen: Seen[];
  /** Resolves with the next request to `path` and holds its response until `release` is called. */
  hold(path: string): Promise<{ release: () => void }>;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * `/users/:login` answers `{ id, login, name }` for any login but `nobody` (404 with a JSON error);
 * other paths 404. `hold(path)` parks one request for cancellation tests.
 */
export async function startLoopback(extra: Record<string, Route> = {}): Promise<Loopback> {
  const seen: Seen[] = [];
  const holds = new Map<string, (h: { release: () => void }) => void>();
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    seen.push({ method: req.method ?? '', url, authorization: req.headers.authorization });
    const path = url.split('?')[0];
    const held = holds.get(path);
    if (held) {
      holds.delete(path);
      req.on('close', () => res.destroy());
      held({ release: () => res.end() });
      return;
    }
    if (extra[path]) return extra[path](req, res);
    const m = /^\/users\/([^/]+)$/.exec(path);
    if (m && m[1] !== 'nobody') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r-1' });
      res.end(JSON.stringify({ id: 7, login: decodeURIComponent(m[1]), name: 'Test User', plan: { name: 'pro', seats: 3 } }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `no user ${m ? m[1] : path}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    hold: (path) => new Promise((resolve) => holds.set(path, resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
