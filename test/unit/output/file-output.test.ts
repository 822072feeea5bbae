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

  it('never interleaves concurrent appends from three processes', async () => {
    const dir = await tempDir();
    const target = join(dir, 'c.jsonl');
    const big = 'x'.repeat(2000);
    const count = 300;
    // Two children append through writeFileOutput too (append-child.mjs), started together with this process.
    const children = ['c1', 'c2'].map((id) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'append-child.mjs'), dir, 'c.jsonl', id, String(count), big], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const ready = new Promise<void>((r) => child.stdout.once('data', () => r()));
      const exit = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child ${id} exited ${code}: ${stderr}`)))));
      return { child, ready, exit };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.end('go\n');
    for (let i = 0; i < count; i++) await writeFileOutput(dir, { type: 'file', path: 'c.jsonl' }, { p: 'parent', i, big });
    await Promise.all(children.map((c) => c.exit));
    const lines = (await readFile(target, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 3 * count);
    const seen: Record<string, number[]> = { parent: [], c1: [], c2: [] };
    for (const line of lines) {
      const v = JSON.parse(line) as { p: string; i: number; big: string };
      assert.equal(v.big, big);
      seen[v.p].push(v.i);
    }
    for (const who of Object.keys(seen)) assert.deepEqual(seen[who], Array.from({ length: count }, (_, i) => i), who);
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
