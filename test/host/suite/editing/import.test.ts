/**
 * New Integration from OpenAPI… (`gatewayIon.importOpenApi`) in the real extension host: the
 * operation quick pick is answered through the test hook, the new file opens in an editor and has
 * no error diagnostics, and the import bundle (dist/import.js, the OpenAPI parser) is loaded by
 * the command, not at activation.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, errorsOf, EXTENSION_ID } from '../../helpers';

describe('New Integration from OpenAPI (gatewayIon.importOpenApi)', function () {
  this.timeout(60_000);

  it('imports the operation picked in the quick pick; the file opens with no errors', async () => {
    const api = await activateExtension();
    assert.equal(api.importLoaded(), false, 'the OpenAPI parser is not loaded at activation');
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const spec = join(root, 'test/fixtures/openapi/swagger-petstore-3.0.yaml');
    const folder = mkdtempSync(join(tmpdir(), 'ion-openapi-'));
    api.setImportOperationPick('getPetById');
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('gatewayIon.importOpenApi', spec, { folder });
      assert.ok(uri, 'a file was created');
      assert.equal(api.importLoaded(), true);
      assert.match(uri.fsPath, /get-pet-by-id\.ion\.yaml$/);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the new file is open');
      const text = readFileSync(uri.fsPath, 'utf8');
      assert.match(text, /^ {2}url: "\{\{ vars\.baseUrl \}\}\/pet\/\{\{ input\.petId \}\}"$/m);
      assert.match(text, /^ {2}value: "\{\{ secret\.swagger_petstore_api_key \}\}"$/m);
      await api.diagnosticsSettled(uri);
      assert.deepEqual(errorsOf(vscode.languages.getDiagnostics(uri)).map((d) => d.message), []);
    } finally {
      api.setImportOperationPick(undefined);
      await closeAllEditors();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('Import Postman Collection (gatewayIon.importPostman): one file per request, the first opens, no credential written', async () => {
    await activateExtension();
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const collection = join(root, 'test/fixtures/postman/acme-shop.postman_collection.json');
    const folder = mkdtempSync(join(tmpdir(), 'ion-postman-'));
    try {
      const uris = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('gatewayIon.importPostman', collection, { folder, environment: join(root, 'test/fixtures/postman/acme-staging.postman_environment.json') });
      assert.ok(uris);
      assert.equal(uris.length, 17);
      assert.deepEqual(readdirSync(folder).sort(), uris.map((u) => basename(u.fsPath)).sort());
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uris[0].toString(), 'the first file is open');
      for (const u of uris) assert.equal(readFileSync(u.fsPath, 'utf8').match(/cred-[a-z-]+-\d{4}|AKIAEXAMPLECRED0012/), null, u.fsPath);
    } finally {
      await closeAllEditors();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
