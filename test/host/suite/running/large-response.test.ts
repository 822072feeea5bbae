import { strict as assert } from 'node:assert';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as vscode from 'vscode';
import type { RunResult } from '../../../../src/core/result';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension, workspaceFile } from '../../helpers';
import { startLoopback, type Loopback } from './loopback';

const ITEMS = 150_000;
let body: Buffer | undefined;
function bigRoute(_req: IncomingMessage, res: ServerResponse): void {
  body ??= Buffer.from(JSON.stringify(Array.from({ length: ITEMS }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 1.5, tags: ['a', 'b'], active: i % 2 === 0 }))));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

describe('A large response in the panel (real host)', function () {
  this.timeout(180_000);
  let api: GatewayIonTestApi;
  let server: Loopback;
  const uri = workspaceFile('large.ion.yaml');

  before(async () => {
    api = await activateExtension();
    server = await startLoopback({ '/big': bigRoute });
  });
  after(() => server.close());

  it('a ~12 MB output: the run keeps it whole, the panel is sent its first values and says how many were left out', async () => {
    const result = await vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri, { vars: { baseUrl: server.origin } });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal((result.output as unknown[]).length, ITEMS);
    assert.equal(result.response?.truncated, true);
    const report = await api.panelRendered(uri);
    assert.equal(report.status, 'ok');
    assert.ok(report.sections.includes('output'), report.sections.join(','));
    const note = /… (\d+) more items not shown/.exec(report.text);
    assert.ok(note, `no note of what was left out in the panel text (its end: …${report.text.slice(-300)})`);
    assert.ok(Number(note[1]) > ITEMS - 1000, note[0]);
    const posted = JSON.stringify(api.panelMessages(uri).at(-1));
    assert.ok(posted.length < 2 * 1024 * 1024, `the panel was sent ${posted.length} characters`);
  });
});
