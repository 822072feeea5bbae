import { strict as assert } from 'node:assert';
import { complete } from '../../../src/core/editor/completion';
import { hoverAt } from '../../../src/core/editor/hover';
import { parseIntegration } from '../../../src/core/parse';
import { atCursor } from '../editor/cursor';

/** The keys offered (snippets left out). */
const labels = (marked: string) => {
  const { text, offset } = atCursor(marked);
  return complete(text, offset, { secretNames: [] })
    .filter((e) => e.kind === 'property')
    .map((e) => e.label);
};

describe('editor: the docs block (completion, hover, URL check)', () => {
  it('completes `docs` at the root and its keys inside', () => {
    assert.ok(labels('version: 1\nname: x\ndo|\n').includes('docs'));
    assert.deepEqual(labels('version: 1\nname: x\ndocs:\n  |\n').sort(), ['apiDocs', 'limitations', 'notes', 'owner', 'rateLimits', 'summary']);
  });

  it('hovers `docs.apiDocs` with its description', () => {
    const text = 'version: 1\nname: x\ndocs:\n  apiDocs: ["https://developer.example.com/x"]\n';
    const h = hoverAt(parseIntegration(text), text.indexOf('apiDocs') + 1, { now: new Date(0), secretNames: [], origins: () => [] });
    assert.match(h?.markdown ?? '', /Links to the API's documentation/);
  });

  it('an apiDocs entry that is not an absolute http(s) URL is an error; a good one is not', () => {
    const bad = parseIntegration('version: 1\nname: x\nrequest: { url: "https://a.example.com" }\ndocs:\n  apiDocs: ["developer.example.com/x"]\n');
    assert.ok(bad.diagnostics.some((d) => d.severity === 'error'), JSON.stringify(bad.diagnostics));
    const good = parseIntegration('version: 1\nname: x\nrequest: { url: "https://a.example.com" }\ndocs:\n  summary: s\n  apiDocs: ["https://developer.example.com/x"]\n  owner: o\n  limitations: [a]\n  rateLimits: r\n  notes: n\n');
    assert.deepEqual(good.diagnostics.filter((d) => d.severity === 'error'), []);
    const unknown = parseIntegration('version: 1\nname: x\nrequest: { url: "https://a.example.com" }\ndocs:\n  sumary: s\n');
    assert.ok(unknown.diagnostics.some((d) => d.code === 'unknown_key' && /summary/.test(d.message)));
  });
});
