import { strict as assert } from 'node:assert';
import { deprecationLink, deprecationWarning, parseDeprecation, parseSunset } from '../../../src/core/engine/deprecation';
import { runLogEntry } from '../../../src/core/engine/seams';
import { runYaml } from '../../helpers/engine';
import { json, startServer, type TestServer } from '../../helpers/server';

const NOW = Date.UTC(2024, 0, 1);

describe('deprecation: Sunset and Deprecation headers become a warning', () => {
  it('Sunset: an HTTP-date (RFC 8594) becomes ISO 8601', () => {
    assert.equal(parseSunset('Sat, 31 Dec 2044 23:59:59 GMT'), '2044-12-31T23:59:59.000Z');
    assert.equal(parseSunset('Sunday, 06-Nov-94 08:49:37 GMT'), '1994-11-06T08:49:37.000Z');
    assert.equal(parseSunset('soon'), undefined);
    assert.equal(parseSunset('2026'), undefined);
  });

  it('Deprecation: the @epoch structured date (RFC 9745), legacy true and HTTP-date', () => {
    assert.deepEqual(parseDeprecation('@1688169599'), { date: '2023-06-30T23:59:59.000Z' });
    assert.deepEqual(parseDeprecation('true'), {});
    assert.deepEqual(parseDeprecation('?1'), {});
    assert.deepEqual(parseDeprecation('Wed, 11 Nov 2020 23:59:59 GMT'), { date: '2020-11-11T23:59:59.000Z' });
    assert.equal(parseDeprecation('false'), undefined);
    assert.equal(parseDeprecation(undefined), undefined);
  });

  it('the Link with rel deprecation or sunset is named', () => {
    assert.equal(deprecationLink('<https://a.example/next>; rel="next", <https://developer.example.com/deprecation>; rel="deprecation"; type="text/html"'), 'https://developer.example.com/deprecation');
    assert.equal(deprecationLink('<https://a.example/s>; rel=sunset'), 'https://a.example/s');
    assert.equal(deprecationLink('<https://a.example/next>; rel="next"'), undefined);
  });

  it('one warning for both headers, dated by the sunset', () => {
    const w = deprecationWarning({ deprecation: '@1688169599', sunset: 'Sat, 31 Dec 2044 23:59:59 GMT', link: '<https://d.example/v2>; rel="deprecation"' }, NOW);
    assert.equal(w?.code, 'deprecated');
    assert.equal(w?.date, '2044-12-31T23:59:59.000Z');
    assert.match(w!.message, /deprecated since 2023-06-30 \(Deprecation header\) and to be removed on 2044-12-31 \(Sunset header\); see https:\/\/d\.example\/v2/);
    const legacy = deprecationWarning({ deprecation: 'true' }, NOW);
    assert.deepEqual(legacy, { code: 'deprecated', message: 'the API marks this endpoint deprecated (Deprecation header)' });
    assert.equal(deprecationWarning({ 'content-type': 'application/json' }, NOW), undefined);
  });

  describe('in a run', () => {
    let server: TestServer;
    afterEach(async () => server?.close());

    it('the result carries the warning and the run log line its deprecation field', async () => {
      server = await startServer((req, res) => json(res, 200, { ok: true }, { sunset: 'Sat, 31 Dec 2044 23:59:59 GMT', deprecation: '@1688169599' }));
      const { result } = await runYaml(`version: 1\nname: old\nrequest:\n  url: "${server.origin}/v1/users"\n`);
      assert.equal(result.ok, true);
      assert.equal(result.warnings?.length, 1);
      assert.equal(result.warnings![0].code, 'deprecated');
      assert.equal(result.warnings![0].date, '2044-12-31T23:59:59.000Z');
      const entry = runLogEntry(result, 'manual', NOW);
      assert.deepEqual(entry.deprecation, { message: result.warnings![0].message, date: '2044-12-31T23:59:59.000Z' });
    });

    it('no header, no warnings array and no deprecation field', async () => {
      server = await startServer((req, res) => json(res, 200, {}));
      const { result } = await runYaml(`version: 1\nname: new\nrequest:\n  url: "${server.origin}/v2/users"\n`);
      assert.equal(result.warnings, undefined);
      assert.equal(runLogEntry(result, 'manual', NOW).deprecation, undefined);
    });
  });
});
