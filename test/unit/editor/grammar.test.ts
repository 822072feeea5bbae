/**
 * The transform injection grammar, tokenized with the TextMate engine VS Code uses (vscode-textmate
 * and vscode-oniguruma, taken from the host harness's VS Code in .vscode-test/, with its YAML and
 * JavaScript grammars). Fails, saying so, when the harness is not set up (`npm run host:setup`).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const VSCODE = join(ROOT, '.vscode-test/cs/node_modules/code-server/lib/vscode');

interface Token {
  text: string;
  scopes: string[];
}

async function tokenize(text: string): Promise<Token[][]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tm = require(join(VSCODE, 'node_modules/vscode-textmate'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const onig = require(join(VSCODE, 'node_modules/vscode-oniguruma'));
  await onig.loadWASM(readFileSync(join(VSCODE, 'node_modules/vscode-oniguruma/release/onig.wasm')).buffer).catch(() => undefined);
  const files: Record<string, string> = {
    'source.gateway-ion': join(ROOT, 'syntaxes/gateway-ion.tmLanguage.json'),
    'source.gateway-ion.transform-injection': join(ROOT, 'syntaxes/transform-injection.tmLanguage.json'),
    'source.js': join(VSCODE, 'extensions/javascript/syntaxes/JavaScript.tmLanguage.json'),
  };
  const yamlDir = join(VSCODE, 'extensions/yaml/syntaxes');
  for (const f of readdirSync(yamlDir)) files[(JSON.parse(readFileSync(join(yamlDir, f), 'utf8')) as { scopeName: string }).scopeName] = join(yamlDir, f);
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new onig.OnigScanner(s), createOnigString: (s: string) => new onig.OnigString(s) }),
    loadGrammar: async (scope: string) => (files[scope] ? tm.parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope: string) => (scope === 'source.gateway-ion' ? ['source.gateway-ion.transform-injection'] : []),
  });
  const grammar = await registry.loadGrammar('source.gateway-ion');
  let state = tm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return (r.tokens as Array<{ startIndex: number; endIndex: number; scopes: string[] }>).map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

const find = (lines: Token[][], line: number, text: string): Token => {
  const t = lines[line].find((x) => x.text === text);
  assert.ok(t, `no token ${text} on line ${line}`);
  return t;
};
const isJs = (t: Token) => t.scopes.includes('meta.embedded.block.javascript');

describe('editor: transform injection grammar', function () {
  before(() => {
    // No silent skip: without the harness these tests cannot run, and a skip would read as a pass.
    if (!existsSync(join(VSCODE, 'node_modules/vscode-textmate'))) {
      throw new Error(`the grammar tests need VS Code's TextMate engine from the host harness (${VSCODE}): run \`npm run host:setup\` first`);
    }
  });

  it('highlights `transform: |` as JavaScript until the next key, which stays a YAML key', async () => {
    const lines = await tokenize('version: 1\ntransform: |\n  const x = 1;\n\n  return x;\nname: g\n');
    assert.ok(isJs(find(lines, 2, 'const')));
    assert.ok(find(lines, 2, 'const').scopes.some((s) => s.startsWith('storage.type')));
    assert.ok(find(lines, 4, 'return').scopes.some((s) => s.startsWith('keyword.control')), 'a blank line does not end the block');
    const name = find(lines, 5, 'name');
    assert.ok(!isJs(name));
    assert.ok(name.scopes.includes('entity.name.tag.yaml'));
  });

  it('highlights `script: |` under `transform:` and leaves its siblings YAML', async () => {
    const lines = await tokenize('transform:\n  script: |\n    let y = "a";\n  timeout: 1s\nrequest:\n  url: x\n');
    assert.ok(isJs(find(lines, 2, 'let')));
    assert.ok(!isJs(find(lines, 3, 'timeout')));
    assert.ok(find(lines, 4, 'request').scopes.includes('entity.name.tag.yaml'));
  });

  it('leaves other block scalars alone', async () => {
    const lines = await tokenize('description: |\n  const not code\nname: x\n');
    assert.ok(lines[1].length > 0 && lines[1].every((t) => !isJs(t)));
  });
});
