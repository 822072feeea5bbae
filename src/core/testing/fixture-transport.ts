/**
 * The transport of fixture tests: every allowed origin (http or https) is served by the loopback
 * fixture server over plain TCP, and every other origin is refused before a connection is made.
 * Everything above the transport (auth, redirects, retry, masking) is the real engine.
 */
import { connect as netConnect } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { realTimer, type HttpTransport } from '../http/transport';
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
  /** The origins refused since the transport was created or last re-armed (each once, in order). */
  readonly refused: string[];
  /**
   * Sets the next test's allowed origins and virtual time, with a new `refused` list (the previous
   * list is left as it was). The pooled keep-alive connections to the fixture port stay open.
   */
  rearm(options: Pick<FixtureTransportOptions, 'allowedOrigins' | 'time'>): void;
  startTimer(ms: number, fire: () => void): () => void;
}

export function offlineMessage(origin: string): string {
  return `fixture tests are offline: ${origin} is not an origin of this integration`;
}

export function createFixtureTransport(options: FixtureTransportOptions): FixtureTransport {
  let allowed = options.allowedOrigins;
  let time = options.time;
  let refused: string[] = [];
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
  return {
    get refused() {
      return refused;
    },
    dispatcherFor(url: URL): Dispatcher {
      const origin = originOf(url) ?? url.origin;
      if (!allowed.has(origin)) {
        if (!refused.includes(origin)) refused.push(origin);
        throw new Error(offlineMessage(origin));
      }
      return agent;
    },
    // The exchange timeout runs in virtual time when the test has it (a fixture `delay` fires it).
    startTimer(ms, fire) {
      return time ? time.startTimer(ms, fire) : realTimer(ms, fire);
    },
    rearm(next) {
      allowed = next.allowedOrigins;
      time = next.time;
      refused = [];
    },
    async close() {
      await agent.close().catch(() => agent.destroy());
    },
  };
}
