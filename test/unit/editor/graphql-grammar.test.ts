/**
 * The GraphQL injection grammar (syntaxes/graphql-injection.tmLanguage.json), tokenized with the
 * TextMate engine VS Code uses, taken from the host harness (like grammar.test.ts). VS Code ships
 * no GraphQL grammar: a stand-in `source.graphql` (keywords only) plays the GraphQL extension's.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const VSCODE = join(ROOT, '.vscode-test/cs/node_modules/code-server/lib/vscode');
const FAKE_GRAPHQL = JSON.stringify({ scopeName: 'source.graphql', patterns: [{ match: '\\b(query|mutation)\\b', name: 'keyword.operation.graphql' }] });

interface Token {
  text: string;
  scopes: string[];
}

async function tokenize(text: string, withGraphql = true): Promise<Token[][]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tm = require(join(VSCODE, 'node_modules/vscode-textmate'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const onig = require(join(VSCODE, 'node_modules/vscode-oniguruma'));
  await onig.loadWASM(readFileSync(join(VSCODE, 'node_modules/vscode-oniguruma/release/onig.wasm')).buffer).catch(() => undefined);
  const files: Record<string, string> = {
    'source.gateway-ion': join(ROOT, 'syntaxes/gateway-ion.tmLanguage.json'),
    'source.gateway-ion.graphql-injection': join(ROOT, 'syntaxes/graphql-injection.tmLanguage.json'),
  };
  const yamlDir = join(VSCODE, 'extensions/yaml/syntaxes');
  for (const f of readdirSync(yamlDir)) files[(JSON.parse(readFileSync(join(yamlDir, f), 'utf8')) as { scopeName: string }).scopeName] = join(yamlDir, f);
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new onig.OnigScanner(s), createOnigString: (s: string) => new onig.OnigString(s) }),
    loadGrammar: async (scope: string) => {
      if (scope === 'source.graphql') return withGraphql ? tm.parseRawGrammar(FAKE_GRAPHQL, 'graphql.json') : null;
      return files[scope] ? tm.parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null;
    },
    getInjections: (scope: string) => (scope === 'source.gateway-ion' ? ['source.gateway-ion.graphql-injection'] : []),
  });
  const grammar = await registry.loadGrammar('source.gateway-ion');
  let state = tm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return (r.tokens as Array<{ startIndex: number; endIndex: number; scopes: string[] }>).map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

const TEXT = `request:
  url: "https://x.example/graphql"
  query: { page: "1" }
  graphql:
    query: |
      query Viewer { viewer { id } }

    variables: { a: 1 }
`;

describe('editor: GraphQL injection grammar', function () {
  before(() => {
    if (!existsSync(join(VSCODE, 'node_modules/vscode-textmate'))) {
      throw new Error(`the grammar tests need VS Code's TextMate engine from the host harness (${VSCODE}): run \`npm run host:setup\` first`);
    }
  });

  it('embeds source.graphql in `query: |` until the next key, which stays a YAML key', async () => {
    const lines = await tokenize(TEXT);
    const kw = lines[5].find((t) => t.text === 'query');
    assert.ok(kw, JSON.stringify(lines[5]));
    assert.ok(kw.scopes.includes('meta.embedded.block.graphql'));
    assert.ok(kw.scopes.includes('keyword.operation.graphql'));
    assert.ok(lines[5].every((t) => !t.scopes.includes('string.unquoted.block.yaml')), 'not a YAML string');
    const variables = lines[7].find((t) => t.text === 'variables');
    assert.ok(variables && !variables.scopes.includes('meta.embedded.block.graphql'), JSON.stringify(lines[7]));
    assert.ok(variables.scopes.some((s) => s.startsWith('entity.name.tag')));
    // request.query (a map) is YAML.
    assert.ok(lines[2].every((t) => !t.scopes.includes('meta.embedded.block.graphql')));
  });

  it('without a GraphQL grammar the block stays a YAML block string and the next key a key', async () => {
    const lines = await tokenize(TEXT, false);
    const body = lines[5].find((t) => t.text.includes('Viewer'));
    assert.ok(body?.scopes.includes('string.unquoted.block.yaml'), JSON.stringify(lines[5]));
    assert.ok(lines[7].find((t) => t.text === 'variables')?.scopes.some((s) => s.startsWith('entity.name.tag')));
  });
});
