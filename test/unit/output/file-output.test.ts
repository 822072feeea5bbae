import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, symlink, mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { writeFileOutput, resolveOutputPath } from '../../../src/core/output/file';
import { IonError } from '../../../src/core/errors';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ion-out-'));
}

describe('file output', () => {
  it('appends jsonl lines and creates folders', async () => {
    const dir = await tempDir();
    await writeFileOutput(dir, { type: 'file', path: 'out/a.jsonl', format: 'jsonl' }, { id: 1 });
    await writeFileOutput(dir, { type: 'file', path: 'out/a.jsonl', format: 'jsonl' }, { id: 2 });
    assert.equal(await readFile(join(dir, 'out/a.jsonl'), 'utf8'), '{"id":1}\n{"id":2}\n');
  });

  it('replaces json files atomically, leaving no temp files', async () => {
    const dir = await tempDir();
    await writeFileOutput(dir, { type: 'file', path: 'b.json', format: 'json' }, { v: 1 });
    await writeFileOutput(dir, { type: 'file', path: 'b.json', format: 'json' }, { v: 2 });
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'b.json'), 'utf8')), { v: 2 });
    assert.deepEqual(await readdir(dir), ['b.json']);
  });

  it('never interleaves concurrent appends from two processes', async () => {
    const dir = await tempDir();
    const target = join(dir, 'c.jsonl');
    const big = 'x'.repeat(2000);
    const script = `
      const fs = require('node:fs/promises');
      (async () => { for (let i = 0; i < 200; i++) { const h = await fs.open(${JSON.stringify(target)}, 'a'); await h.write(JSON.stringify({ p: process.argv[1], i, big: ${JSON.stringify(big)} }) + '\\n'); await h.close(); } })();`;
    // The child uses the same single-write O_APPEND technique as writeFileOutput; we also write from this process.
    const child = spawn(process.execPath, ['-e', script, 'child'], { stdio: 'ignore' });
    const done = new Promise((r) => child.on('exit', r));
    for (let i = 0; i < 200; i++) await writeFileOutput(dir, { type: 'file', path: 'c.jsonl' }, { p: 'parent', i, big });
    await done;
    const lines = (await readFile(target, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 400);
    for (const line of lines) assert.equal(JSON.parse(line).big, big);
  });

  for (const bad of ['../escape.jsonl', 'out/../../escape.jsonl', '/etc/passwd']) {
    it(`refuses a path that leaves the folder: ${bad}`, async () => {
      const dir = await tempDir();
      await assert.rejects(resolveOutputPath(dir, bad), (e: unknown) => e instanceof IonError && e.code === 'output_failed');
    });
  }

  it('refuses a symlink inside the folder that points outside', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    await mkdir(join(dir, 'sub'));
    await symlink(outside, join(dir, 'sub', 'link'));
    await assert.rejects(
      writeFileOutput(dir, { type: 'file', path: 'sub/link/x.jsonl' }, 1),
      (e: unknown) => e instanceof IonError && e.code === 'output_failed' && /symbolic link/.test(e.message),
    );
  });
});
