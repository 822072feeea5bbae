/**
 * Secrets never reach the transform or a place that cannot be masked: `secret.*` in trigger.input,
 * in a file output's path, or in a URL's scheme, host or port is an error diagnostic at the
 * reference, and `ion run` refuses the file (invalid_file, exit 2, nothing sent).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { parseIntegration } from '../../src/core/parse';
import { DIAGNOSTIC_CODES } from '../../src/core/validate/codes';
import { startServer, type TestServer } from '../helpers/server';
import { fakeIO } from './masking-forms';
import { loadTsxEsm } from '../helpers/cli-io';

const file = (body: string) => `version: 1\nname: p\n${body}`;

function placement(text: string): string[] {
  const p = parseIntegration(text);
  return p.diagnostics.filter((d) => d.code.startsWith('secret_in')).map((d) => `${d.code} ${d.severity} ${text.slice(d.start, d.end)}`);
}

describe('security: where a secret may not go', () => {
  const cases: Array<[string, string, string[]]> = [
    ['trigger.input', 'trigger: { type: manual, input: { t: "{{ secret.tok }}", n: { deep: "x {{ secret.tok }}" } } }\nrequest: { url: "https://a.example.com/" }\n', ['secret_in_input error {{ secret.tok }}', 'secret_in_input error {{ secret.tok }}']],
    ['a file output path', 'request: { url: "https://a.example.com/" }\noutput:\n  to:\n    - { type: file, path: "out/{{ secret.tok }}.json" }\n', ['secret_in_path error {{ secret.tok }}']],
    ['request.url host', 'request: { url: "https://{{ secret.tenant }}.example.com/x" }\n', ['secret_in_origin error {{ secret.tenant }}']],
    ['request.url port', 'request: { url: "https://a.example.com:{{ secret.port }}/x" }\n', ['secret_in_origin error {{ secret.port }}']],
    ['request.url scheme', 'request: { url: "{{ vars.s }}{{ secret.rest }}" }\nenvironments: { dev: { s: "https://" } }\n', ['secret_in_origin error {{ secret.rest }}']],
    ['output.to http url', 'request: { url: "https://a.example.com/" }\noutput:\n  to:\n    - { type: http, url: "https://{{ secret.h }}/hook" }\n', ['secret_in_origin error {{ secret.h }}']],
    ['auth.tokenUrl', 'auth: { type: oauth2, grant: client_credentials, tokenUrl: "https://{{ secret.idp }}/t", clientId: a, clientSecret: "{{ secret.cs }}" }\nrequest: { url: "https://a.example.com/" }\n', ['secret_in_origin error {{ secret.idp }}']],
  ];
  for (const [what, body, expected] of cases) {
    it(`an error at the reference: ${what}`, () => assert.deepEqual(placement(file(body)), expected));
  }

  it('allows a secret in the path, the query, user information, or as the whole URL (a webhook URL)', () => {
    const ok = [
      'request: { url: "https://a.example.com/{{ secret.tok }}?k={{ secret.tok }}" }\n',
      'request: { url: "https://u:{{ secret.pw }}@a.example.com/" }\n',
      'request: { url: "{{ vars.base }}/{{ secret.tok }}" }\nenvironments: { dev: { base: "https://a.example.com" } }\n',
      'request: { url: "https://a.example.com/" }\noutput:\n  to:\n    - { type: http, url: "{{ secret.slack_webhook }}" }\n',
    ];
    for (const body of ok) assert.deepEqual(placement(file(body)), [], body);
  });

  it('each code is documented with its severity', () => {
    for (const code of ['secret_in_input', 'secret_in_path', 'secret_in_origin'] as const) assert.equal(DIAGNOSTIC_CODES[code].severity, 'error');
  });

  describe('ion run refuses the file', function () {
    this.timeout(30_000);
    before(loadTsxEsm);
    let server: TestServer;
    let dir: string;
    before(async () => {
      server = await startServer((_req, res) => void res.end('{}'));
      dir = mkdtempSync(join(tmpdir(), 'ion-place-'));
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('invalid_file (exit 2), nothing sent, the secret never reaches the transform', async () => {
      writeFileSync(
        join(dir, 'p.ion.yaml'),
        file(`trigger: { type: manual, input: { t: "{{ secret.tok }}" } }\nrequest: { url: "${server.origin}/x" }\ntransform:\n  script: "return input.params"\n`),
      );
      const io = fakeIO(dir, { ION_SECRET_TOK: 'Sk7qplacement' });
      assert.equal(await main(['run', 'p.ion.yaml', '--json'], io), 2);
      assert.match(io.stdout, /"code": "invalid_file"/);
      assert.match(io.stdout, /secret_in_input/);
      assert.doesNotMatch(io.stdout, /Sk7qplacement/);
      assert.equal(server.requests.length, 0);
    });

    it('a secret the API echoes back reaches the transform masked (body, json and headers)', async () => {
      const secret = 'Sk7qechoed/value';
      const echo = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-echo': secret });
        res.end(JSON.stringify({ echo: secret, escaped: secret.replace('/', '\\/') }));
      });
      try {
        writeFileSync(
          join(dir, 't.ion.yaml'),
          file(`request: { url: "${echo.origin}/x", headers: { X-K: "{{ secret.tok }}" } }\ntransform: |\n  const rev = (s) => s.split('').reverse().join('');\n  return { a: rev(input.json.echo), b: rev(input.headers['x-echo']), c: rev(input.body) };\n`),
        );
        const io = fakeIO(dir, { ION_SECRET_TOK: secret });
        assert.equal(await main(['run', 't.ion.yaml', '--json'], io), 0, io.stdout);
        const rev = secret.split('').reverse().join('');
        assert.doesNotMatch(io.stdout, new RegExp(rev.slice(0, 8).replace(/[/]/g, '\\/')));
        assert.match(io.stdout, /"a": "\*\*\*"/);
      } finally {
        await echo.close();
      }
    });
  });
});
