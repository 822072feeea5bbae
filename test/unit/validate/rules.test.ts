import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIntegration } from '../../../src/core/parse';
import { ERROR_CODES } from '../../../src/core/errors';
import { checkCron } from '../../../src/core/validate/cron';
import { DIAGNOSTIC_CODES } from '../../../src/core/validate/codes';
import { referencesAllowed } from '../../../src/core/validate/references';
import { allowedKeys, schemaAt } from '../../../src/core/validate/schema-nav';
import { suggest } from '../../../src/core/validate/suggest';
import schema from '../../../schemas/integration.schema.json';

const HEAD = 'version: 1\nname: x\n';

function diags(text: string) {
  const p = parseIntegration(text);
  return p.diagnostics.map((d) => ({ code: d.code, line: p.position(d.start).line, col: p.position(d.start).column, text: text.slice(d.start, d.end), message: d.message, data: d.data, severity: d.severity }));
}

describe('validate: cron', () => {
  const cases: Array<[string, number, string]> = [
    ['60 * * * *', 0, '60'],
    ['* 24 * * *', 1, '24'],
    ['* * 32 * *', 2, '32'],
    ['* * 0 * *', 2, '0'],
    ['* * * 13 *', 3, '13'],
    ['* * * FOO *', 3, 'FOO'],
    ['* * * * 8', 4, '8'],
    ['* * * * MON-FRX', 4, 'MON-FRX'],
    ['*/0 * * * *', 0, '*/0'],
    ['5-1 * * * *', 0, '5-1'],
    ['1,,2 * * * *', 0, '1,,2'],
    ['? * * * *', 0, '?'],
  ];
  for (const [expr, field, text] of cases) {
    it(`\`${expr}\` is wrong in field ${field + 1}, and the message names it`, () => {
      const problems = checkCron(expr);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0].field, field);
      assert.equal(expr.slice(problems[0].start, problems[0].end), text);
      assert.match(problems[0].message, new RegExp(`field ${field + 1} \\(`));
    });
  }
  for (const ok of ['*/15 * * * *', '0 9-17/2 * * MON-FRI', '0 0 1,15 JAN,jul ?', '30 4 * * 0', '0 0 * * 7', '  5 4 * * sun  ']) {
    it(`accepts \`${ok}\``, () => assert.deepEqual(checkCron(ok), []));
  }
  it('says how many fields there are, and translates nicknames', () => {
    assert.match(checkCron('* * * *')[0].message, /has 4/);
    assert.match(checkCron('0 * * * * *')[0].message, /seconds are not supported/);
    assert.match(checkCron('@hourly')[0].message, /`0 \* \* \* \*`/);
  });
  it('marks the wrong field inside the YAML string', () => {
    const d = diags(`${HEAD}trigger: { type: schedule, cron: "0 25 * * *" }\nrequest: { url: "https://a.example" }\n`);
    assert.deepEqual(d.map((x) => [x.code, x.line, x.text]), [['bad_cron', 3, '25']]);
  });
});

describe('validate: references', () => {
  it('knows where references are allowed', () => {
    for (const p of [['request', 'url'], ['request', 'headers', 'A'], ['request', 'query', 'q'], ['request', 'body', 'a', 0], ['request', 'form', 'f'], ['request', 'text'], ['request', 'idempotencyKey'], ['auth', 'token'], ['output', 'to', 0, 'url'], ['trigger', 'input', 'x']]) {
      assert.equal(referencesAllowed(p), true, p.join('.'));
    }
    for (const p of [['request', 'timeout'], ['name'], ['environments', 'dev', 'x'], ['retry', 'maxWait'], ['tests', 0, 'input', 'x'], ['output', 'schema']]) {
      assert.equal(referencesAllowed(p), false, p.join('.'));
    }
  });

  it('names the environments that lack a variable', () => {
    const d = diags(`${HEAD}environments:\n  dev: { a: 1 }\n  qa: { b: 1 }\n  prod: { b: 1 }\nrequest: { url: "https://x.example/{{ vars.a }}" }\n`);
    assert.equal(d.length, 1);
    assert.equal(d[0].code, 'unknown_var');
    assert.match(d[0].message, /environments `qa`, `prod`/);
    assert.equal(d[0].text, 'vars.a');
    assert.deepEqual(d[0].data?.missingIn, ['qa', 'prod']);
  });

  it('checks nested variables and knows input keys from tests', () => {
    const d = diags(`${HEAD}environments:\n  dev: { db: { host: h } }\nrequest: { url: "https://x.example/{{ vars.db.host }}/{{ vars.db.port }}/{{ input.id }}" }\ntests:\n  - name: t\n    input: { id: 1 }\n    response: { status: 200 }\n    expect: { ok: true }\n`);
    assert.deepEqual(d.map((x) => [x.code, x.text]), [['unknown_var', 'vars.db.port']]);
  });

  it('makes an unknown input a warning, not an error', () => {
    const p = parseIntegration(`${HEAD}request: { url: "https://x.example/{{ input.id }}" }\n`);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['unknown_input', 'warning']]);
    assert.equal(p.hasErrors, false);
  });

  it('marks references in block scalars and escaped strings at the whole scalar (a deliberate fallback)', () => {
    const text = `${HEAD}request:\n  url: https://x.example\n  text: |\n    hello {{ nope.x }}\n`;
    const d = diags(text);
    assert.deepEqual(d.map((x) => x.code), ['unknown_namespace']);
    assert.equal(d[0].line, 5); // the block scalar starts at its `|` header
  });
});

describe('validate: positions and fallbacks', () => {
  it('marks a missing key at its parent key; at the root, at the first line', () => {
    const d = diags(`# header\n${HEAD}request:\n  method: GET\n`);
    assert.deepEqual(d.map((x) => [x.code, x.line, x.text]), [['missing_key', 4, 'request']]);
    const r = diags('version: 1\nrequest: { url: "https://x.example" }\n');
    assert.deepEqual(r.map((x) => [x.code, x.line, x.text]), [['missing_key', 1, 'version: 1']]);
  });

  it('marks an empty value at its key', () => {
    const d = diags(`${HEAD}request:\n  url:\n`);
    assert.deepEqual(d.map((x) => [x.code, x.line, x.text]), [['wrong_type', 4, 'url']]);
  });

  it('marks a bad item in a list at the item', () => {
    const d = diags(`${HEAD}request: { url: "https://x.example" }\nvalidate:\n  status: [200, 700]\n`);
    assert.deepEqual(d.map((x) => [x.code, x.line, x.text]), [['out_of_range', 5, '700']]);
  });

  it('keeps the plain value despite schema errors, and hasErrors follows severity', () => {
    const p = parseIntegration(`${HEAD}request: { url: "https://x.example", timeout: soon }\nretyr: {}\n`);
    assert.equal(p.hasErrors, true);
    assert.equal(p.value?.request?.timeout, 'soon');
    const w = parseIntegration(`${HEAD}request: { url: "https://x.example", headers: { Authorization: "Bearer abcdefgh" } }\n`);
    assert.equal(w.hasErrors, false);
    assert.deepEqual(w.diagnostics.map((d) => d.code), ['hardcoded_secret']);
  });

  it('never puts a hardcoded secret in a message', () => {
    const secret = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
    const p = parseIntegration(`${HEAD}auth: { type: bearer, token: ${secret} }\nrequest: { url: "https://x.example", headers: { X-T: ${secret} } }\n`);
    assert.equal(p.diagnostics.length, 2);
    for (const d of p.diagnostics) {
      assert.ok(!d.message.includes(secret) && !JSON.stringify(d.data).includes(secret));
      assert.match(d.message, /store it in SecretStorage and write/);
    }
    assert.equal(p.diagnostics[0].data?.secretName, 'x_token');
  });

  it('still gives no value for a YAML syntax error, and points at its line', () => {
    const p = parseIntegration(`${HEAD}request:\n  url: "https://x.example\n`);
    assert.equal(p.value, undefined);
    assert.equal(p.diagnostics[0].code, 'yaml_syntax');
    assert.equal(p.position(p.diagnostics[0].start).line, 4);
  });
});

describe('validate: schema and codes', () => {
  it('offers `did you mean` for keys, enum values and references', () => {
    assert.equal(suggest('retyr', ['retry', 'request']), 'retry');
    assert.equal(suggest('GTE', ['GET', 'PUT']), 'GET');
    assert.equal(suggest('head', ['headers', 'method']), 'headers');
    assert.equal(suggest('zzz', ['retry']), undefined);
  });

  it('walks the schema through `type` branches (for completion and hover)', () => {
    const root = { auth: { type: 'bearer' }, output: { to: [{ type: 'http' }] } };
    assert.deepEqual(allowedKeys(['auth'], root).sort(), ['token', 'type']);
    assert.ok(allowedKeys(['output', 'to', 0], root).includes('idempotencyKey'));
    assert.match(String(schemaAt(['request', 'timeout'])?.description), /whole exchange/);
    assert.deepEqual(schemaAt(['request', 'timeout'])?.type, ['string', 'number']);
    assert.equal(schemaAt(['auth', 'token'], root)?.type, 'string');
    assert.equal(schemaAt(['request', 'body', 'anything']), undefined);
  });

  it('lists the stable error codes as the values of `expect.error`', () => {
    const s = schema as unknown as { definitions: { test: { properties: { expect: { properties: { error: { enum: string[] } } } } } } };
    assert.deepEqual(s.definitions.test.properties.expect.properties.error.enum, [...ERROR_CODES]);
  });

  it('describes every property of the schema', () => {
    const missing: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const empty = Object.keys(v).length === 0; // `type: {}` restated inside a `then`
          if (!empty && !v.description && !v.$ref) missing.push(`${where}.${k}`);
          walk(v, `${where}.${k}`);
        }
      }
      for (const key of ['items', 'additionalProperties', 'then', 'else', 'allOf', 'definitions']) {
        const c = n[key];
        if (Array.isArray(c)) c.forEach((x, i) => walk(x, `${where}.${key}[${i}]`));
        else if (key === 'definitions' && c) for (const [dk, dv] of Object.entries(c)) walk(dv, `#${dk}`);
        else walk(c, `${where}.${key}`);
      }
    };
    walk(schema, '');
    // A `$ref` property takes the definition's description; the rest must have their own.
    assert.deepEqual(missing, []);
  });

  it('emits only codes listed in DIAGNOSTIC_CODES, with the listed severity', () => {
    const dir = join(__dirname, '../../fixtures/broken');
    const seen = new Set<string>();
    for (const f of readdirSync(dir)) {
      for (const d of parseIntegration(readFileSync(join(dir, f), 'utf8')).diagnostics) {
        const info = (DIAGNOSTIC_CODES as Record<string, { severity: string }>)[d.code];
        assert.ok(info, `code ${d.code} (in ${f}) is not in DIAGNOSTIC_CODES`);
        assert.equal(d.severity, info.severity, `${d.code} severity`);
        seen.add(d.code);
      }
    }
    // The corpus exercises most codes; the size and depth guards are covered by the hostile-input
    // tests, and secret_not_set comes from the editor (it knows SecretStorage), tested in the host;
    // invalid_utf8 needs bytes, not text (test/security/utf8-bytes.test.ts); the readiness_* codes
    // are not the validator's (ion validate --readiness, the editor): test/unit/readiness/.
    const untested = Object.keys(DIAGNOSTIC_CODES).filter((c) => !seen.has(c) && !c.startsWith('readiness_'));
    assert.deepEqual(untested.sort(), ['file_too_large', 'invalid_utf8', 'nesting_limit', 'secret_not_set'].sort());
  });
});
