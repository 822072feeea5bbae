import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FileRunLog, formatRunLogLine, readRunLogAll, rotatedRunLogPath, RUN_LOG_KEEP, RUN_LOG_MAX_BYTES } from '../../../src/core/runlog';
import { entry } from './helpers';

const run = promisify(execFile);

describe('run log: rotation', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ion-rotate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates at 50MB (binary) and keeps 5 files by default, named runs.N.jsonl', () => {
    assert.equal(RUN_LOG_MAX_BYTES, 50 * 1024 * 1024);
    assert.equal(RUN_LOG_KEEP, 5);
    assert.equal(rotatedRunLogPath('/a/.ion/runs.jsonl', 3), join('/a/.ion', 'runs.3.jsonl'));
    assert.equal(rotatedRunLogPath('/a/log.txt', 1), join('/a', 'log.txt.1'));
  });

  it('renames runs.jsonl to runs.1.jsonl when a line would pass the size, drops the oldest past 5, and reads back as one log, oldest first', async () => {
    const path = join(dir, 'runs.jsonl');
    const line = formatRunLogLine(entry({ durationMs: 100 }));
    // Three lines a file.
    const log = new FileRunLog(path, { maxBytes: line.length * 3 + 2 });
    for (let i = 100; i < 120; i++) await log.append(entry({ durationMs: i }));
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['runs.1.jsonl', 'runs.2.jsonl', 'runs.3.jsonl', 'runs.4.jsonl', 'runs.5.jsonl', 'runs.jsonl']);
    for (const f of files) assert.ok((await stat(join(dir, f))).size <= line.length * 3 + 2, f);
    const all = await readRunLogAll(path);
    assert.equal(all.skipped, 0);
    // 20 lines = 6 full files + 2; the oldest file (100-102) was dropped: 17 kept, in order.
    assert.deepEqual(all.entries.map((e) => e.durationMs), Array.from({ length: 17 }, (_, i) => i + 103));
    assert.deepEqual(JSON.parse((await readFile(join(dir, 'runs.1.jsonl'), 'utf8')).split('\n')[0]).durationMs, 115);
  });

  it('reads rotated files as one, skipping a torn last line in any of them', async () => {
    const path = join(dir, 'runs.jsonl');
    await writeFile(rotatedRunLogPath(path, 2), formatRunLogLine(entry({ durationMs: 1 })) + formatRunLogLine(entry({ durationMs: 2 })).slice(0, 20));
    await writeFile(rotatedRunLogPath(path, 1), formatRunLogLine(entry({ durationMs: 3 })));
    await writeFile(path, formatRunLogLine(entry({ durationMs: 4 })));
    const all = await readRunLogAll(path);
    assert.deepEqual(all.entries.map((e) => e.durationMs), [1, 3, 4]);
    assert.equal(all.skipped, 1);
    assert.deepEqual((await readRunLogAll(join(dir, 'none.jsonl'))).entries, []);
  });

  it('carries runId, skipped and deprecation through write and read', async () => {
    const path = join(dir, 'runs.jsonl');
    const e = entry({ runId: 'r1', skipped: true, deprecation: { date: '2026-06-30T00:00:00.000Z', message: 'Sunset' } });
    await new FileRunLog(path).append(e);
    assert.deepEqual((await readRunLogAll(path)).entries, [e]);
    const noDate = entry({ deprecation: { message: 'Deprecation: true' } });
    assert.deepEqual((await readRunLogAll(path)).entries.length, 1);
    await new FileRunLog(path).append(noDate);
    assert.deepEqual((await readRunLogAll(path)).entries[1], noDate);
  });

  it('two processes appending while the log rotates lose no line and duplicate none', async function () {
    this.timeout(120_000);
    const path = join(dir, 'runs.jsonl');
    const child = resolve(__dirname, 'rotate-child.mjs');
    const count = 400;
    // ~600 bytes a line, rotated every ~16KB: about 30 rotations; 1000 kept so none is dropped.
    const args = (id: string) => ['--import', 'tsx', child, path, id, String(count), String(16 * 1024), '1000'];
    await Promise.all([run(process.execPath, args('1')), run(process.execPath, args('2'))]);
    const files = await readdir(dir);
    assert.ok(files.length > 10, `rotated ${files.length - 1} times`);
    assert.ok(!files.some((f) => f.endsWith('.lock')), 'no lock left behind');
    const all = await readRunLogAll(path, { keep: 1000 });
    assert.equal(all.skipped, 0);
    assert.equal(all.entries.length, 2 * count);
    for (const id of ['1', '2']) {
      const mine = all.entries.filter((e) => e.integration === `proc-${id}`).map((e) => e.durationMs).sort((a, b) => a - b);
      assert.deepEqual(mine, Array.from({ length: count }, (_, i) => i), `process ${id}: every line once`);
    }
  });
});
