import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatRunLogLine } from '../../../src/core/runlog';
import type { RunLogEntry } from '../../../src/core/result';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const exec = promisify(execFile);

async function ion(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, ['--', CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const SCHEDULED = `version: 1
name: nightly
trigger: { type: schedule, cron: "0 2 * * *", timezone: UTC }
environments:
  prod: { baseUrl: "https://api.example.com" }
request:
  url: "{{ vars.baseUrl }}/sync"
  headers:
    Authorization: "Bearer {{ secret.nightly_token }}"
`;

describe('ion report (the built CLI, a real log)', function () {
  this.timeout(30_000);
  let dir: string;
  const now = Date.now();
  const e = (minutesAgo: number, over: Partial<RunLogEntry> = {}): RunLogEntry => ({
    ts: new Date(now - minutesAgo * 60_000).toISOString(),
    integration: 'nightly',
    file: 'nightly.ion.yaml',
    environment: 'prod',
    trigger: 'schedule',
    ok: true,
    status: 200,
    attempts: 1,
    durationMs: 100,
    errorCode: null,
    ...over,
  });
  before(() => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'ion-report-'));
    writeFileSync(join(dir, 'nightly.ion.yaml'), SCHEDULED);
    mkdirSync(join(dir, '.ion'));
    // Rotated and current files read as one log; a torn last line is skipped.
    writeFileSync(join(dir, '.ion', 'runs.1.jsonl'), formatRunLogLine(e(3 * 1440, { durationMs: 300 })) + formatRunLogLine(e(2 * 1440, { ok: false, status: 503, errorCode: 'server_error', durationMs: 200 })));
    writeFileSync(join(dir, '.ion', 'runs.jsonl'), formatRunLogLine(e(60, { skipped: true })) + formatRunLogLine(e(50)) + '{"ts":"20');
  });

  it('--json prints the documented shape, across rotated files, with attention from the files', async () => {
    const r = await ion(dir, ['report', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { since: string; until: string; integrations: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(report), ['since', 'until', 'integrations']);
    assert.match(report.since, /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    assert.equal(report.integrations.length, 1);
    const i = report.integrations[0];
    for (const k of ['integration', 'environment', 'calls', 'failures', 'errorRate', 'avgMs', 'p50Ms', 'p95Ms', 'lastError', 'perDay', 'errorCodes', 'attention']) assert.ok(k in i, k);
    assert.equal(i.integration, 'nightly');
    assert.equal(i.environment, 'prod');
    assert.equal(i.calls, 3);
    assert.equal(i.failures, 1);
    assert.equal(i.errorRate, 1 / 3);
    assert.equal(i.avgMs, 200);
    assert.equal(i.p50Ms, 200);
    assert.equal(i.p95Ms, 300);
    assert.deepEqual(i.errorCodes, { server_error: 1 });
    assert.equal((i.lastError as { code: string }).code, 'server_error');
    assert.match((i.lastError as { hint: string }).hint, /Retry later/);
    assert.equal((i.perDay as unknown[]).length, 30);
    assert.deepEqual(i.attention, [{ kind: 'secret_missing', message: 'secret nightly_token is not set' }]);
    assert.match(r.stderr, /1 malformed line/);
    // The secret set: nothing missing.
    const set = JSON.parse((await ion(dir, ['report', '--json'], { ION_SECRET_NIGHTLY_TOKEN: 'x' })).stdout) as { integrations: Array<{ attention: unknown[] }> };
    assert.deepEqual(set.integrations[0].attention, []);
  });

  it('without FILE|DIR, a file with no runs in the log is left out (fixtures, samples); named, it is reported', async () => {
    const sub = join(dir, 'fixtures');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'sample.ion.yaml'), 'version: 1\nname: never-run\nrequest:\n  url: "https://api.example.com/x"\n  headers: { X-Key: "{{ secret.sample_key }}" }\n');
    try {
      const byDefault = JSON.parse((await ion(dir, ['report', '--json'])).stdout) as { integrations: Array<{ integration: string }> };
      assert.deepEqual(byDefault.integrations.map((i) => i.integration), ['nightly']);
      const named = JSON.parse((await ion(dir, ['report', '--json', 'fixtures/sample.ion.yaml'])).stdout) as { integrations: Array<{ integration: string; calls: number; attention: Array<{ kind: string }> }> };
      const never = named.integrations.find((i) => i.integration === 'never-run');
      assert.equal(never?.calls, 0);
      assert.deepEqual(never?.attention.map((a) => a.kind), ['secret_missing']);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });

  it('--since 1d narrows the window; the default output is a table with a sparkline', async () => {
    const r = JSON.parse((await ion(dir, ['report', '--json', '--since', '1d'])).stdout) as { integrations: Array<{ calls: number; perDay: unknown[] }> };
    assert.equal(r.integrations[0].calls, 1);
    assert.equal(r.integrations[0].perDay.length, 1);
    const text = await ion(dir, ['report']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /INTEGRATION\s+ENV\s+CALLS/);
    assert.match(text.stdout, /nightly\s+prod\s+3\s+1\s+33\.3%/);
    assert.match(text.stdout, /calls\/day/);
  });

  it('--html FILE writes one self-contained page; --log PATH chooses the log', async () => {
    const r = await ion(dir, ['report', '--html', 'out/report.html', '--log', '.ion/runs.jsonl']);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /nightly/);
    const other = JSON.parse((await ion(dir, ['report', '--json', '--log', 'elsewhere.jsonl', join(dir, 'nightly.ion.yaml')])).stdout) as { integrations: Array<{ calls: number }> };
    assert.equal(other.integrations[0].calls, 0);
  });

  it('bad usage exits 2', async () => {
    assert.equal((await ion(dir, ['report', '--since', 'last week'])).code, 2);
    assert.equal((await ion(dir, ['report', '--nope'])).code, 2);
    assert.equal((await ion(dir, ['report', 'missing-folder'])).code, 2);
  });
});
