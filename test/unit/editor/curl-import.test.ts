import { strict as assert } from 'node:assert';
import { CurlImportError, parseCurl } from '../../../src/core/editor/curl-import';
import { curlToIntegration } from '../../../src/core/editor/curl-to-integration';
import { shellWords, ShellSyntaxError } from '../../../src/core/editor/shell-words';
import { parseIntegration } from '../../../src/core/parse';

const problems = (text: string) => parseIntegration(text).diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);

describe('editor: cURL import', () => {
  describe('shell words', () => {
    it('handles quotes, escapes, $\'…\' and line continuations', () => {
      assert.deepEqual(shellWords(`curl 'a b' "c \\"d\\" \\$e" f\\ g $'h\\ti\\x41\\'' \\\n  --x`), ['curl', 'a b', 'c "d" $e', 'f g', "h\tiA'", '--x']);
      assert.deepEqual(shellWords('curl a ^\r\n  b `\n c'), ['curl', 'a', 'b', 'c']);
      assert.deepEqual(shellWords("curl 'it''s'"), ['curl', 'its']);
    });
    it('reports an unclosed quote at its offset', () => {
      assert.throws(() => shellWords(`curl 'abc`), (e: unknown) => e instanceof ShellSyntaxError && e.offset === 5);
      assert.throws(() => shellWords(`curl "abc`), ShellSyntaxError);
    });
  });

  describe('curl options', () => {
    it('-X, repeated -H, --data-raw, --url', () => {
      const r = parseCurl(`curl -X patch --url https://api.example.com/x -H 'A: 1' -H "B: two words" --data-raw '{"a":1}'`);
      assert.equal(r.method, 'PATCH');
      assert.equal(r.url, 'https://api.example.com/x');
      assert.deepEqual(r.headers, [['A', '1'], ['B', 'two words']]);
      assert.deepEqual(r.data, ['{"a":1}']);
    });
    it('combined short flags, attached values, and ignored options', () => {
      const r = parseCurl(`curl -sSL -XPOST -H'X-A: b' -o out.json --compressed https://h.example/p -d a=1 -d b=2`);
      assert.equal(r.method, 'POST');
      assert.deepEqual(r.headers, [['X-A', 'b']]);
      assert.deepEqual(r.data, ['a=1', 'b=2']);
      assert.equal(r.followRedirects, true);
      assert.deepEqual(r.warnings, []);
    });
    it('-G puts the data in the query; no data means GET, data means POST', () => {
      const g = curlToIntegration(parseCurl(`curl -G https://h.example/search --data-urlencode 'q=a b' -d page=2`));
      assert.match(g.text, /method: GET/);
      assert.match(g.text, /query:\n    q: a b\n    page: "2"/);
      assert.equal(parseCurl('curl https://h.example').method, 'GET');
      assert.equal(parseCurl('curl https://h.example -d x=1').method, 'POST');
      assert.equal(parseCurl('curl -I https://h.example').method, 'HEAD');
    });
    it('refuses what is not curl or has no URL', () => {
      assert.throws(() => parseCurl('wget https://x.example'), CurlImportError);
      assert.throws(() => parseCurl('curl -H "A: b"'), /no URL/);
    });
  });

  describe('as an integration', () => {
    it('moves a bearer token into a secret and leaves none in the file', () => {
      const r = curlToIntegration(parseCurl(`curl 'https://api.example.com/v1/users?page=2' \\\n  -H 'Authorization: Bearer sk-live-1234567890abcdef' \\\n  -H 'Accept: application/json'`), { name: 'users' });
      assert.deepEqual(r.secrets.map((s) => [s.name, s.value]), [['users_token', 'sk-live-1234567890abcdef']]);
      assert.ok(!r.text.includes('sk-live'), r.text);
      assert.match(r.text, /auth:\n  type: bearer\n  token: "\{\{ secret\.users_token \}\}"/);
      assert.match(r.text, /url: "\{\{ vars\.baseUrl \}\}\/v1\/users"/);
      assert.match(r.text, /query:\n    page: "2"/);
      assert.deepEqual(problems(r.text), []);
    });
    it('-u becomes basic auth; ?api_key= and X-Api-Key become apiKey auth', () => {
      const basic = curlToIntegration(parseCurl(`curl -u admin:hunter2 https://h.example/a`));
      assert.match(basic.text, /type: basic\n  username: admin\n  password: "\{\{ secret\.h_example_a_password \}\}"/);
      assert.ok(!basic.text.includes('hunter2'));
      const q = curlToIntegration(parseCurl(`curl 'https://h.example/w?q=x&api_key=K123'`));
      assert.match(q.text, /type: apiKey\n  in: query\n  name: api_key/);
      assert.ok(!q.text.includes('K123'));
      const h = curlToIntegration(parseCurl(`curl -H 'x-api-key: K999' https://h.example/w`));
      assert.match(h.text, /type: apiKey\n  in: header\n  name: x-api-key/);
      for (const r of [basic, q, h]) assert.deepEqual(problems(r.text), []);
    });
    it('a Basic header is decoded; other credential headers and fields become secrets', () => {
      const b64 = Buffer.from('me:pw-123').toString('base64');
      const r = curlToIntegration(parseCurl(`curl -H 'Authorization: Basic ${b64}' -H 'Cookie: sid=abc' -H 'X-Session-Token: t0k' https://h.example -d 'user=me&password=pw-123'`));
      assert.match(r.text, /username: me/);
      for (const v of [b64, 'sid=abc', 't0k', 'pw-123']) assert.ok(!r.text.includes(v), `${v} left in ${r.text}`);
      assert.equal(r.secrets.filter((s) => s.value === 'pw-123').length, 1, 'one secret for one value');
      assert.deepEqual(problems(r.text), []);
    });
    it('bodies: JSON → body, urlencoded → form, anything else → text with its Content-Type', () => {
      const json = curlToIntegration(parseCurl(`curl https://h.example/o -H 'Content-Type: application/json' --data-raw '{"id":"A-1","n":[1,2]}'`));
      assert.match(json.text, /body:\n    id: A-1\n    n:\n      - 1\n      - 2\n/);
      const form = curlToIntegration(parseCurl(`curl https://h.example/o -d 'a=1&b=x%20y'`));
      assert.match(form.text, /form:\n    a: "1"\n    b: x y/);
      const text = curlToIntegration(parseCurl(`curl https://h.example/o -H 'Content-Type: text/csv' --data-binary $'a,b\\n1,2'`));
      assert.match(text.text, /Content-Type: text\/csv/);
      assert.equal((parseIntegration(text.text).value?.request as { text: string }).text, "a,b\n1,2");
      const j = curlToIntegration(parseCurl(`curl --json '{"a":1}' https://h.example/j`));
      assert.match(j.text, /Accept: application\/json/);
      for (const r of [json, form, text, j]) assert.deepEqual(problems(r.text), []);
    });
  });
});
