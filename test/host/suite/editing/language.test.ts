import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension, closeAllEditors, workspaceFile } from '../../helpers';
import { completions, label, openAtCursor, openIon, problems } from './util';

const REFS = `version: 1
name: refs
trigger:
  type: manual
  input: { login: octocat }
environments:
  dev: { baseUrl: "https://dev.example", region: eu }
  acme: { baseUrl: "https://acme.example" }
request:
  url: "{{ CURSOR"
`;

describe('editing: completion, hover, outline and snippets in the real host', () => {
  let api: GatewayIonTestApi;
  before(async () => {
    api = await activateExtension();
  });
  afterEach(closeAllEditors);

  it('completes the keys valid at the cursor, without those present, with documentation', async () => {
    const { doc, position } = await openAtCursor('version: 1\nname: c\nauth:\n  type: bearer\n  |\nrequest:\n  url: https://x.example\n');
    const items = await completions(doc, position);
    assert.deepEqual(items.filter((i) => i.kind === vscode.CompletionItemKind.Property).map(label), ['token']);
    const root = await openAtCursor('version: 1\nname: c\n|');
    const keys = (await completions(root.doc, root.position)).map(label);
    for (const k of ['request', 'auth', 'retry', 'tests', 'auth: bearer']) assert.ok(keys.includes(k), `${k} in ${keys.join(', ')}`);
    assert.ok(!keys.includes('name'));
    const doc2 = (await completions(root.doc, root.position)).find((i) => label(i) === 'retry')!;
    assert.ok((doc2.documentation as vscode.MarkdownString).value.length > 10);
  });

  it('completes enum values', async () => {
    const { doc, position } = await openAtCursor('version: 1\nname: c\npattern: |\n');
    assert.deepEqual((await completions(doc, position)).map(label), ['pull', 'push', 'bidirectional', 'event-driven']);
  });

  for (const [typed, want] of [
    ['{{ ', ['input.', 'vars.', 'secret.', 'env.', 'uuid', 'now', 'nowUnix']],
    ['{{ input.', ['login']],
    ['{{ vars.', ['baseUrl', 'region']],
    ['{{ env.', ['ION_']],
  ] as const) {
    it(`completes references after \`${typed}\``, async () => {
      const marked = REFS.replace('{{ CURSOR', `${typed}|`);
      const { doc, position } = await openAtCursor(marked);
      assert.deepEqual((await completions(doc, position)).map(label), want);
    });
  }

  it('completes secret names from SecretStorage, never values', async () => {
    const name = `compl_${Date.now()}`;
    await vscode.commands.executeCommand('gatewayIon.secrets.set', name, 'super-secret-value');
    try {
      const { doc, position } = await openAtCursor(REFS.replace('{{ CURSOR', '{{ secret.|'));
      const items = await completions(doc, position);
      assert.ok(items.map(label).includes(name));
      assert.ok(!JSON.stringify(items.map((i) => [label(i), i.detail, i.documentation])).includes('super-secret-value'));
    } finally {
      await vscode.commands.executeCommand('gatewayIon.secrets.delete', name);
    }
  });

  it('hovers: a key, a cron (words and five runs) and a var (per environment)', async () => {
    const doc = await openIon('version: 1\nname: h\ntrigger:\n  type: schedule\n  cron: "*/15 * * * *"\n  timezone: UTC\nenvironments:\n  dev: { baseUrl: "https://dev.example" }\n  acme: { baseUrl: "https://acme.example" }\nrequest:\n  url: "{{ vars.baseUrl }}/x"\n  timeout: 10s\n');
    const text = doc.getText();
    const hover = async (needle: string, delta: number) => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(text.indexOf(needle) + delta));
      return hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    };
    // The schema's own words for request.timeout (not the hovered word, which any hover could echo).
    const ext = vscode.extensions.getExtension('gateway-ion.gateway-ion')!;
    const schema = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'schemas/integration.schema.json'), 'utf8')) as { definitions: { request: { properties: { timeout: { description: string; default: string } } } } };
    const timeout = schema.definitions.request.properties.timeout;
    const th = await hover('timeout', 2);
    assert.ok(th.includes(timeout.description), th);
    assert.ok(th.includes(`Default: \`${timeout.default}\``), th);
    const cron = await hover('*/15', 1);
    assert.match(cron, /Every 15 minutes/);
    assert.equal(cron.split('\n').filter((l) => /^- \d{4}-\d\d-\d\d \d\d:\d\d /.test(l)).length, 5);
    const v = await hover('vars.baseUrl', 3);
    assert.match(v, /`dev` \| `https:\/\/dev\.example`/);
    assert.match(v, /`acme` \| `https:\/\/acme\.example`/);
  });

  it('outlines sections, tests by name and environments', async () => {
    const uri = workspaceFile('sample.ion.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const names = symbols.map((s) => s.name);
    for (const n of ['request', 'environments', 'tests', 'transform']) assert.ok(names.includes(n), n);
    assert.deepEqual(symbols.find((s) => s.name === 'tests')!.children.map((c) => c.name), ['happy path']);
    assert.deepEqual(symbols.find((s) => s.name === 'environments')!.children.map((c) => c.name), ['dev']);
  });

  it('a whole-file snippet inserted in a new file validates clean', async () => {
    const ext = vscode.extensions.getExtension('gateway-ion.gateway-ion')!;
    const snippets = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'snippets/gateway-ion.code-snippets'), 'utf8')) as Record<string, { body: string[] }>;
    const doc = await openIon('');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), doc.uri.toString());
    assert.ok(await editor.insertSnippet(new vscode.SnippetString(snippets['Pull integration'].body.join('\n'))));
    assert.match(doc.getText(), /^version: 1\nname: my-pull\n/);
    assert.deepEqual(await problems(api, doc), []);
  });

  // The transform grammar is tested with VS Code's own TextMate engine in test/unit/editor/grammar.test.ts:
  // this host cannot show its tokens (`_workbench.captureSyntaxTokens`), so a host test here could only skip.
});
