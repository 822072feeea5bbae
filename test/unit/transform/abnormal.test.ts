import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface Line {
  name: string;
  kind: string;
  message: string;
  next: unknown;
}

const EXPECTED: Record<string, { kind: string; message?: RegExp }> = {
  'memory: in an async job': { kind: 'memory' },
  'runaway loop after memory': { kind: 'timeout' },
  'runaway loop': { kind: 'timeout' },
  'runaway loop after await': { kind: 'timeout' },
  'throw null': { kind: 'error', message: /^thrown: null$/ },
  'throw a number': { kind: 'error', message: /^thrown: 42$/ },
  'throw a symbol': { kind: 'error', message: /^thrown: Symbol\(s\)$/ },
  'throw a bigint': { kind: 'error', message: /^thrown: 10$/ },
  'throw a promise': { kind: 'error', message: /fulfilled/ },
  'reject with null': { kind: 'error', message: /^thrown: null$/ },
  'stack overflow': { kind: 'stack' },
  'memory: objects': { kind: 'memory' },
  // `console` exists before the script runs (its context is locked down), so a script that
  // catches the out-of-memory error can still log and end normally.
  'memory: console after': { kind: 'ok' },
  'memory: lazy input.json after': { kind: 'memory' },
  'memory: output': { kind: 'memory' },
  'function in the output': { kind: 'marshal' },
  'endless promise chain': { kind: 'timeout' },
  'final runaway loop': { kind: 'timeout' },
};

describe('transform sandbox: abnormal runs leave nothing behind', () => {
  it('prints nothing to stderr (no Aborted, no assertion), says "memory cap" with the cap, and the next run works', function () {
    this.timeout(120_000);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'abnormal-child.ts')], {
      cwd: join(__dirname, '..', '..', '..'),
      encoding: 'utf8',
      timeout: 110_000,
    });
    assert.equal(child.status, 0, `the child failed: ${child.stderr}`);
    assert.doesNotMatch(child.stderr, /Aborted|Assertion|C to host error|RuntimeError/, child.stderr);
    const lines = child.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    assert.deepEqual(lines.map((l) => l.name), Object.keys(EXPECTED));
    for (const line of lines) {
      const want = EXPECTED[line.name];
      assert.equal(line.kind, want.kind, `${line.name}: ${line.message}`);
      if (want.message) assert.match(line.message, want.message, line.name);
      if (want.kind === 'memory') assert.equal(line.message, 'transform ran out of memory: it hit its memory cap of 16 MB (transform.memory)');
      assert.doesNotMatch(line.message, /sandbox failed|Lifetime/, line.name);
      assert.equal(line.next, true, `${line.name}: the next run on the same module failed: ${String(line.next)}`);
    }
  });
});
