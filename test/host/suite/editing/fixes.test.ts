import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension, closeAllEditors } from '../../helpers';
import { codeOf, diagnosticsUntil, openIon, problems } from './util';

const BASE = 'version: 1\nname: fix\nenvironments:\n  dev: { baseUrl: "https://api.example.com" }\n';

async function actionsFor(doc: vscode.TextDocument, code: string): Promise<vscode.CodeAction[]> {
  const diags = await diagnosticsUntil(doc.uri, (d) => d.some((x) => codeOf(x) === code));
  const d = diags.find((x) => codeOf(x) === code)!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
  const ours = actions.filter((a) => !a.diagnostics || a.diagnostics.length === 0 || a.diagnostics.some((x) => codeOf(x) === code));
  assert.ok(ours.length > 0, `no quick fix for ${code} at ${JSON.stringify(d.range)} (${d.source}); got ${JSON.stringify(actions.map((a) => [a.title, a.diagnostics?.map(codeOf)]))}`);
  return ours;
}

async function apply(a: vscode.CodeAction, extraArgs?: (args: unknown[]) => unknown[]): Promise<unknown> {
  if (a.edit) assert.ok(await vscode.workspace.applyEdit(a.edit));
  if (a.command) return vscode.commands.executeCommand(a.command.command, ...(extraArgs ? extraArgs(a.command.arguments ?? []) : (a.command.arguments ?? [])));
  return undefined;
}

async function secretNames(): Promise<string[]> {
  const list = await vscode.commands.executeCommand<Array<{ name: string }>>('gatewayIon.secrets.list', { quiet: true });
  return list.map((s) => s.name);
}

describe('editing: quick fixes and commands in the real host', () => {
  let api: GatewayIonTestApi;
  const created: string[] = [];
  before(async () => {
    api = await activateExtension();
  });
  afterEach(closeAllEditors);
  after(async () => {
    for (const n of created) await vscode.commands.executeCommand('gatewayIon.secrets.delete', n);
  });

  it('unknown key → the nearest valid key; the file re-validates clean', async () => {
    const doc = await openIon(`${BASE}request:\n  url: "{{ vars.baseUrl }}/x"\n  timout: 10s\n`);
    const [a] = await actionsFor(doc, 'unknown_key');
    assert.equal(a.title, 'Change to `timeout`');
    await apply(a);
    assert.deepEqual(await problems(api, doc), []);
  });

  it('env.FOO → env.ION_FOO, and a credential-like name can become a secret', async () => {
    const doc = await openIon(`${BASE}request:\n  url: "{{ vars.baseUrl }}/x"\n  headers:\n    X-Tenant: "{{ env.TENANT }}"\n`);
    const [a] = await actionsFor(doc, 'env_not_allowed');
    assert.equal(a.title, 'Rename to `env.ION_TENANT`');
    await apply(a);
    assert.match(doc.getText(), /\{\{ env\.ION_TENANT \}\}/);
    assert.deepEqual(await problems(api, doc), []);

    const cred = await openIon(`${BASE}request:\n  url: "{{ vars.baseUrl }}/x"\n  headers:\n    X-Key: "{{ env.API_TOKEN }}"\n`);
    const titles = (await actionsFor(cred, 'env_not_allowed')).map((x) => x.title);
    assert.deepEqual(titles, ['Use a secret instead: `secret.api_token`', 'Rename to `env.ION_API_TOKEN`']);
  });

  it('hard-coded secret → "Store in SecretStorage": stored, replaced by a reference, Bearer kept outside', async () => {
    const name = `stored_${Date.now()}`;
    created.push(name);
    const doc = await openIon(`${BASE}request:\n  url: "{{ vars.baseUrl }}/x"\n  headers:\n    Authorization: Bearer abc.def.ghi\n`);
    const [a] = await actionsFor(doc, 'hardcoded_secret');
    assert.equal(a.title, 'Store in SecretStorage…');
    assert.ok(!JSON.stringify(a.command).includes('abc.def.ghi'), 'the value does not travel in the command');
    const result = await apply(a, (args) => [{ ...(args[0] as object), name }]);
    assert.equal(result, name);
    assert.match(doc.getText(), new RegExp(`Authorization: "Bearer \\{\\{ secret\\.${name} \\}\\}"`));
    assert.ok(!doc.getText().includes('abc.def.ghi'));
    assert.ok((await secretNames()).includes(name));
    await diagnosticsUntil(doc.uri, (d) => !d.some((x) => ['hardcoded_secret', 'secret_not_set'].includes(codeOf(x))));
    assert.deepEqual(await problems(api, doc), []);
  });

  it('unset secret → "Set secret NAME…" runs gatewayIon.secrets.set with the name', async () => {
    const name = `toset_${Date.now()}`;
    created.push(name);
    const doc = await openIon(`${BASE}auth:\n  type: bearer\n  token: "{{ secret.${name} }}"\nrequest:\n  url: "{{ vars.baseUrl }}/x"\n`);
    const [a] = await actionsFor(doc, 'secret_not_set');
    assert.equal(a.title, `Set secret ${name}…`);
    assert.deepEqual([a.command?.command, ...(a.command?.arguments ?? [])], ['gatewayIon.secrets.set', name]);
    assert.equal(await apply(a, (args) => [...args, 'the-value']), true);
    await diagnosticsUntil(doc.uri, (d) => !d.some((x) => codeOf(x) === 'secret_not_set'));
    assert.deepEqual(await problems(api, doc), []);
  });

  it('New Integration creates NAME.ion.yaml, opens it, and it validates clean', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ion-new-'));
    const uri = await vscode.commands.executeCommand<vscode.Uri>('gatewayIon.newIntegration', { name: 'Acme Orders', pattern: 'push', auth: 'oauth2-client-credentials', folder });
    assert.equal(path.basename(uri.fsPath), 'acme-orders.ion.yaml');
    assert.ok(fs.existsSync(uri.fsPath));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.languageId, 'gateway-ion');
    assert.deepEqual(await problems(api, doc), []);
    const again = await vscode.commands.executeCommand<vscode.Uri>('gatewayIon.newIntegration', { name: 'Acme Orders', pattern: 'pull', auth: 'none', folder });
    assert.equal(path.basename(again.fsPath), 'acme-orders-2.ion.yaml', 'never overwrites');
  });

  it('Import from cURL stores the bearer token and leaves none in the file', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ion-curl-'));
    const token = `tok-${Date.now()}-abcdefghijklmnop`;
    const uri = await vscode.commands.executeCommand<vscode.Uri>(
      'gatewayIon.importCurl',
      `curl 'https://api.example.com/v1/orders?status=open' \\\n  -H 'Authorization: Bearer ${token}' \\\n  -H 'Accept: application/json'`,
      { folder, name: `curl-${Date.now()}` },
    );
    const text = fs.readFileSync(uri.fsPath, 'utf8');
    assert.ok(!text.includes(token), text);
    const m = /token: "\{\{ secret\.([A-Za-z0-9_-]+) \}\}"/.exec(text);
    assert.ok(m, text);
    created.push(m[1]);
    assert.ok((await secretNames()).includes(m[1]));
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.toString(), uri.toString());
    assert.deepEqual(await problems(api, doc), []);
    await diagnosticsUntil(doc.uri, (d) => !d.some((x) => codeOf(x) === 'secret_not_set'));
  });
});
