import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandSnippet, bodyToYaml } from '../../../src/core/editor/snippet-yaml';
import { parseIntegration } from '../../../src/core/parse';
import { SCHEMA_ROOT, schemaAt } from '../../../src/core/validate/schema-nav';

interface Snippet {
  prefix: string[];
  body: string[];
  description: string;
  isFileTemplate?: boolean;
}
const SNIPPETS = JSON.parse(readFileSync(join(__dirname, '../../../snippets/gateway-ion.code-snippets'), 'utf8')) as Record<string, Snippet>;

const BASE = 'version: 1\nname: base\nenvironments:\n  dev: { baseUrl: "https://api.example.com" }\nrequest:\n  url: "{{ vars.baseUrl }}/items"\n';

/** Problems as `line code message` (errors and warnings; information is fine). */
function problems(text: string): string[] {
  const p = parseIntegration(text);
  return p.diagnostics.filter((d) => d.severity !== 'information').map((d) => `${p.position(d.start).line} ${d.code} ${d.message}`);
}

/** Inserts a block snippet's lines as VS Code would at `indent` (first line at the cursor, the rest indented). */
function insertAt(indent: number, lines: string[]): string {
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

describe('editor: snippets', () => {
  it('expands placeholders, choices and tabstops to their defaults', () => {
    assert.equal(expandSnippet('a ${1:x} ${2|p,q|} $0 ${3} ${4:{{ secret.${5:k} \\}}}'), 'a x p   {{ secret.k }}');
    assert.equal(expandSnippet('\\$1 $12b'), '$1 b');
  });

  it('has a whole integration for each pattern and block snippets for each auth kind and feature', () => {
    const prefixes = Object.values(SNIPPETS).flatMap((s) => s.prefix);
    for (const p of [
      'ion-pull', 'ion-push', 'ion-bidirectional', 'ion-event-driven',
      'ion-auth-apikey-header', 'ion-auth-apikey-query', 'ion-auth-bearer', 'ion-auth-basic', 'ion-auth-headers',
      'ion-auth-oauth2-client-credentials', 'ion-auth-oauth2-refresh-token', 'ion-auth-oauth2-code', 'ion-auth-device', 'ion-auth-aws', 'ion-tls-client-cert',
      'ion-retry', 'ion-validate', 'ion-transform', 'ion-output-file', 'ion-output-http', 'ion-test', 'ion-test-429',
      'ion-trigger-webhook', 'ion-trigger-schedule',
      'ion-paginate-link', 'ion-paginate-cursor', 'ion-batch', 'ion-rate-limit', 'ion-cache', 'ion-graphql',
    ]) assert.ok(prefixes.includes(p), `missing snippet ${p}`);
    for (const [name, s] of Object.entries(SNIPPETS)) {
      assert.ok(s.description.length > 10, name);
      assert.ok(s.body.every((l) => !l.includes('\t')), `${name}: YAML needs spaces, not tabs`);
    }
  });

  for (const [name, s] of Object.entries(SNIPPETS)) {
    it(`"${name}" expands into a file with no errors and no warnings`, () => {
      let text: string;
      if (s.isFileTemplate) text = expandSnippet(s.body.join('\n'));
      else if (s.body[0].startsWith('- ')) text = `${BASE}tests:\n${expandSnippet(insertAt(2, s.body))}\n`;
      // A block of `request` (request.tls): typed inside the request, at its indentation.
      else if (s.body[0] === 'tls:' || s.body[0] === 'graphql:') text = `${BASE}${expandSnippet(insertAt(2, s.body))}\n`;
      else text = `${BASE}${expandSnippet(s.body.join('\n'))}\n`;
      assert.deepEqual(problems(text), [], text);
      assert.ok(parseIntegration(text).value, 'the file parses');
    });
  }

  it('the whole-file snippets keep credentials out of the file', () => {
    for (const s of Object.values(SNIPPETS)) {
      const text = expandSnippet(s.body.join('\n'));
      assert.equal(problems(text).filter((p) => p.includes('hardcoded_secret')).length, 0);
    }
  });

  describe("the schema's defaultSnippets (offered by completion)", () => {
    const top = SCHEMA_ROOT.properties as Record<string, unknown>;
    for (const key of Object.keys(top)) {
      const s = schemaAt([key]);
      const list = (s?.defaultSnippets ?? []) as Array<{ label: string; body: unknown }>;
      for (const sn of list) {
        it(`${key}: "${sn.label}" renders as YAML that validates in a file`, () => {
          const body = bodyToYaml(sn.body, 2);
          const text = BASE.replace(/environments:[^\n]*\n[^\n]*\n/, key === 'environments' ? '' : '$&') + `${key}:\n  ${expandSnippet(body)}\n`;
          // A snippet cannot know the file's variables and inputs (`batch.over` names an input).
          assert.deepEqual(problems(text).filter((p) => !/unknown_var|unknown_input/.test(p)), [], text);
        });
      }
    }
    for (const [path, list] of [
      [['tests', 0], (schemaAt(['tests', 0])?.defaultSnippets ?? []) as Array<{ label: string; body: unknown }>],
      [['output', 'to', 0], (schemaAt(['output', 'to', 0])?.defaultSnippets ?? []) as Array<{ label: string; body: unknown }>],
    ] as const) {
      for (const sn of list) {
        it(`${path.join('.')}: "${sn.label}" renders as a list item that validates`, () => {
          const item = expandSnippet(bodyToYaml(sn.body, 4));
          const text = path[0] === 'tests' ? `${BASE}tests:\n  - ${item}\n` : `${BASE}output:\n  to:\n    - ${expandSnippet(bodyToYaml(sn.body, 6))}\n`;
          assert.deepEqual(problems(text), [], text);
        });
      }
    }
    it('the root "new integration" snippet renders as a whole file that validates', () => {
      const list = (SCHEMA_ROOT.defaultSnippets ?? []) as Array<{ label: string; body: unknown }>;
      assert.ok(list.length > 0);
      for (const sn of list) assert.deepEqual(problems(expandSnippet(bodyToYaml(sn.body, 0)) + '\n'), []);
    });
  });
});
