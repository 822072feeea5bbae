import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { parseIntegration } from '../../../src/core/parse';
import { setExpectedOutput } from '../../../src/core/testing/update';
import { fakeIO, tempDir, writeFiles } from './helpers';

const HEAD = `# A file with comments that --update must keep.
version: 1
name: upd   # trailing comment
request: { method: GET, url: "https://api.example.com/u" }
transform: |
  return { id: input.json.id, name: input.json.name.toUpperCase(), tags: input.json.tags };
`;

const before = `${HEAD}tests:
  # block output, wrong
  - name: block
    response: { status: 200, body: { id: 1, name: ada, tags: [x, y] } }
    expect:
      ok: true
      output:
        id: 1
        name: Ada   # old
        tags: [x]
      maxDurationMs: 5000   # keep me
  - name: flow
    response: { status: 200, body: { id: 2, name: bob, tags: [] } }
    expect: { ok: true, output: { id: 2, name: bob, tags: [] }, attempts: 1 }
  - name: not only output
    response: { status: 200, body: { id: 3, name: cy, tags: [] } }
    expect: { status: 201, output: { id: 0 } }
  - name: passing
    response: { status: 200, body: { id: 4, name: di, tags: [] } }
    expect: { output: { id: 4, name: DI, tags: [] } }
`;

const after = `${HEAD}tests:
  # block output, wrong
  - name: block
    response: { status: 200, body: { id: 1, name: ada, tags: [x, y] } }
    expect:
      ok: true
      output:
        id: 1
        name: ADA
        tags:
          - x
          - y
      maxDurationMs: 5000   # keep me
  - name: flow
    response: { status: 200, body: { id: 2, name: bob, tags: [] } }
    expect: { ok: true, output: { id: 2, name: BOB, tags: [] }, attempts: 1 }
  - name: not only output
    response: { status: 200, body: { id: 3, name: cy, tags: [] } }
    expect: { status: 201, output: { id: 0 } }
  - name: passing
    response: { status: 200, body: { id: 4, name: di, tags: [] } }
    expect: { output: { id: 4, name: DI, tags: [] } }
`;

describe('ion test --update', () => {
  it('rewrites only the output nodes of tests that fail on output alone, byte for byte elsewhere', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'upd.ion.yaml': before });
    const io = fakeIO(dir);
    const code = await main(['test', '--update'], io);
    assert.equal(code, 1, 'the test that also fails on status still fails');
    assert.equal(readFileSync(join(dir, 'upd.ion.yaml'), 'utf8'), after);
    assert.match(io.stdout, /"block": expect\.output updated\n {2}at \/name: - "Ada" {2}\+ "ADA"\n {2}at \/tags\/1: - \(missing\) {2}\+ "y"/);
    assert.match(io.stdout, /"flow": expect\.output updated\n {2}at \/name: - "bob" {2}\+ "BOB"/);
    assert.doesNotMatch(io.stdout, /"not only output"/);
    assert.match(io.stdout, /3 passed, 1 failed/);

    const again = fakeIO(dir);
    assert.equal(await main(['test'], again), 1);
    assert.match(again.stdout, /3 passed, 1 failed/);
    assert.equal(readFileSync(join(dir, 'upd.ion.yaml'), 'utf8'), after, 'nothing changes without --update');
  });

  it('with a machine reporter the diff goes to stderr and stdout stays one JSON document', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'upd.ion.yaml': before });
    const io = fakeIO(dir);
    await main(['test', '--update', '--reporter', 'json'], io);
    assert.doesNotThrow(() => JSON.parse(io.stdout));
    assert.match(io.stderr, /"block": expect\.output updated/);
  });

  it('inserts output into a flow or block expect, and replaces a scalar', () => {
    const file = (tests: string) => `version: 1\nname: x\nrequest: { method: GET, url: "https://a.example/x" }\ntests:\n${tests}`;
    const flow = parseIntegration(file('  - name: a\n    response: { status: 200 }\n    expect: { ok: true }   # c\n'));
    assert.equal(setExpectedOutput(flow, 0, { a: [1] }), file('  - name: a\n    response: { status: 200 }\n    expect: { ok: true, output: { a: [ 1 ] } }   # c\n'));
    const block = parseIntegration(file('  - name: a\n    response: { status: 200 }\n    expect:\n      ok: true # c\n  - name: b\n    response: { status: 200 }\n    expect: { ok: true }\n'));
    assert.equal(setExpectedOutput(block, 0, { a: 1 }), file('  - name: a\n    response: { status: 200 }\n    expect:\n      ok: true # c\n      output:\n        a: 1\n  - name: b\n    response: { status: 200 }\n    expect: { ok: true }\n'));
    const scalar = parseIntegration(file('  - name: a\n    response: { status: 200 }\n    expect:\n      output: old text # c\n'));
    assert.equal(setExpectedOutput(scalar, 0, 'new: text'), file('  - name: a\n    response: { status: 200 }\n    expect:\n      output: "new: text" # c\n'));
    for (const t of [setExpectedOutput(flow, 0, { a: [1] }), setExpectedOutput(block, 0, { a: 1 })]) {
      const p = parseIntegration(t);
      assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
    }
  });
});

describe('ion test --live --update', () => {
  it('confirms a live test\'s new output by re-running it live', async () => {
    const { startServer, json } = await import('../../helpers/server');
    const server = await startServer((_req, res) => json(res, 200, { id: 9, name: 'zed' }));
    try {
      const dir = await tempDir();
      const text = `version: 1
name: live-upd
request: { url: "${server.origin}/u" }
tests:
  - name: live one
    live: true
    expect: { output: { id: 9, name: old } }
`;
      await writeFiles(dir, { 'live.ion.yaml': text });
      const io = fakeIO(dir);
      const code = await main(['test', '--live', '--update', 'live.ion.yaml'], io);
      assert.equal(code, 0, io.stdout + io.stderr);
      assert.match(readFileSync(join(dir, 'live.ion.yaml'), 'utf8'), /name: zed/);
    } finally {
      await server.close();
    }
  });
});
