/**
 * Nothing is lost (docs/reference.md#nothing-is-lost): a process killed with SIGKILL in the middle of a
 * burst of run-log appends leaves a log that reads back every run whose append had completed; at
 * most the one line being written is torn (and skipped), and the next writer starts on a fresh line.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FileRunLog, readRunLogFile } from '../../src/core/runlog';

function burstUntilKilled(path: string, completions: number): Promise<number[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'runlog-burst-child.mjs'), path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const completed: number[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      buffer += d;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) completed.push(Number(l));
      if (completed.length >= completions && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') fail(new Error(`the child ended without being killed (${signal}): ${stderr}`));
      else done(completed);
    });
  });
}

describe('security: the run log survives SIGKILL during a burst of appends', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ion-runlog-crash-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const round of [1, 2, 3]) {
    it(`round ${round}: every completed append reads back; at most one torn line; the next append is whole`, async () => {
      const path = join(dir, `runs-${round}.jsonl`);
      const completed = await burstUntilKilled(path, 150 * round);
      assert.ok(completed.length >= 150 * round, `only ${completed.length} appends completed`);
      const read = await readRunLogFile(path);
      const ids = new Set(read.entries.map((e) => e.durationMs));
      const lost = completed.filter((id) => !ids.has(id));
      assert.deepEqual(lost, [], `completed runs missing from the log: ${lost.slice(0, 10).join(', ')}`);
      assert.ok(read.skipped <= 1, `${read.skipped} lines unreadable (only the one being written may be torn)`);
      assert.equal(ids.size, read.entries.length, 'a run appears twice');

      // A new writer after the crash: its line is readable even if the last one was torn.
      await new FileRunLog(path).append({ ...read.entries[0], integration: 'after-crash', durationMs: -1 });
      const again = await readRunLogFile(path);
      assert.equal(again.entries.filter((e) => e.integration === 'after-crash').length, 1);
      assert.equal(again.skipped, read.skipped);
    });
  }
});
