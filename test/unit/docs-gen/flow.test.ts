import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { asciiFlow, flowOf, svgFlow } from '../../../src/core/docs';

function ascii(yaml: string): string {
  return asciiFlow(flowOf(parse(yaml)));
}

const REQUEST = 'request: { url: "https://api.example.com/items" }\n';

describe('the flow diagram (ASCII)', () => {
  it('draws the whole chain for a manual pull: trigger -> request (auth, retry) -> validate -> transform -> outputs', () => {
    const text = ascii(`version: 1
name: crm
auth: { type: bearer, token: "{{ secret.t }}" }
request: { method: GET, url: "https://api.example.com/c", timeout: 10s }
retry: { maxAttempts: 3, on: [429, 503], backoff: { initial: 500ms, max: 10s } }
validate: { status: [200], response: { type: object } }
transform: "return input.json"
output: { to: [{ type: file, path: out/c.jsonl }] }
`);
    assert.equal(
      text,
      [
        '[manual] on demand: Run in VS Code, ion run',
        '  -> [request] GET https://api.example.com/c',
        '               auth: bearer token',
        '               retry: up to 3 attempts on 429, 503 (backoff 500ms to 10s)',
        '               timeout: 10s',
        '  -> [validate] status 200',
        '                body against validate.response',
        '  -> [transform] inline script',
        '  -> [outputs] one target',
        '       -> [file] out/c.jsonl',
        '                 jsonl: appends a line',
        '',
      ].join('\n'),
    );
  });

  it('every stage is joined by an arrow', () => {
    const text = ascii(`version: 1\nname: x\n${REQUEST}`);
    assert.equal(text.match(/^ {2}-> \[/gm)?.length, 4);
  });

  const triggers: Array<[string, string, RegExp[]]> = [
    ['manual (no trigger)', REQUEST, [/^\[manual\] on demand: Run in VS Code/m]],
    ['manual with input', `trigger: { type: manual, input: { id: 1, q: x } }\n${REQUEST}`, [/^\[manual\]/m, /input: id, q/]],
    ['schedule', `trigger: { type: schedule, cron: "0 8 * * 1-5", timezone: Europe/Lisbon }\n${REQUEST}`, [/^\[schedule\] cron "0 8 \* \* 1-5"$/m, /time zone Europe\/Lisbon/]],
    ['schedule in local time', `trigger: { type: schedule, cron: "*/5 * * * *" }\n${REQUEST}`, [/^\[schedule\]/m, /local time/]],
    ['webhook with a request', `trigger: { type: webhook, path: /hooks/p, signature: { scheme: github, secret: "{{ secret.s }}" } }\n${REQUEST}`, [/^\[webhook\] POST \/hooks\/p$/m, /signed \(github\)/, /-> \[request\] GET https:\/\/api\.example\.com\/items/]],
    ['webhook without a request', 'trigger: { type: webhook }\n', [/^\[webhook\] POST \/hooks\/x$/m, /unsigned/, /-> \[event\] the webhook body is the input/, /the event is not checked/]],
  ];
  for (const [label, body, expected] of triggers) {
    it(`draws the trigger: ${label}`, () => {
      const text = ascii(`version: 1\nname: x\n${body}`);
      for (const re of expected) assert.match(text, re, text);
    });
  }

  const outputs: Array<[string, string, RegExp[]]> = [
    ['none', '', [/-> \[outputs\] none: the result only/]],
    ['file jsonl', 'output: { to: [{ type: file, path: out/a.jsonl }] }\n', [/ {7}-> \[file\] out\/a\.jsonl\n {17}jsonl: appends a line/]],
    ['file json', 'output: { to: [{ type: file, path: out/a.json, format: json }] }\n', [/-> \[file\] out\/a\.json\n {17}json: replaces the file/]],
    ['http', 'output: { schema: { type: object }, to: [{ type: http, url: "{{ secret.hook }}", method: PUT }] }\n', [/checked against output\.schema/, /-> \[http\] PUT \{\{ secret\.hook \}\}/]],
    ['file and http', 'output: { to: [{ type: file, path: out/a.jsonl }, { type: http, url: "https://h.example.com/x" }] }\n', [/\[outputs\] 2 targets/, /-> \[file\]/, /-> \[http\] POST https:\/\/h\.example\.com\/x/]],
  ];
  for (const [label, body, expected] of outputs) {
    it(`draws the output: ${label}`, () => {
      const text = ascii(`version: 1\nname: x\n${REQUEST}${body}`);
      for (const re of expected) assert.match(text, re, text);
    });
  }

  it('names each auth kind and a missing retry', () => {
    const kinds: Array<[string, RegExp]> = [
      ['{ type: apiKey, in: query, name: key, value: "{{ secret.k }}" }', /auth: API key in the query parameter key/],
      ['{ type: basic, username: u, password: "{{ secret.p }}" }', /auth: basic/],
      ['{ type: headers, headers: { X-A: "{{ secret.a }}" } }', /auth: custom headers \(X-A\)/],
      ['{ type: oauth2, grant: client_credentials, tokenUrl: "https://a.example.com/t", clientId: c, clientSecret: "{{ secret.s }}" }', /auth: OAuth2 client_credentials \(token from https:\/\/a\.example\.com\/t\)/],
      ['{ type: none }', /auth: none/],
    ];
    for (const [auth, re] of kinds) assert.match(ascii(`version: 1\nname: x\nauth: ${auth}\n${REQUEST}`), re);
    assert.match(ascii(`version: 1\nname: x\n${REQUEST}`), /retry: one attempt \(no retry block\)/);
  });
});

describe('the flow diagram (SVG)', () => {
  it('draws one box per stage and per output target, with arrows, and escapes every text', () => {
    const svg = svgFlow(flowOf(parse(`version: 1\nname: x\nrequest: { url: "https://a.example.com/?b=<script>" }\noutput: { to: [{ type: file, path: "out/<b>.jsonl" }, { type: http, url: "https://h.example.com" }] }\n`)));
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.equal(svg.match(/<rect /g)?.length, 7, '5 stages + 2 targets');
    assert.equal(svg.match(/<line /g)?.length, 6, '4 between stages + 2 to targets');
    assert.ok(!svg.includes('<script'), 'no markup from the file');
    assert.ok(!svg.includes('<b>'));
    assert.ok(svg.includes('?b=&lt;script&gt;'), svg);
    assert.ok(svg.includes('out/&lt;b&gt;.jsonl'), svg);
    assert.match(svg, /<title>manual → request → validate → transform → outputs → file, http<\/title>/);
  });
});
