import { strict as assert } from 'node:assert';
import { parseIntegration } from '../../../src/core/parse';
import { ParsedDocuments, type ParsableDocument } from '../../../src/extension/parsed-documents';

/** A stand-in for an open TextDocument: the fields ParsedDocuments reads. */
class Doc implements ParsableDocument {
  version = 1;
  readonly fileName = '/work/x.ion.yaml';
  readonly uri: ParsableDocument['uri'];
  reads = 0;
  constructor(
    private text: string,
    uri = 'file:///work/x.ion.yaml',
  ) {
    this.uri = { toString: () => uri } as ParsableDocument['uri'];
  }
  getText(): string {
    this.reads++;
    return this.text;
  }
  edit(text: string): void {
    this.text = text;
    this.version++;
  }
}

const FILE = `version: 1
name: demo
request:
  method: GET
  url: "https://api.example.com/{{ input.id }}"
tests:
  - name: one
    input: { id: 1 }
    response: { status: 200, body: {} }
    expect: { status: 200 }
`;

describe('ParsedDocuments (one incremental parse per open document version)', () => {
  it('parses each version once and returns what a full parse returns', () => {
    const parses = new ParsedDocuments();
    const doc = new Doc(FILE);
    const a = parses.get(doc);
    assert.equal(parses.get(doc), a, 'same version: the cached result');
    assert.equal(doc.reads, 1);
    assert.deepEqual(a.diagnostics, parseIntegration(FILE, { fileName: doc.fileName }).diagnostics);

    const edited = FILE.replace('{{ input.id }}', '{{ input.idd }}');
    doc.edit(edited);
    const b = parses.get(doc);
    assert.notEqual(b, a);
    const full = parseIntegration(edited, { fileName: doc.fileName });
    assert.deepEqual(b.diagnostics, full.diagnostics);
    assert.ok(b.diagnostics.length > 0, 'the edit produced a diagnostic to compare');
    assert.deepEqual(b.rangeOf(['tests', 0]), full.rangeOf(['tests', 0]));
  });

  it('never hands a new document under a reused uri the old one’s result of the same version', () => {
    const parses = new ParsedDocuments();
    const first = new Doc(FILE, 'untitled:Untitled-1');
    parses.get(first);
    const second = new Doc('name: [', 'untitled:Untitled-1'); // also version 1
    const r = parses.get(second);
    assert.ok(r.hasErrors);
    assert.equal(r.text, 'name: [');
  });

  it('drops a closed document, but not a newer document open under the same uri', () => {
    const parses = new ParsedDocuments();
    const first = new Doc(FILE, 'untitled:Untitled-1');
    parses.get(first);
    const second = new Doc(FILE, 'untitled:Untitled-1');
    parses.get(second);
    parses.drop(first); // a late close event of the first
    assert.equal(parses.size, 1);
    parses.drop(second);
    assert.equal(parses.size, 0);
  });
});
