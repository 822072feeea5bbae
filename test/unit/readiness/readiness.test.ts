import { strict as assert } from 'node:assert';
import { parseIntegration } from '../../../src/core/parse';
import { readinessDiagnostics, readinessOf, readinessQuickFixes, readinessSummary, DOCS_LINK_PLACEHOLDER, SAVE_AS_TEST_COMMAND } from '../../../src/core/readiness';
import { DIAGNOSTIC_CODES } from '../../../src/core/validate/codes';

/** A file that meets every readiness item; each `without*` edit takes exactly one away. */
const FULL = `version: 1
name: crm
environments:
  dev: { baseUrl: "http://127.0.0.1:8787" }
  prod: { baseUrl: "https://api.crm.example.com" }
auth:
  type: bearer
  token: "{{ secret.crm_token }}"
request:
  url: "{{ vars.baseUrl }}/v1/customers/{{ input.id }}"
docs:
  apiDocs: ["https://developer.crm.example.com/customers"]
  rateLimits: 100 requests a minute per token
tests:
  - name: ok
    input: { id: 1 }
    response: { status: 200, body: { data: { id: 1 } } }
    expect: { ok: true }
`;

const withoutAuth = (t: string) => t.replace(/auth:\n {2}type: bearer\n {2}token: "\{\{ secret.crm_token \}\}"\n/, '');
const withoutDocsLink = (t: string) => t.replace('  apiDocs: ["https://developer.crm.example.com/customers"]\n', '');
const withoutEndpoint = (t: string) => t.replace('  prod: { baseUrl: "https://api.crm.example.com" }', '  prod: { host: "api.crm.example.com" }');
const withoutRateLimits = (t: string) => t.replace('  rateLimits: 100 requests a minute per token\n', '');
const withoutPayload = (t: string) => t.replace('    response: { status: 200, body: { data: { id: 1 } } }', '    response: { status: 204 }');

function readiness(text: string) {
  const parsed = parseIntegration(text, { fileName: 'x.ion.yaml' });
  const r = readinessOf(parsed);
  assert.ok(r, 'the file has a value');
  return { parsed, r, missing: r.checks.filter((c) => !c.met).map((c) => c.item) };
}

describe('readiness checklist', () => {
  it('meets 4/4 on a file with auth and a docs link, a URL that resolves everywhere, rate limits and a payload', () => {
    const { r, parsed } = readiness(FULL);
    assert.equal(parsed.hasErrors, false, JSON.stringify(parsed.diagnostics));
    assert.deepEqual(r.checks.map((c) => [c.item, c.met]), [['auth', true], ['endpoints', true], ['rateLimits', true], ['payloadExample', true]]);
    assert.equal(readinessSummary(r), 'readiness 4/4');
    assert.deepEqual(readinessDiagnostics(r), []);
  });

  const flips: Array<[string, (t: string) => string, string]> = [
    ['auth (no auth block)', withoutAuth, 'auth'],
    ['auth (no apiDocs link)', withoutDocsLink, 'auth'],
    ['endpoints', withoutEndpoint, 'endpoints'],
    ['rateLimits', withoutRateLimits, 'rateLimits'],
    ['payloadExample', withoutPayload, 'payloadExample'],
  ];
  for (const [label, edit, item] of flips) {
    it(`misses only ${label} when that one thing is taken away (3/4)`, () => {
      const text = edit(FULL);
      assert.notEqual(text, FULL, 'the edit applies');
      const { r, missing, parsed } = readiness(text);
      assert.deepEqual(missing, [item]);
      assert.equal(r.met, 3);
      const d = readinessDiagnostics(r);
      assert.deepEqual(d.map((x) => [x.code, x.severity]), [[`readiness_${item}`, 'information']]);
      assert.ok(d[0].end > d[0].start, 'the diagnostic has a range');
      assert.ok(Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, d[0].code), 'the code is in the table');
      assert.match(d[0].message, /^Readiness \(3\/4\): /);
      void parsed;
    });
  }

  it('counts 2, 1 and 0 items as they are taken away one after another', () => {
    let text = withoutRateLimits(withoutPayload(FULL));
    assert.equal(readiness(text).r.met, 2);
    text = withoutEndpoint(text);
    assert.equal(readiness(text).r.met, 1);
    text = withoutDocsLink(text);
    const { r, missing } = readiness(text);
    assert.equal(r.met, 0);
    assert.deepEqual(missing, ['auth', 'endpoints', 'rateLimits', 'payloadExample']);
    assert.equal(readinessDiagnostics(r).length, 4);
  });

  it('endpoints: an {{ env.* }} or {{ secret.* }} in the URL is unresolved; {{ input.* }} is the run\'s', () => {
    const env = FULL.replace('"{{ vars.baseUrl }}/v1/customers/{{ input.id }}"', '"https://{{ env.ION_HOST }}/v1/customers"');
    const r = readiness(env);
    assert.deepEqual(r.missing, ['endpoints']);
    assert.match(r.r.checks[1].detail, /env\.ION_HOST/);
    const secret = FULL.replace('"{{ vars.baseUrl }}/v1/customers/{{ input.id }}"', '"{{ secret.crm_url }}"');
    assert.deepEqual(readiness(secret).missing, ['endpoints']);
  });

  it('endpoints: names the environment that lacks the variable', () => {
    const { r } = readiness(withoutEndpoint(FULL));
    assert.match(r.checks[1].detail, /`\{\{ vars\.baseUrl \}\}` is not known in `prod`/);
  });

  it('rateLimits: a `rateLimit:` block counts as well as docs.rateLimits', () => {
    // `rateLimit:` is read from the parsed value, whatever its schema says.
    const text = withoutRateLimits(FULL).replace('docs:\n', 'rateLimit: { requests: 100, per: 1m }\ndocs:\n');
    const { r } = readiness(text);
    assert.equal(r.checks[2].met, true);
  });

  it('payloadExample: a body in any of `responses` counts', () => {
    const text = FULL.replace('    response: { status: 200, body: { data: { id: 1 } } }', '    responses:\n      - { status: 503 }\n      - { status: 200, body: [1, 2] }');
    assert.equal(readiness(text).r.checks[3].met, true);
  });

  it('a push-only webhook: the signature is its auth, the webhook path its endpoint, a test input its payload', () => {
    const text = `version: 1
name: hook
trigger:
  type: webhook
  signature: { scheme: github, secret: "{{ secret.hook_secret }}" }
docs: { apiDocs: ["https://docs.shop.example.com/webhooks"], rateLimits: none (the shop pushes) }
tests:
  - name: event
    input: { type: order.created }
    expect: { ok: true }
`;
    const { r, parsed } = readiness(text);
    assert.equal(parsed.hasErrors, false, JSON.stringify(parsed.diagnostics));
    assert.equal(r.met, 4);
    assert.match(r.checks[1].detail, /\/hooks\/hook/);
  });

  it('a file that is not YAML has no checklist', () => {
    assert.equal(readinessOf(parseIntegration('version: 1\nname: [\n')), undefined);
  });

  describe('quick fixes', () => {
    function fixFor(text: string, code: string) {
      const { parsed, r } = readiness(text);
      const d = readinessDiagnostics(r).find((x) => x.code === code);
      assert.ok(d, `a ${code} diagnostic`);
      return readinessQuickFixes(d, parsed);
    }
    function apply(text: string, edits: Array<{ start: number; end: number; newText: string }>): string {
      let out = text;
      for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
      return out;
    }

    it('"Add an API docs link" adds docs.apiDocs to an existing docs block; the TODO link does not count until replaced', () => {
      const text = withoutDocsLink(FULL);
      const [fix] = fixFor(text, 'readiness_auth');
      assert.equal(fix.title, 'Add an API docs link (docs.apiDocs)');
      const fixed = apply(text, fix.edits);
      const after = readiness(fixed);
      assert.equal(after.parsed.hasErrors, false, JSON.stringify(after.parsed.diagnostics));
      assert.deepEqual(after.parsed.value?.docs?.apiDocs, [DOCS_LINK_PLACEHOLDER]);
      assert.deepEqual(after.missing, ['auth'], 'a placeholder is not a link');
      const real = readiness(fixed.replace(DOCS_LINK_PLACEHOLDER, 'https://developer.crm.example.com/auth'));
      assert.deepEqual(real.missing, []);
    });

    it('"Add an API docs link" adds a docs block when there is none', () => {
      const text = withoutDocsLink(withoutRateLimits(FULL)).replace('docs:\n', '');
      const [fix] = fixFor(text, 'readiness_auth');
      const fixed = apply(text, fix.edits);
      const after = readiness(fixed);
      assert.equal(after.parsed.hasErrors, false, `${fixed}\n${JSON.stringify(after.parsed.diagnostics)}`);
      assert.deepEqual(after.parsed.value?.docs, { apiDocs: [DOCS_LINK_PLACEHOLDER] });
    });

    it('"Declare the rate limits" adds docs.rateLimits', () => {
      const text = withoutRateLimits(FULL);
      const [fix] = fixFor(text, 'readiness_rateLimits');
      const fixed = apply(text, fix.edits);
      const after = readiness(fixed);
      assert.equal(after.parsed.hasErrors, false);
      assert.match(String(after.parsed.value?.docs?.rateLimits), /^TODO/);
      assert.deepEqual(after.missing, ['rateLimits'], 'the TODO text does not count');
      assert.deepEqual(readiness(fixed.replace(/rateLimits: .*/, 'rateLimits: 10 a second')).missing, []);
    });

    it('"Record a payload" runs Save as test and edits nothing', () => {
      const [fix] = fixFor(withoutPayload(FULL), 'readiness_payloadExample');
      assert.deepEqual(fix.edits, []);
      assert.equal(fix.command?.id, SAVE_AS_TEST_COMMAND);
    });
  });
});
