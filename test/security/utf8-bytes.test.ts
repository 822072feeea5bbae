/**
 * Bytes that are not UTF-8 are an `invalid_utf8` error at the first of them (line and column),
 * never silently replaced: `ion validate`, `ion run` and `ion test` read bytes and decode strictly,
 * and so does the core when it reads `transform: { file }`.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main';
import { decodeUtf8 } from '../../src/core/validate';
import { resolveTransformSource } from '../../src/core/transform';
import { parseIntegration } from '../../src/core/parse';
import { fakeIO } from './masking-forms';

const SEED = 20261203;
const GOOD = 'version: 1\nname: bytes\nrequest:\n  url: "http://127.0.0.1:9/x"\n  headers:\n    X-Name: "café"\n';

function withBadByte(text: string, at: number, bytes: number[]): Buffer {
  const b = Buffer.from(text, 'utf8');
  return Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at)]);
}

describe('security: bytes that are not UTF-8', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-utf8-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ion validate reports invalid_utf8 at the line and column of the first bad byte', async () => {
    // Line 6 is `    X-Name: "café"`: the bad byte goes right after `caf` (column 17 in characters).
    const at = Buffer.byteLength(GOOD.slice(0, GOOD.indexOf('café') + 3), 'utf8');
    writeFileSync(join(dir, 'bad.ion.yaml'), withBadByte(GOOD, at, [0xff]));
    const io = fakeIO(dir);
    const code = await main(['validate', 'bad.ion.yaml'], io);
    assert.equal(code, 1, io.stdout + io.stderr);
    assert.match(io.stdout, /^bad\.ion\.yaml:6:17 error invalid_utf8 .*byte 0xFF at line 6, column 17/m);
  });

  it('ion run refuses the file (no request) and ion test reports it as an invalid file', async () => {
    writeFileSync(join(dir, 'run.ion.yaml'), withBadByte(GOOD, Buffer.byteLength(GOOD.slice(0, GOOD.indexOf('café')), 'utf8'), [0xc3, 0x28]));
    const io = fakeIO(dir);
    const code = await main(['run', 'run.ion.yaml', '--json'], io);
    assert.notEqual(code, 0);
    assert.match(io.stdout + io.stderr, /invalid_utf8|not UTF-8/);
    const t = fakeIO(dir);
    await main(['test', 'run.ion.yaml', '--reporter', 'json'], t);
    assert.match(t.stdout, /invalid_utf8/);
  });

  it('a valid file with a BOM and multi-byte text has no invalid_utf8', async () => {
    writeFileSync(join(dir, 'ok.ion.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD, 'utf8')]));
    const io = fakeIO(dir);
    await main(['validate', 'ok.ion.yaml'], io);
    assert.doesNotMatch(io.stdout, /invalid_utf8/);
  });

  it('the position is that of the first bad byte for any text and any invalid sequence (property)', () => {
    const bad = fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf5, 0x80, 0x80, 0x80]);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 20 }), bad, (before, after, seq) => {
        const bytes = Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(seq), Buffer.from(after, 'utf8')]);
        const r = decodeUtf8(bytes);
        assert.equal(r.ok, false);
        if (r.ok) return;
        assert.equal(r.byteOffset, Buffer.byteLength(before, 'utf8'));
        const lines = before.split('\n');
        assert.equal(r.line, lines.length);
        assert.equal(r.column, lines[lines.length - 1].length + 1);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('transform: { file } with bytes that are not UTF-8 is an error at the value', () => {
    writeFileSync(join(dir, 't.js'), withBadByte('return 1;\n', 3, [0xfe]));
    const r = resolveTransformSource(parseIntegration('version: 1\nname: t\nrequest:\n  url: "http://127.0.0.1/"\ntransform: { file: t.js }\n'), dir);
    assert.ok(r && 'error' in r && /not UTF-8.*line 1, column 4/.test(r.error), JSON.stringify(r));
  });
});
