import { strict as assert } from 'node:assert';
import { complete } from '../../../src/core/editor/completion';
import { cursorContext } from '../../../src/core/editor/cursor';
import { expandSnippet } from '../../../src/core/editor/snippet-yaml';
import { parseIntegration } from '../../../src/core/parse';
import { atCursor } from './cursor';

const labels = (marked: string, secretNames: string[] = []) => {
  const { text, offset } = atCursor(marked);
  return complete(text, offset, { secretNames }).map((e) => e.label);
};
const entry = (marked: string, label: string) => {
  const { text, offset } = atCursor(marked);
  const e = complete(text, offset).find((x) => x.label === label);
  assert.ok(e, `no ${label}`);
  return { e, text };
};

describe('editor: completion at | markers', () => {
  it('offers the root keys not yet present, with documentation', () => {
    const got = labels('version: 1\nname: x\nre|\n');
    for (const k of ['request', 'retry', 'auth', 'trigger', 'tests']) assert.ok(got.includes(k), k);
    assert.ok(!got.includes('version') && !got.includes('name'), 'present keys are not offered');
    assert.match(entry('|', 'auth').e.documentation ?? '', /SecretStorage/);
  });

  it('follows the `type` branch: bearer auth offers `token`, not the other kinds\' keys', () => {
    const got = labels('auth:\n  type: bearer\n  |\nrequest:\n  url: https://x.example\n');
    assert.deepEqual(got, ['token']);
    assert.deepEqual(labels('output:\n  to:\n    - type: file\n      |\n'), ['path', 'format']);
  });

  it('knows the item of a list: keys of a test, on the dash line and below it', () => {
    const below = labels('tests:\n  - name: a\n    response: { status: 200 }\n  - name: b\n    |\n');
    assert.ok(below.includes('expect') && below.includes('responses'));
    assert.ok(!below.includes('name'), 'name is already present in this item');
    const dash = labels('tests:\n- name: a\n- |\n');
    assert.ok(dash.includes('name') && dash.includes('expect'));
  });

  it('offers enum values and booleans after `key: `', () => {
    assert.deepEqual(labels('auth:\n  type: |\n'), ['none', 'apiKey', 'bearer', 'basic', 'headers', 'oauth2', 'aws']);
    assert.deepEqual(labels('pattern: pu|'), ['pull', 'push', 'bidirectional', 'event-driven']);
    assert.deepEqual(labels('retry:\n  backoff:\n    jitter: |'), ['full', 'none']);
    assert.deepEqual(labels('request:\n  followRedirects: |'), ['true', 'false']);
    const { e } = entry('pattern: pu|', 'push');
    assert.equal(e.replaceStart, 'pattern: '.length);
    assert.equal(e.replaceEnd, 'pattern: pu'.length);
  });

  it('aws auth offers its keys, request.tls the client certificate keys, with their documentation', () => {
    assert.deepEqual(labels('auth:\n  type: aws\n  |\nrequest:\n  url: https://x.example\n').sort(), ['accessKeyId', 'region', 'secretAccessKey', 'service', 'sessionToken']);
    assert.deepEqual(labels('request:\n  url: https://x.example\n  tls:\n    |\n').sort(), ['ca', 'cert', 'client certificate (mTLS) (tls)', 'key', 'passphrase']);
    assert.match(entry('request:\n  url: https://x.example\n  tls:\n    |\n', 'cert').e.documentation ?? '', /secret/);
  });

  it('inserts a key with its shape: a map opens a block, an enum a choice', () => {
    assert.equal(entry('|', 'request').e.insertText, 'request:\n  $0');
    assert.equal(entry('auth:\n  |', 'type').e.insertText, 'type: ${1|none,apiKey,bearer,basic,headers,oauth2,aws|}');
    assert.equal(entry('|', 'tests').e.insertText, 'tests:\n  - $0');
  });

  it('offers block snippets from defaultSnippets that expand into valid YAML', () => {
    const { e, text } = entry('version: 1\nname: x\nrequest:\n  url: https://api.example.com\n|', 'auth: bearer');
    const out = text + expandSnippet(e.insertText) + '\n';
    const p = parseIntegration(out);
    assert.deepEqual(p.diagnostics.filter((d) => d.severity !== 'information').map((d) => d.message), []);
    assert.equal((p.value?.auth as { type: string }).type, 'bearer');
    // An empty `auth:` map offers the auth bodies themselves.
    assert.ok(labels('auth:\n  |').some((l) => l.startsWith('bearer')));
    assert.ok(labels('|').includes('new integration'));
  });

  it('offers nothing inside a block scalar or after a comment', () => {
    const text = 'transform: |\n  const a = 1;\n  ab\nname: x\n';
    assert.equal(cursorContext(text, text.indexOf('ab') + 2).kind, 'none');
    assert.deepEqual(labels('name: x # re|'), []);
  });

  describe('inside a flow map or list on one line', () => {
    it('offers the values of a key: `auth: { type: | }`', () => {
      assert.deepEqual(labels('auth: { type: | }\n'), ['none', 'apiKey', 'bearer', 'basic', 'headers', 'oauth2', 'aws']);
      assert.deepEqual(labels('auth: { type: be|'), ['none', 'apiKey', 'bearer', 'basic', 'headers', 'oauth2', 'aws'], 'also while the map is still open');
      assert.deepEqual(labels('retry: { backoff: { jitter: | } }\n'), ['full', 'none'], 'in a nested flow map');
      const { text, e } = entry('pattern: pull\nauth: { type: be| }\n', 'bearer');
      assert.equal(text.slice(e.replaceStart, e.replaceEnd), 'be');
    });

    it('offers the keys of the branch the map is in, minus those present (before or after the cursor)', () => {
      assert.deepEqual(labels('auth: { type: bearer, | }\n'), ['token']);
      assert.deepEqual(labels('auth: { |, type: basic }\n'), ['username', 'password']);
      assert.deepEqual(labels('output:\n  to:\n    - { type: file, | }\n'), ['path', 'format']);
      assert.ok(labels('auth: { | }\n').includes('type'));
      const { text, e } = entry('auth: { type: bearer, to| }\n', 'token');
      assert.equal(text.slice(e.replaceStart, e.replaceEnd), 'to');
    });

    it('inserts keys inline, in flow style', () => {
      assert.equal(entry('request: { | }\n', 'url').e.insertText, 'url: $0');
      assert.equal(entry('request: { url: x, | }\n', 'headers').e.insertText, 'headers: { $0 }');
      assert.equal(entry('auth: { | }\n', 'type').e.insertText, 'type: ${1|none,apiKey,bearer,basic,headers,oauth2,aws|}');
      assert.ok(!labels('auth: { | }\n').some((l) => l.startsWith('bearer')), 'no block snippets inside a flow map');
    });

    it('offers nothing after the flow map closes, inside a quoted string, or after a comment', () => {
      assert.deepEqual(labels('auth: { type: bearer } |\n'), []);
      assert.deepEqual(labels('auth: { type: "be|" }\n'), []);
      assert.deepEqual(labels('auth: { type: bearer } # { |\n'), []);
    });
  });

  describe('inside {{ }}', () => {
    const file = (ref: string) =>
      `version: 1\nname: r\ntrigger:\n  type: manual\n  input: { login: octocat }\nenvironments:\n  dev: { baseUrl: "https://a.example", region: eu }\n  acme: { baseUrl: "https://b.example" }\nrequest:\n  url: "${ref}"\ntests:\n  - name: t\n    input: { page: 2 }\n    response: { status: 200 }\n    expect: { ok: true }\n`;

    it('offers the namespaces and the built-ins', () => {
      assert.deepEqual(labels(file('{{ |')), ['input.', 'vars.', 'secret.', 'env.', 'uuid', 'now', 'nowUnix']);
    });
    it('input.: keys of trigger.input and of the tests\' inputs', () => {
      assert.deepEqual(labels(file('{{ input.| }}')), ['login', 'page']);
    });
    it('vars.: keys of every environment, with the value per environment', () => {
      const { text, offset } = atCursor(file('{{ vars.ba|'));
      const items = complete(text, offset);
      assert.deepEqual(items.map((i) => i.label), ['baseUrl', 'region']);
      assert.equal(items[0].detail, 'dev: https://a.example · acme: https://b.example');
      assert.equal(items[1].detail, 'dev: eu · acme: (not defined)');
      assert.equal(items[0].insertText, 'baseUrl }}', 'closes an open reference');
      assert.equal(text.slice(items[0].replaceStart, items[0].replaceEnd), 'ba');
    });
    it('secret.: the names SecretStorage knows (never values), per-environment names folded', () => {
      assert.deepEqual(labels(file('{{ secret.| }}'), ['crm_token', 'crm_token@acme', 'other']), ['crm_token', 'other']);
      const { text, offset } = atCursor(file('{{ secret.| }}'));
      assert.equal(complete(text, offset, { secretNames: ['x'] })[0].insertText, 'x', 'does not close twice');
    });
    it('env.: only ION_ names', () => {
      assert.deepEqual(labels(file('{{ env.| }}')), ['ION_']);
    });
    it('works in a header value and after text', () => {
      assert.ok(labels('request:\n  headers:\n    Authorization: Bearer {{ sec|').includes('secret.'));
    });
  });
});

describe('editor: completion and hover for the OAuth2 sign-in keys (from the schema)', () => {
  it('offers the sign-in grants and their keys, documented', () => {
    const grants = labels('auth:\n  type: oauth2\n  grant: |\n');
    for (const g of ['authorization_code', 'device_code', 'client_credentials', 'refresh_token']) assert.ok(grants.includes(g), g);
    const keys = labels('auth:\n  type: oauth2\n  grant: authorization_code\n  |\n');
    for (const k of ['authorizationUrl', 'authorizationParams', 'redirect', 'deviceAuthorizationUrl', 'tokenTtl', 'refreshToken']) assert.ok(keys.includes(k), k);
    assert.match(entry('auth:\n  type: oauth2\n  grant: authorization_code\n  |\n', 'authorizationUrl').e.documentation ?? '', /code_challenge/);
    assert.match(entry('auth:\n  type: oauth2\n  grant: device_code\n  |\n', 'deviceAuthorizationUrl').e.documentation ?? '', /RFC 8628/);
  });
});
