import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { parseIntegration } from '../../../src/core/parse';
import { toVsDiagnostic, toVsRange } from '../../../src/extension/diagnostics/adapter';

const show = (r: vscode.Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

async function untitled(content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language: 'gateway-ion', content });
}

describe('adapter: core offsets to vscode ranges (real TextDocument)', () => {
  const text = 'version: 1\nname: x\n\nrequest:\n  url: é/😀/z\n';

  it('maps offsets on several lines, counting UTF-16 units like the core', async () => {
    const doc = await untitled(text);
    assert.equal(show(toVsRange(doc, 0, 7)), '0:0-0:7');
    const z = text.indexOf('z');
    assert.equal(show(toVsRange(doc, text.indexOf('é'), z + 1)), `4:7-4:${7 + 'é/😀/z'.length}`);
  });

  it('clamps offsets outside the text and swaps a reversed pair', async () => {
    const doc = await untitled(text);
    assert.equal(show(toVsRange(doc, -5, 4)), '0:0-0:4');
    assert.equal(show(toVsRange(doc, 7, 0)), '0:0-0:7');
    assert.equal(show(toVsRange(doc, Number.NaN, 3)), '0:0-0:3');
    const end = doc.positionAt(text.length);
    assert.equal(show(toVsRange(doc, text.length - 2, 10_000)), `4:${doc.lineAt(4).text.length - 1}-${end.line}:${end.character}`);
  });

  it('widens an empty range to the rest of its line', async () => {
    const doc = await untitled(text);
    assert.equal(show(toVsRange(doc, 2, 2)), '0:2-0:10');
  });

  it('moves an empty range at the end of the file onto the last non-empty line', async () => {
    const doc = await untitled(text);
    assert.equal(show(toVsRange(doc, text.length, text.length)), `4:2-4:${doc.lineAt(4).text.length}`);
    const blank = await untitled('\n\n');
    assert.equal(show(toVsRange(blank, 2, 2)), '2:0-2:0');
  });

  it('keeps positions right in a CRLF document', async () => {
    const crlf = 'version: 1\r\nname: b\r\nrequest:\r\n  method: GET: POST\r\n';
    const doc = await untitled(crlf);
    assert.equal(doc.eol, vscode.EndOfLine.CRLF);
    const parsed = parseIntegration(doc.getText());
    assert.equal(parsed.diagnostics.length > 0, true);
    const r = toVsRange(doc, parsed.diagnostics[0].start, parsed.diagnostics[0].end);
    assert.equal(r.start.line, 3);
    assert.equal(doc.getText(r).length > 0, true);
    assert.equal(r.start.character, parsed.position(parsed.diagnostics[0].start).column - 1);
  });

  it('builds a diagnostic with severity, source and a documentation link', async () => {
    const doc = await untitled(text);
    const cases = [
      ['error', vscode.DiagnosticSeverity.Error],
      ['warning', vscode.DiagnosticSeverity.Warning],
      ['information', vscode.DiagnosticSeverity.Information],
    ] as const;
    for (const [severity, expected] of cases) {
      const d = toVsDiagnostic(doc, { start: 0, end: 7, severity, code: 'unknown_key', message: 'm' });
      assert.equal(d.severity, expected);
      assert.equal(d.source, 'gateway-ion');
      assert.equal(d.message, 'm');
      assert.equal(show(d.range), '0:0-0:7');
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(code.value, 'unknown_key');
      assert.equal(code.target.toString(true), 'https://github.com/gateway-ion/studio#diagnostic-unknown-key');
    }
  });
});
