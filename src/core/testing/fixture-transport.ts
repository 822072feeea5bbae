/**
 * The transport of fixture tests: every allowed origin (http or https) is served by the loopback
 * fixture server over plain TCP, and every other origin is refused before a connection is made.
 * Everything above the transport (auth, redirects, retry, masking) is the real engine.
 */
import { connect as netConnect } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import type { HttpTransport } from '../http/transport';
import { originOf } from '../secrets/origins';
import type { VirtualTime } from './virtual-time';

export interface FixtureTransportOptions {
  /** Port of the fixture server on 127.0.0.1. */
  port: number;
  /** Origins (`scheme://host[:port]`) the test may reach. */
  allowedOrigins: ReadonlySet<string>;
  /** When given, the exchange timeout runs in virtual time. */
  time?: VirtualTime;
}

export interface FixtureTransport extends HttpTransport {
  /** The origins refused so far (each once, in order). */
  readonly refused: string[];
}

export function offlineMessage(origin: string): string {
  return `fixture tests are offline: ${origin} is not an origin of this integration`;
}

export function createFixtureTransport(options: FixtureTransportOptions): FixtureTransport {
  const refused: string[] = [];
  // One agent: whatever the host and protocol, the connection goes to the fixture port in plain
  // TCP (no TLS: the fixture server speaks HTTP/1.1 to every origin, https ones included).
  const agent = new Agent({
    keepAliveTimeout: 1000,
    connect: (_opts, callback) => {
      const socket = netConnect({ host: '127.0.0.1', port: options.port });
      const onError = (err: Error) => callback(err, null);
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        callback(null, socket);
      });
    },
  });
  const transport: FixtureTransport = {
    refused,
    dispatcherFor(url: URL): Dispatcher {
      const origin = originOf(url) ?? url.origin;
      if (!options.allowedOrigins.has(origin)) {
        if (!refused.includes(origin)) refused.push(origin);
        throw new Error(offlineMessage(origin));
      }
      return agent;
    },
    async close() {
      await agent.close().catch(() => agent.destroy());
    },
  };
  if (options.time) transport.startTimer = options.time.startTimer;
  return transport;
}
