/**
 * `gatewayIon.demo.start`: the bundled demo API (src/demo, README "Quick start") inside the extension
 * host, on http://127.0.0.1:8787 where the examples' `demo` environment points, until the window
 * closes. It answers on the loopback interface only and checks the public demo credentials
 * (src/demo/credentials.ts). In the build, `import('../../demo/server')` is a split point
 * (esbuild.mjs): dist/demo-api.js, read when the command first runs. Tests pass `{ port: 0 }` and get
 * the URL back.
 */
import * as vscode from 'vscode';
import type * as DemoServerModule from '../../demo/server';

const DEMO_PORT = 8787;

export function registerDemoCommand(context: vscode.ExtensionContext, started: () => void): void {
  let server: DemoServerModule.DemoServer | undefined;
  context.subscriptions.push(
    { dispose: () => void server?.close() },
    vscode.commands.registerCommand('gatewayIon.demo.start', async (options?: { port?: number }): Promise<string | undefined> => {
      if (server) {
        void vscode.window.showInformationMessage(`Gateway Ion: the demo API is running on ${server.url}.`);
        return server.url;
      }
      const port = typeof options?.port === 'number' ? options.port : DEMO_PORT;
      const { startDemoServer } = await import('../../demo/server');
      try {
        server = await startDemoServer({ port });
      } catch (e) {
        const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
        void vscode.window.showWarningMessage(
          inUse
            ? `Gateway Ion: port ${port} is in use; if the demo API already runs there (npm run demo:server), use it.`
            : `Gateway Ion: the demo API could not start: ${(e as Error).message}`,
        );
        return undefined;
      }
      started();
      const url = server.url;
      void vscode.window
        .showInformationMessage(`Gateway Ion: demo API on ${url}. Its bearer token (a public demo value) is demo-token; the examples read it as the secret crm_token.`, 'Store crm_token')
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('gatewayIon.secrets.set', 'crm_token', 'demo-token');
        });
      return url;
    }),
  );
}
