import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FileRunLog, formatRunLogLine, readRunLog, readRunLogFile } from '../../../src/core/runlog';

import { entry } from './helpers';

const run = promisify(execFile);


describe('run log: file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ion-runlog-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per run, in the documented field order, creating the folder', async () => {
    const path = join(dir, '.ion', 'deep', 'runs.jsonl');
    const log = new FileRunLog(path);
    await log.append(entry());
    await log.append(entry({ ok: false, status: 429, errorCode: 'rate_limited', attempts: 3 }));
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(Object.keys(JSON.parse(lines[0])), ['ts', 'integration', 'file', 'environment', 'trigger', 'ok', 'status', 'attempts', 'durationMs', 'errorCode']);
    assert.deepEqual(readRunLog(text).entries[1], entry({ ok: false, status: 429, errorCode: 'rate_limited', attempts: 3 }));
  });

  it('never rewrites: what was there stays byte for byte', async () => {
    const path = join(dir, 'runs.jsonl');
    const before = formatRunLogLine(entry({ integration: 'old' }));
    await writeFile(path, before);
    await new FileRunLog(path).append(entry());
    const text = await readFile(path, 'utf8');
    assert.ok(text.startsWith(before));
  });

  it('after a torn last line, starts on a fresh line so only the torn one is lost', async () => {
    const path = join(dir, 'runs.jsonl');
    const whole = formatRunLogLine(entry({ integration: 'a' }));
    await writeFile(path, whole + whole.slice(0, 30));
    await new FileRunLog(path).append(entry({ integration: 'b' }));
    const read = readRunLog(await readFile(path, 'utf8'));
    assert.deepEqual(read.entries.map((e) => e.integration), ['a', 'b']);
    assert.equal(read.skipped, 1);
  });

  it('many concurrent appends from one process never interleave', async () => {
    const path = join(dir, 'runs.jsonl');
    const log = new FileRunLog(path);
    await Promise.all(Array.from({ length: 300 }, (_, i) => log.append(entry({ durationMs: i, file: `${'y'.repeat(3000)}${i}` }))));
    const read = readRunLog(await readFile(path, 'utf8'));
    assert.equal(read.skipped, 0);
    assert.deepEqual(read.entries.map((e) => e.durationMs).sort((a, b) => a - b), Array.from({ length: 300 }, (_, i) => i));
  });

  it('appends from two processes at once never interleave within a line', async () => {
    const path = join(dir, 'runs.jsonl');
    const child = resolve(__dirname, 'append-child.mjs');
    const args = (id: string) => ['--import', 'tsx', child, path, id, '200'];
    await Promise.all([run(process.execPath, args('1')), run(process.execPath, args('2'))]);
    const read = await readRunLogFile(path);
    assert.equal(read.skipped, 0);
    assert.equal(read.entries.length, 400);
    for (const id of ['1', '2']) {
      const mine = read.entries.filter((e) => e.integration === `proc-${id}`);
      assert.equal(mine.length, 200);
      for (const e of mine) assert.ok(e.file.endsWith(`/${id}/${e.durationMs}.ion.yaml`));
    }
  });
});

describe('run log: reading', () => {
  it('skips a torn last line and counts it', () => {
    const text = formatRunLogLine(entry()) + formatRunLogLine(entry({ integration: 'b' })).slice(0, 40);
    const read = readRunLog(text);
    assert.equal(read.entries.length, 1);
    assert.equal(read.skipped, 1);
  });

  it('keeps a complete last line that only lacks its newline', () => {
    const read = readRunLog(formatRunLogLine(entry()).trimEnd());
    assert.equal(read.entries.length, 1);
    assert.equal(read.skipped, 0);
  });

  it('skips malformed lines anywhere and counts them; blank lines and CRLF are fine', () => {
    const good = formatRunLogLine(entry()).trimEnd();
    const text = [
      good,
      'not json',
      '[1,2]',
      '{"ts":"2024-01-01T00:00:00Z"}',
      JSON.stringify({ ...entry(), ok: 'yes' }),
      JSON.stringify({ ...entry(), trigger: 'cron' }),
      JSON.stringify({ ...entry(), ts: 'yesterday' }),
      JSON.stringify({ ...entry(), __proto__: { polluted: true } }),
      '',
      `${good}\r`,
    ].join('\n');
    const read = readRunLog(text);
    assert.equal(read.entries.length, 3);
    assert.equal(read.skipped, 6);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('reads a file by streaming, and a missing file as empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ion-runlog-'));
    try {
      const path = join(dir, 'runs.jsonl');
      const lines = Array.from({ length: 5000 }, (_, i) => formatRunLogLine(entry({ durationMs: i }))).join('');
      await writeFile(path, `${lines}{"ts":"2024`);
      const read = await readRunLogFile(path);
      assert.equal(read.entries.length, 5000);
      assert.equal(read.skipped, 1);
      assert.equal(read.entries[4999].durationMs, 4999);
      assert.deepEqual(await readRunLogFile(join(dir, 'absent.jsonl')), { entries: [], skipped: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
