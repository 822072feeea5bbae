import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { parseShard, shardParts, type ShardFile } from '../../../src/core/testing/shard';
import { fakeIO, integration, tempDir, writeFiles } from './helpers';

/** A file of `n` fixture tests named `<prefix> <i>`, all passing. */
function suite(prefix: string, n: number): string {
  let text = integration(`request: { method: GET, url: "{{ vars.baseUrl }}/a" }
tests:
`).replace('name: sample', `name: ${prefix}`);
  for (let i = 0; i < n; i++) text += `  - name: ${prefix} ${i}\n    response: { status: 200, body: { a: ${i} } }\n    expect: { output: { a: ${i} } }\n`;
  return text;
}

describe('ion test --shard', () => {
  it('parseShard: i/n with 1 ≤ i ≤ n, anything else refused with a message', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, total: 3 });
    assert.deepEqual(parseShard('1/1'), { index: 1, total: 1 });
    for (const bad of ['0/2', '3/2', 'x', '1/0', '1', '1/2/3', '-1/2', '1.5/2', '']) assert.throws(() => parseShard(bad), /--shard/, bad);
  });

  it('shards partition the tests exactly: union is all, pairwise disjoint, stable whatever the input order', () => {
    const files: ShardFile[] = [
      { key: 'b/z.ion.yaml', tests: 7 },
      { key: 'a.ion.yaml', tests: 3 },
      { key: 'empty.ion.yaml', tests: 0 },
      { key: 'b/a.ion.yaml', tests: 11 },
    ];
    const items = (parts: ReturnType<typeof shardParts>) => parts.flatMap((p) => (p.whole ? [`${p.key}#file`] : p.tests.map((i) => `${p.key}#${i}`)));
    const all = files.flatMap((f) => (f.tests === 0 ? [`${f.key}#file`] : Array.from({ length: f.tests }, (_, i) => `${f.key}#${i}`)));
    for (const n of [1, 2, 3, 5, 22, 40]) {
      const shards = Array.from({ length: n }, (_, i) => items(shardParts(files, { index: i + 1, total: n })));
      const union = shards.flat();
      assert.equal(union.length, all.length, `n=${n}: no item twice`);
      assert.deepEqual(new Set(union), new Set(all), `n=${n}: every item once`);
      // Balanced: sizes differ by at most one.
      const sizes = shards.map((s) => s.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `n=${n}: ${sizes.join(',')}`);
      // Stable: the same files in another order give the same split.
      const reversed = Array.from({ length: n }, (_, i) => items(shardParts([...files].reverse(), { index: i + 1, total: n })));
      assert.deepEqual(reversed, shards);
    }
    // The assignment itself is fixed (round-robin over the sorted list), not just self-consistent.
    assert.deepEqual(items(shardParts(files, { index: 2, total: 3 })).slice(0, 3), ['a.ion.yaml#1', 'b/a.ion.yaml#1', 'b/a.ion.yaml#4']);
  });

  it('the CLI: each shard runs its part, JUnit names the shard, together they run every test once', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFiles(dir, { 'one.ion.yaml': suite('one', 5), 'sub/two.ion.yaml': suite('two', 4) });
    const seen: string[] = [];
    for (const i of [1, 2, 3]) {
      const io = fakeIO(dir);
      assert.equal(await main(['test', '--reporter', 'junit', '--shard', `${i}/3`], io), 0, io.stderr);
      assert.match(io.stdout, new RegExp(`<testsuites name="ion test \\(shard ${i}/3\\)" tests="3"`));
      assert.match(io.stderr, new RegExp(`shard ${i}/3: 3 of 9 tests`));
      seen.push(...[...io.stdout.matchAll(/<testcase name="([^"]+)"/g)].map((m) => m[1]));
    }
    assert.deepEqual(seen.sort(), [...Array.from({ length: 5 }, (_, i) => `one ${i}`), ...Array.from({ length: 4 }, (_, i) => `two ${i}`)].sort());
  });

  it('a failing test fails only its shard (exit 1); a file error is reported by exactly one shard', async () => {
    const dir = tempDir();
    const failing = suite('f', 2).replace('expect: { output: { a: 1 } }', 'expect: { output: { a: 99 } }');
    writeFiles(dir, { 'a.ion.yaml': failing, 'b.ion.yaml': 'version: 1\nname: [' });
    // Sorted items: a#0 → 1, a#1 → 2, b (file) → 1.
    const one = fakeIO(dir);
    assert.equal(await main(['test', '--reporter', 'json', '--shard', '1/2'], one), 1);
    const r1 = JSON.parse(one.stdout) as { files: { file: string; error?: unknown; tests: { name: string }[] }[] };
    assert.deepEqual(r1.files.map((f) => [f.file, f.tests.map((t) => t.name), Boolean(f.error)]), [['a.ion.yaml', ['f 0'], false], ['b.ion.yaml', [], true]]);
    const two = fakeIO(dir);
    assert.equal(await main(['test', '--reporter', 'json', '--shard', '2/2'], two), 1);
    const r2 = JSON.parse(two.stdout) as { failed: number; files: { file: string; tests: { name: string }[] }[] };
    assert.deepEqual(r2.files.map((f) => [f.file, f.tests.map((t) => t.name)]), [['a.ion.yaml', ['f 1']]]);
  });

  it('a shard with no tests passes with a note', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.ion.yaml': suite('a', 2) });
    const io = fakeIO(dir);
    assert.equal(await main(['test', '--shard', '4/4'], io), 0, io.stderr);
    assert.match(io.stderr, /shard 4\/4 has no tests \(2 in 1 file across 4 shards\)/);
  });

  it('bad values are bad usage (exit 2) with a clear message', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.ion.yaml': suite('a', 1) });
    for (const [argv, message] of [
      [['--shard', '0/2'], /--shard 0\/2: i must be between 1 and 2/],
      [['--shard', '3/2'], /--shard 3\/2: i must be between 1 and 2/],
      [['--shard', 'x'], /--shard must be i\/n, e\.g\. 1\/4 \(got 'x'\)/],
      [['--shard=1/0'], /the number of shards must be at least 1/],
      [['--shard'], /--shard needs a value/],
    ] as const) {
      const io = fakeIO(dir);
      assert.equal(await main(['test', ...argv], io), 2, argv.join(' '));
      assert.match(io.stderr, message);
      assert.equal(io.stdout, '');
    }
  });
});
