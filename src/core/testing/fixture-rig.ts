/**
 * The loopback fixture server and its transport, started once for a whole file (or run of tests)
 * and re-armed for each test: the test's responses, allowed origins, virtual time, request log and
 * problem list are all per test; only the listening socket and the keep-alive connections to it
 * are shared, and they carry no state of a test.
 */
import { startFixtureServer, type FixtureServer } from './fixture-server';
import { createFixtureTransport, type FixtureTransport } from './fixture-transport';

export interface FixtureRig {
  server: FixtureServer;
  transport: FixtureTransport;
  close(): Promise<void>;
}

export async function startFixtureRig(): Promise<FixtureRig> {
  const server = await startFixtureServer({ responses: [] });
  const transport = createFixtureTransport({ port: server.port, allowedOrigins: new Set() });
  return {
    server,
    transport,
    close: async () => {
      await transport.close();
      await server.close();
    },
  };
}
