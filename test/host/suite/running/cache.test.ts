import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../../src/core/result';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension } from '../../helpers';
import { startLoopback, type Loopback } from './loopback';

/** README "Caching responses" and "Deprecation and sunset warnings", in the editor. */
describe('Run with cache: and deprecation headers (real host, loopback API)', function () {
  this.timeout(120000);
  let api: GatewayIonTestApi;
  let server: Loopback;
  let dir: string;
  let uri: vscode.Uri;

  before(async () => {
    api = await activateExtension();
    server = await startLoopback({
      '/cached': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', etag: '"c1"', sunset: 'Thu, 31 Dec 2099 23:59:59 GMT', deprecation: '@1767225600' });
        res.end(JSON.stringify({ n: server.seen.length }));
      },
    });
    // A name of its own per launch: the cache lives in the extension's storage between launches.
    dir = mkdtempSync(join(tmpdir(), 'ion-host-cache-'));
    const file = join(dir, `cached-${process.pid}-${Date.now()}.ion.yaml`);
    writeFileSync(file, `version: 1\nname: cached-host\nenvironments:\n  dev: { baseUrl: "http://127.0.0.1:1" }\nrequest:\n  url: "{{ vars.baseUrl }}/cached?run=${Date.now()}"\ncache: { ttl: 1h }\n`);
    uri = vscode.Uri.file(file);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (command: string) => vscode.commands.executeCommand<RunResult>(command, uri, { vars: { baseUrl: server.origin } });
  const hits = () => server.seen.filter((s) => s.url.startsWith('/cached')).length;

  it('the second Run is served from the cache (the panel says so); Run (ignore cache) asks again', async () => {
    const first = await run('gatewayIon.run');
    assert.equal(first.ok, true, JSON.stringify(first.errors));
    assert.equal(first.cache, 'miss');
    assert.equal(hits(), 1);
    assert.equal(first.warnings?.[0]?.code, 'deprecated');
    assert.equal(first.warnings?.[0]?.date, '2099-12-31T23:59:59.000Z');
    let report = await api.panelRendered(uri);
    assert.ok(report.sections.includes('warnings'), report.sections.join(' '));
    assert.match(report.text, /Sunset header/);

    const second = await run('gatewayIon.run');
    assert.equal(second.cache, 'hit');
    assert.deepEqual(second.output, { n: 1 });
    assert.equal(hits(), 1, 'nothing was sent');
    report = await api.panelRendered(uri);
    assert.match(report.text, /from cache/);

    const fresh = await run('gatewayIon.runNoCache');
    assert.equal(fresh.cache, 'miss');
    assert.equal(hits(), 2);
    assert.deepEqual(fresh.output, { n: 2 });
    report = await api.panelRendered(uri);
    assert.doesNotMatch(report.text, /from cache/);
  });
});
