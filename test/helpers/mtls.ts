/**
 * An HTTPS server on 127.0.0.1:0 that requires a client certificate signed by the test client CA
 * (test/fixtures/tls/client), and those certificates' PEM texts.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { testTls } from './server';

const DIR = join(__dirname, '..', 'fixtures', 'tls', 'client');
const pem = (name: string) => readFileSync(join(DIR, name), 'utf8');
export const CLIENT_CERT = pem('client-cert.pem');
export const CLIENT_KEY = pem('client-key.pem');
export const CLIENT_KEY_ENCRYPTED = pem('client-key-encrypted.pem');
export const STRANGER_CERT = pem('stranger-cert.pem');
export const STRANGER_KEY = pem('stranger-key.pem');
export const PASSPHRASE = 'test-passphrase';

export interface MtlsServer {
  origin: string;
  /** The CN of the client certificate of each request that reached the handler. */
  seen: string[];
  paths: string[];
  /** Client connections that ended in a TLS error before a request. */
  refused: number;
  close(): Promise<void>;
}

/** HTTPS on 127.0.0.1:0 with `requestCert: true, rejectUnauthorized: true`. */
export async function startMtls(handler?: (path: string, body: string) => { status: number; body: unknown; headers?: Record<string, string> }): Promise<MtlsServer> {
  const seen: string[] = [];
  const paths: string[] = [];
  const state = { refused: 0 };
  const server: Server = createServer({ ...testTls(), ca: pem('ca-cert.pem'), requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      seen.push(String(peer?.subject?.CN ?? ''));
      paths.push(req.url ?? '');
      const out = handler?.(req.url ?? '', Buffer.concat(chunks).toString('utf8')) ?? { status: 200, body: { ok: true } };
      const text = JSON.stringify(out.body);
      res.writeHead(out.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...out.headers });
      res.end(text);
    });
  });
  server.on('tlsClientError', () => (state.refused += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://127.0.0.1:${port}`,
    seen,
    paths,
    get refused() {
      return state.refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

