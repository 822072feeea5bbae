import { strict as assert } from 'node:assert';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { quickFixes, type OffsetEdit } from '../../../src/core/editor/quick-fixes';
import { secretNotSetDiagnostics, secretRefs } from '../../../src/core/editor/secret-refs';
import { planStoreSecret } from '../../../src/core/editor/store-secret';
import { parseIntegration } from '../../../src/core/parse';

function apply(text: string, edits: OffsetEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}
const only = (text: string, code: string): Diagnostic => {
  const d = parseIntegration(text).diagnostics.filter((x) => x.code === code);
  assert.equal(d.length, 1, `one ${code} in ${JSON.stringify(parseIntegration(text).diagnostics.map((x) => x.code))}`);
  return d[0];
};
const clean = (text: string) => parseIntegration(text).diagnostics.filter((d) => d.severity !== 'information').map((d) => `${d.code}: ${d.message}`);

const BASE = 'version: 1\nname: q\nenvironments:\n  dev: { baseUrl: "https://api.example.com" }\n';

describe('editor: quick fixes', () => {
  it('an unknown key becomes the nearest valid key', () => {
    const text = `${BASE}request:\n  url: "{{ vars.baseUrl }}"\n  timout: 10s\n`;
    const [fix] = quickFixes(only(text, 'unknown_key'), text);
    assert.equal(fix.title, 'Change to `timeout`');
    assert.deepEqual(clean(apply(text, fix.edits)), []);
  });

  it('a non-ION_ env reference is renamed; a credential-like one can become a secret', () => {
    const text = `${BASE}request:\n  url: "{{ vars.baseUrl }}"\n  headers:\n    X-Tenant: "{{ env.TENANT }}"\n`;
    const fixes = quickFixes(only(text, 'env_not_allowed'), text);
    assert.deepEqual(fixes.map((f) => f.title), ['Rename to `env.ION_TENANT`']);
    const fixed = apply(text, fixes[0].edits);
    assert.match(fixed, /\{\{ env\.ION_TENANT \}\}/);
    assert.deepEqual(clean(fixed), []);

    const cred = `${BASE}request:\n  url: "{{ vars.baseUrl }}"\n  headers:\n    X-Key: "{{ env.GITHUB_TOKEN }}"\n`;
    const two = quickFixes(only(cred, 'env_not_allowed'), cred);
    assert.deepEqual(two.map((f) => f.title), ['Use a secret instead: `secret.github_token`', 'Rename to `env.ION_GITHUB_TOKEN`']);
    assert.equal(two[0].preferred, true);
    for (const f of two) assert.deepEqual(clean(apply(cred, f.edits)), []);

    const leak = `${BASE}request:\n  url: "{{ vars.baseUrl }}"\n  headers:\n    X-Key: "{{ env.ION_SECRET_API_KEY }}"\n`;
    const [s] = quickFixes(only(leak, 'env_not_allowed'), leak);
    assert.match(apply(leak, s.edits), /\{\{ secret\.api_key \}\}/);
  });

  it('a typo in a variable or an enum value is fixed from the suggestion', () => {
    const text = `${BASE}request:\n  method: GTE\n  url: "{{ vars.baseUr }}/x"\n`;
    const diags = parseIntegration(text).diagnostics;
    let fixed = text;
    for (const d of diags.reverse()) for (const f of quickFixes(d, text).slice(0, 1)) fixed = apply(fixed, f.edits);
    assert.deepEqual(clean(fixed), []);
  });

  it('a hard-coded secret offers "Store in SecretStorage" with the suggested name', () => {
    const text = `${BASE}request:\n  url: "{{ vars.baseUrl }}"\n  headers:\n    Authorization: Bearer abc.def.ghi\n`;
    const d = only(text, 'hardcoded_secret');
    const [fix] = quickFixes(d, text);
    assert.equal(fix.command?.id, 'gatewayIon.editing.storeSecret');
    const arg = fix.command?.args[0] as { start: number; end: number; suggestion: string };
    assert.equal(arg.suggestion, 'q_authorization');
    assert.ok(!JSON.stringify(fix).includes('abc.def.ghi'), 'the value is not in the fix');
    const plan = planStoreSecret(text, arg.start, arg.end, 'crm_token');
    assert.ok(plan);
    assert.equal(plan.value, 'abc.def.ghi', 'the scheme stays out of the stored value');
    const fixed = apply(text, [plan.edit]);
    assert.match(fixed, /Authorization: "Bearer \{\{ secret\.crm_token \}\}"\n/);
    assert.ok(!fixed.includes('abc.def.ghi'));
    assert.deepEqual(clean(fixed), []);
  });

  it('stores a quoted auth literal whole and leaves nothing behind', () => {
    const text = `${BASE}auth:\n  type: basic\n  username: admin\n  password: 'hunter2hunter2'   # old\nrequest:\n  url: "{{ vars.baseUrl }}"\n`;
    const d = only(text, 'hardcoded_secret');
    const plan = planStoreSecret(text, d.start, d.end, 'pw');
    assert.equal(plan?.value, 'hunter2hunter2');
    const fixed = apply(text, [plan!.edit]);
    assert.match(fixed, /password: "\{\{ secret\.pw \}\}"   # old/);
    assert.deepEqual(clean(fixed), []);
    assert.equal(planStoreSecret(text, 0, 3, 'x'), undefined, 'no scalar there: nothing to store');
  });

  it('secret_not_set for unknown secret names only, with a "Set secret" fix', () => {
    const text = `${BASE}auth:\n  type: bearer\n  token: "{{ secret.crm_token }}"\nrequest:\n  url: "{{ vars.baseUrl }}"\n  headers: { X-Other: "{{ secret.other }}" }\ntests:\n  - name: "{{ secret.not_a_ref_here }}"\n    expect: { ok: true }\n`;
    const p = parseIntegration(text);
    assert.deepEqual(secretRefs(p.doc, text).map((r) => text.slice(r.start, r.end)), ['secret.crm_token', 'secret.other']);
    const diags = secretNotSetDiagnostics(p, ['crm_token@acme']);
    assert.deepEqual(diags.map((d) => [d.severity, text.slice(d.start, d.end)]), [['information', 'secret.other']]);
    const [fix] = quickFixes(diags[0], text);
    assert.equal(fix.title, 'Set secret other…');
    assert.deepEqual(fix.command, { id: 'gatewayIon.secrets.set', args: ['other'] });
    assert.deepEqual(secretNotSetDiagnostics(parseIntegration('a: [\n'), []), []);
  });

  it('secret_not_set on the refresh token of an authorization_code file: "Sign in" first, then "Set secret"', () => {
    const text = `${BASE}auth:\n  type: oauth2\n  grant: authorization_code\n  authorizationUrl: "https://id.example.com/authorize"\n  tokenUrl: "https://id.example.com/token"\n  clientId: app\n  clientSecret: "{{ secret.cs }}"\n  refreshToken: "{{ secret.app_refresh }}"\nrequest:\n  url: "{{ vars.baseUrl }}"\n`;
    assert.deepEqual(clean(text), []);
    const diags = secretNotSetDiagnostics(parseIntegration(text), []);
    const refresh = diags.find((d) => text.slice(d.start, d.end) === 'secret.app_refresh')!;
    assert.match(refresh.message, /sign in to fill it/);
    const fixes = quickFixes(refresh, text);
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred, f.command?.id]), [
      ['Sign in (Gateway Ion: Sign In)', true, 'gatewayIon.signIn'],
      ['Set secret app_refresh…', false, 'gatewayIon.secrets.set'],
    ]);
    // The client secret is still typed in: no sign-in offered there.
    const cs = diags.find((d) => text.slice(d.start, d.end) === 'secret.cs')!;
    assert.deepEqual(quickFixes(cs, text).map((f) => f.title), ['Set secret cs…']);
  });
});
