import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outline } from '../../../src/core/editor/outline';
import { AUTH_KINDS, fileStem, newIntegrationText, PATTERNS } from '../../../src/core/editor/new-integration';
import { parseIntegration } from '../../../src/core/parse';

describe('editor: outline', () => {
  const text = readFileSync(join(__dirname, '../../fixtures/spec-example.ion.yaml'), 'utf8');
  const symbols = outline(parseIntegration(text));

  it('lists each top-level section with a short detail', () => {
    assert.deepEqual(symbols.map((s) => s.name), ['version', 'name', 'description', 'pattern', 'defaultEnvironment', 'trigger', 'environments', 'auth', 'request', 'retry', 'validate', 'transform', 'output', 'tests']);
    const request = symbols.find((s) => s.name === 'request')!;
    assert.equal(request.detail, 'GET {{ vars.baseUrl }}/users/{{ input.login }}');
    assert.equal(text.slice(request.selectionStart, request.selectionEnd), 'request');
    assert.ok(text.slice(request.start, request.end).includes('timeout: 10s'));
  });

  it('lists each test by its name, each environment and each output', () => {
    const kids = (n: string) => symbols.find((s) => s.name === n)!.children;
    assert.deepEqual(kids('tests').map((c) => c.name), ['happy path', 'rate limit is retried']);
    assert.equal(text.slice(kids('tests')[0].selectionStart, kids('tests')[0].selectionEnd), 'happy path');
    assert.deepEqual(kids('environments').map((c) => [c.name, c.detail]), [['dev', 'baseUrl'], ['acme', 'baseUrl']]);
    assert.deepEqual(kids('output').map((c) => [c.name, c.detail]), [['file 1', 'out/users.jsonl'], ['http 2', '{{ secret.slack_webhook }}']]);
  });

  it('is empty for a file that is not a map', () => {
    assert.deepEqual(outline(parseIntegration('- a\n')), []);
  });
});

describe('editor: new integration', () => {
  for (const p of PATTERNS) {
    it(`${p.id}: every auth kind gives a file with no errors and no warnings`, () => {
      for (const auth of AUTH_KINDS) {
        const text = newIntegrationText({ name: `Acme ${p.id}`, pattern: p.id, auth });
        const parsed = parseIntegration(text);
        assert.deepEqual(parsed.diagnostics.map((d) => `${auth}: ${d.code} ${d.message}`), []);
        assert.equal(parsed.value?.pattern, p.id);
        assert.ok((parsed.value?.tests?.length ?? 0) > 0, 'has a test');
      }
    });
  }
  it('names the file from the integration name', () => {
    assert.equal(fileStem('  My CRM: Users! '), 'my-crm-users');
    assert.equal(fileStem('???'), 'integration');
  });
});
