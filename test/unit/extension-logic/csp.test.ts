import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, panelHtml } from '../../../src/extension/panel/csp';

describe('panel HTML and CSP', () => {
  const html = panelHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123+/=', scriptUri: 'https://x/main.js', styleUri: 'https://x/panel.css', title: 'Run: <a>.ion.yaml' });

  it("starts from default-src 'none', scripts only by nonce, styles only from the webview source", () => {
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'n0nce');
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-n0nce'(;|$)/);
    assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('puts the nonce on the one script and escapes the title', () => {
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123\+\/=" src="https:\/\/x\/main.js"><\/script>/);
    assert.match(html, /<title>Run: &lt;a&gt;.ion.yaml<\/title>/);
    assert.doesNotMatch(html, /<style|style="/);
  });

  it('asks the script to report what it rendered only when told to (Test mode)', () => {
    assert.match(html, /<body>/);
    const reporting = panelHtml({ cspSource: 'c', nonce: 'n', scriptUri: 's', styleUri: 't', title: 'x', report: true });
    assert.match(reporting, /<body data-report="true">/);
  });
});
