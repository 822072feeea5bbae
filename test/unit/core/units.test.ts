import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DURATION_PATTERN, SIZE_PATTERN, formatBytes, formatSize, parseDuration, parseSize } from '../../../src/core/units';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../../src/core/engine/prepare';
import { TRANSFORM_DEFAULTS } from '../../../src/core/transform';
import { startServer, type TestServer } from '../../helpers/server';
import { runYaml } from '../../helpers/engine';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'integration.schema.json'), 'utf8')) as {
  definitions: Record<string, { pattern: string }>;
};

describe('units: durations and sizes', () => {
  it('the schema checks the grammar the parser reads (one pattern each)', () => {
    assert.equal(schema.definitions.duration.pattern, DURATION_PATTERN);
    assert.equal(schema.definitions.size.pattern, SIZE_PATTERN);
  });

  it('parses durations', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('10s'), 10_000);
    assert.equal(parseDuration(' 1.5 s '), 1500);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration(250), 250);
    assert.equal(parseDuration('10'), undefined);
    assert.equal(parseDuration('fast'), undefined);
    assert.equal(parseDuration(-1), undefined);
  });

  it('parses sizes, binary: 1KB = 1,024 bytes and KiB is the same', () => {
    assert.equal(parseSize('10MB'), 10 * 1024 * 1024);
    assert.equal(parseSize('10MiB'), 10 * 1024 * 1024);
    assert.equal(parseSize('512kb'), 512 * 1024);
    assert.equal(parseSize('1KiB'), 1024);
    assert.equal(parseSize('1.5GB'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('1.15MB'), Math.round(1.15 * 1024 * 1024));
    assert.equal(parseSize('7B'), 7);
    assert.equal(parseSize(42), 42);
    assert.equal(parseSize('lots'), undefined);
    assert.equal(parseSize('10 M'), undefined);
  });

  it('formats sizes with the same units', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1024), '1 KB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(10 * 1024 * 1024), '10 MB');
    assert.equal(formatBytes(1_234_567), '1.2 MB');
    assert.equal(formatBytes(2 * 1024 ** 3), '2 GB');
  });

  it('the defaults read as the file format writes them: 10MB responses, 64MB transforms', () => {
    assert.equal(DEFAULT_MAX_RESPONSE_BYTES, parseSize('10MB'));
    assert.equal(formatSize(DEFAULT_MAX_RESPONSE_BYTES), '10 MB');
    assert.equal(TRANSFORM_DEFAULTS.memoryBytes, parseSize('64MB'));
  });

  it('a limit formatted reads back as the same bytes', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (n) => {
        assert.equal(parseSize(formatSize(n)), n, `${n} -> ${formatSize(n)}`);
      }),
      { seed: 12, numRuns: 1000 },
    );
    // Every setting written in the file format survives format and parse, and reads as written.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1023 }), fc.constantFrom('KB', 'MB', 'GB'), (k, u) => {
        const n = parseSize(`${k}${u}`)!;
        assert.equal(formatSize(n), `${k} ${u}`);
        assert.equal(parseSize(formatSize(n)), n);
      }),
      { seed: 13, numRuns: 300 },
    );
    assert.equal(formatSize(1025), '1025 B');
    assert.equal(formatSize(1536), '1.5 KB');
  });

  it('a size shown for display is exact where it can be, else one decimal', () => {
    for (let n = 0; n < 1024; n++) assert.equal(parseSize(formatBytes(n)), n);
    assert.equal(formatBytes(1025), '1.0 KB');
  });

  describe('the default response cap in a message', () => {
    let server: TestServer;
    afterEach(async () => server?.close());

    it('reads "10 MB", as the README writes the default', async () => {
      server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(11 * 1024 * 1024) });
        res.end();
      });
      const { result } = await runYaml(`version: 1\nname: t\nrequest:\n  url: "${server.origin}/big"\n`);
      assert.equal(result.errors[0]?.code, 'response_too_large');
      assert.match(result.errors[0].message, /the response declares 11 MB, over the 10 MB limit/);
    });
  });
});
