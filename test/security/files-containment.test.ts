/**
 * Files stay in the integration's folder (README, "Outputs"): no symbolic link at any component of
 * an output path or `transform: { file }`, for every format; never an integration file nor `.ion/`;
 * `--record`/`--update` (writeFileAtomic) replace only the integration file itself, never a link.
 */
import { strict as assert } from 'node:assert';
import { link, mkdir, mkdtemp, readFile, readdir, realpath, rm, symlink, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IonError } from '../../src/core/errors';
import { resolveOutputPath, writeFileAtomic, writeFileOutput } from '../../src/core/output/file';
import { parseIntegration } from '../../src/core/parse';
import { resolveTransformSource } from '../../src/core/transform';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await realpath(await mkdtemp(join(tmpdir(), 'ion-files-')));
  dirs.push(d);
  return d;
}

const refused = (e: unknown) => e instanceof IonError && e.code === 'output_failed' && typeof e.hint === 'string' && e.hint.length > 0;

describe('security: files stay in their folder', () => {
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  for (const format of ['jsonl', 'json'] as const) {
    it(`${format}: a final component that is a link to a file outside is refused, and the outside file is untouched`, async () => {
      const dir = await tempDir();
      const outside = await tempDir();
      const victim = join(outside, 'victim.txt');
      await writeFile(victim, 'precious\n');
      await symlink(victim, join(dir, `out.${format}`));
      await assert.rejects(writeFileOutput(dir, { type: 'file', path: `out.${format}`, format }, { pwned: true }), refused);
      assert.equal(await readFile(victim, 'utf8'), 'precious\n');
      assert.ok((await lstat(join(dir, `out.${format}`))).isSymbolicLink(), 'the link itself is left as it was');
    });

    it(`${format}: a link at a middle component is refused even when it points inside the folder`, async () => {
      const dir = await tempDir();
      await mkdir(join(dir, 'real'));
      await symlink(join(dir, 'real'), join(dir, 'alias'));
      await assert.rejects(writeFileOutput(dir, { type: 'file', path: `alias/x.${format}`, format }, 1), refused);
      assert.deepEqual(await readdir(join(dir, 'real')), []);
    });

    it(`${format}: a dangling link (to a file that does not exist yet, outside) is refused and nothing is created`, async () => {
      const dir = await tempDir();
      const outside = await tempDir();
      await symlink(join(outside, 'new.txt'), join(dir, `d.${format}`));
      await assert.rejects(writeFileOutput(dir, { type: 'file', path: `d.${format}`, format }, 1), refused);
      assert.deepEqual(await readdir(outside), []);
    });
  }

  for (const bad of ['other.ion.yaml', 'sub/x.ion.yml', 'X.ION.YAML', '.ion/runs.jsonl', '.ion', 'a/.ion/b.json', '.ION/runs.jsonl']) {
    it(`refuses an output that targets an integration file or .ion/: ${bad}`, async () => {
      const dir = await tempDir();
      await assert.rejects(resolveOutputPath(dir, bad), refused);
      await assert.rejects(writeFileOutput(dir, { type: 'file', path: bad }, 1), refused);
    });
  }

  it('the same targets are a diagnostic at the path when they are written literally', () => {
    const text = `version: 1
name: o
request:
  url: "https://api.example.com/x"
output:
  to:
    - { type: file, path: ../escape.jsonl }
    - { type: file, path: me.ion.yaml }
    - { type: file, path: .ion/runs.jsonl }
    - { type: file, path: out/fine.jsonl }
`;
    const p = parseIntegration(text);
    const found = p.diagnostics.filter((d) => d.code === 'output_path').map((d) => text.slice(d.start, d.end));
    assert.deepEqual(found, ['../escape.jsonl', 'me.ion.yaml', '.ion/runs.jsonl']);
  });

  it('a normal nested path still works (folders created, no links)', async () => {
    const dir = await tempDir();
    const path = await writeFileOutput(dir, { type: 'file', path: 'out/deep/a.jsonl' }, { id: 1 });
    assert.equal(path, join(dir, 'out', 'deep', 'a.jsonl'));
    assert.equal(await readFile(path, 'utf8'), '{"id":1}\n');
  });

  it('writeFileAtomic (--record, --update) refuses to replace a link and leaves its target alone', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    const real = join(outside, 'real.ion.yaml');
    await writeFile(real, 'version: 1\n');
    await symlink(real, join(dir, 'x.ion.yaml'));
    await assert.rejects(writeFileAtomic(join(dir, 'x.ion.yaml'), 'version: 2\n'), refused);
    assert.equal(await readFile(real, 'utf8'), 'version: 1\n');
    assert.ok((await lstat(join(dir, 'x.ion.yaml'))).isSymbolicLink());
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.ion-tmp')), []);
  });

  it('jsonl: a hard link to a file outside is refused (appending would write through it); json replaces the name only', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    const victim = join(outside, 'victim.txt');
    await writeFile(victim, 'precious\n');
    await link(victim, join(dir, 'out.jsonl'));
    await assert.rejects(writeFileOutput(dir, { type: 'file', path: 'out.jsonl', format: 'jsonl' }, { pwned: true }), refused);
    assert.equal(await readFile(victim, 'utf8'), 'precious\n');
    await link(victim, join(dir, 'out.json'));
    await writeFileOutput(dir, { type: 'file', path: 'out.json', format: 'json' }, { fine: true });
    assert.equal(await readFile(victim, 'utf8'), 'precious\n', 'the atomic replace must not write through the link');
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')), { fine: true });
  });

  it('transform: { file } that is a hard link to a script outside is refused', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    await writeFile(join(outside, 'evil.js'), 'return "outside";');
    await link(join(outside, 'evil.js'), join(dir, 't.js'));
    const yaml = `version: 1\nname: t\nrequest:\n  url: "http://127.0.0.1/"\ntransform: { file: t.js }\n`;
    const linked = resolveTransformSource(parseIntegration(yaml), dir);
    assert.ok(linked && 'error' in linked && /hard link/.test(linked.error), JSON.stringify(linked));
  });

  it('transform: { file } that is a link to a script outside is refused (not read)', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    await writeFile(join(outside, 'evil.js'), 'return "outside";');
    await symlink(join(outside, 'evil.js'), join(dir, 't.js'));
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'ok.js'), 'return 1;');
    await symlink(join(dir, 'real'), join(dir, 'lib'));
    const yaml = (file: string) => `version: 1\nname: t\nrequest:\n  url: "http://127.0.0.1/"\ntransform: { file: ${file} }\n`;
    const linked = resolveTransformSource(parseIntegration(yaml('t.js')), dir);
    assert.ok(linked && 'error' in linked && /symbolic link/.test(linked.error), JSON.stringify(linked));
    const viaFolder = resolveTransformSource(parseIntegration(yaml('lib/ok.js')), dir);
    assert.ok(viaFolder && 'error' in viaFolder && /symbolic link/.test(viaFolder.error), JSON.stringify(viaFolder));
    const plain = resolveTransformSource(parseIntegration(yaml('real/ok.js')), dir);
    assert.ok(plain && !('error' in plain) && plain.script === 'return 1;', JSON.stringify(plain));
  });
});
