import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { UsageError } from '../../../src/cli/args';
import { demoBanner, parseDemoArgs, runDemoCli } from '../../../src/demo/cli';
import { startDemoServer } from '../../../src/demo/server';
import { Client } from './helpers';

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('demo server CLI', () => {
  it('parses --port (default 8787) and --quiet; bad usage is a UsageError', () => {
    assert.deepEqual(parseDemoArgs([]), { port: 8787, quiet: false });
    assert.deepEqual(parseDemoArgs(['--port', '0', '--quiet']), { port: 0, quiet: true });
    assert.deepEqual(parseDemoArgs(['--port=9000']), { port: 9000, quiet: false });
    for (const bad of [['--port', 'x'], ['--port', '70000'], ['--port', '-1'], ['--nope'], ['extra'], ['--help']]) {
      assert.throws(() => parseDemoArgs(bad), UsageError, bad.join(' '));
    }
  });

  it('prints the URL and an export line per demo secret', () => {
    const text = demoBanner('http://127.0.0.1:8787');
    assert.match(text, /listening on http:\/\/127\.0\.0\.1:8787/);
    assert.match(text, /^export ION_SECRET_CRM_TOKEN=demo-token$/m);
    assert.match(text, /^export ION_SECRET_INVENTORY_PASSWORD=demo-pass$/m);
    assert.match(text, /^export ION_SECRET_SLACK_WEBHOOK=http:\/\/127\.0\.0\.1:8787\/hooks\/notify$/m);
    assert.match(demoBanner('http://127.0.0.1:9999'), /override baseUrl with http:\/\/127\.0\.0\.1:9999/);
  });

  it('starts on the requested port, logs requests unless --quiet, and reports usage errors with 2', async () => {
    const { io, out } = captureIO();
    const server = await runDemoCli(['--port', '0'], io);
    assert.ok(typeof server !== 'number');
    const client = new Client();
    try {
      await client.call(`${server.url}/v1/customers/42`, { headers: { authorization: 'Bearer demo-token' } });
      assert.ok(out.join('').includes(`Gateway Ion demo API listening on ${server.url}`));
      assert.ok(out.includes('GET /v1/customers/42 → 429\n'));
    } finally {
      await client.close();
      await server.close();
    }
    const bad = captureIO();
    assert.equal(await runDemoCli(['--port', 'abc'], bad.io), 2);
    assert.match(bad.err.join(''), /--port must be a number/);
  });

  it('exits 1 with a hint when the port is in use', async () => {
    const busy = await startDemoServer();
    try {
      const { io, err } = captureIO();
      assert.equal(await runDemoCli(['--port', String(busy.port)], io), 1);
      assert.match(err.join(''), /port \d+ is in use/);
    } finally {
      await busy.close();
    }
  });

  it('main.ts runs until SIGTERM and then exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', '..', 'src', 'demo', 'main.ts'), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const client = new Client();
    try {
      assert.equal((await client.call(`${url}/`)).status, 200);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    } finally {
      await client.close();
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, /SIGTERM: stopping the demo API/);
  });
});
