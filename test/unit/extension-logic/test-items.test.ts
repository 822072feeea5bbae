import { strict as assert } from 'node:assert';
import { parseIntegration } from '../../../src/core/parse';
import { discoveryError, indexOfTestId, testEntries, testId } from '../../../src/extension/testing/items';

const text = `version: 1
name: t
request: { url: "http://127.0.0.1/" }
tests:
  - name: first
    response: { status: 200 }
    expect: { ok: true }

  - name: second
    response: { status: 500 }
    expect: { ok: false }
  - response: { status: 204 }
    expect: { ok: true }
`;

describe('Test Explorer entries', () => {
  it('one entry per test with its name (or a placeholder) and the line of its first key', () => {
    const entries = testEntries(parseIntegration(text))!;
    assert.deepEqual(entries.map((e) => [e.index, e.name, e.line]), [
      [0, 'first', 4],
      [1, 'second', 8],
      [2, 'test 3', 11],
    ]);
  });

  it('no tests: an empty list; unreadable YAML: undefined (keep what was shown)', () => {
    assert.deepEqual(testEntries(parseIntegration('version: 1\nname: t\nrequest: { url: "http://x" }\n')), []);
    assert.equal(testEntries(parseIntegration('version: 1\nname: [unclosed\n')), undefined);
  });

  it('ids carry the index', () => {
    const id = testId('file:///w/a%23b.ion.yaml', 7);
    assert.equal(indexOfTestId(id), 7);
    assert.equal(indexOfTestId('file:///w/a.ion.yaml'), undefined);
  });
});

describe('Test Explorer discovery errors', () => {
  it('says nothing for a file whose tests can be read, even with schema errors', () => {
    assert.equal(discoveryError(parseIntegration(text)), undefined);
    assert.equal(discoveryError(parseIntegration('version: 1\nname: t\n')), undefined);
  });

  it("names the line and the parser's message when the YAML cannot be read", () => {
    const error = discoveryError(parseIntegration('version: 1\nname: t\nrequest:\n  method: GET: POST\n'));
    assert.match(error ?? '', /^line 4: .+ \([a-z_]+\); its tests cannot be read$/);
  });
});
