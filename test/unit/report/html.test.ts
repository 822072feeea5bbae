import assert from 'node:assert/strict';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import type { RunLogEntry } from '../../../src/core/result';
import { buildReport, renderReportHtml } from '../../../src/core/report';
import { axeViolations, chromiumPath, closeAxeBrowser } from './axe';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const NOW = Date.UTC(2026, 2, 15, 13, 30, 0);

function log(): RunLogEntry[] {
  const out: RunLogEntry[] = [];
  for (let i = 0; i < 400; i++) {
    const ok = i % 9 !== 0;
    out.push({
      ts: new Date(NOW - i * 3 * 3_600_000).toISOString(),
      integration: i % 3 === 0 ? 'billing <&> "sync"' : 'orders',
      file: 'x.ion.yaml',
      environment: i % 2 ? 'prod' : 'dev',
      trigger: 'schedule',
      ok,
      status: ok ? 200 : 503,
      attempts: 1,
      durationMs: 50 + (i % 40) * 7,
      errorCode: ok ? null : i % 2 ? 'server_error' : 'timeout',
      ...(i === 1 ? { deprecation: { date: '2026-06-30T00:00:00.000Z', message: 'Sunset: Tue, 30 Jun 2026 00:00:00 GMT' } } : {}),
    });
  }
  // The last runs of orders/prod fail: `failing` shows.
  for (let i = 0; i < 3; i++) out.push({ ...out[1], ts: new Date(NOW - 60_000 * (3 - i)).toISOString(), ok: false, status: 500, errorCode: 'server_error', deprecation: undefined });
  return out;
}

function elements(n: Node, out: Element[] = []): Element[] {
  if ('tagName' in n) out.push(n);
  if ('childNodes' in n) for (const c of n.childNodes) elements(c, out);
  if ('content' in n && n.content) elements(n.content as Node, out);
  return out;
}

describe('report: the HTML page', () => {
  const html = renderReportHtml(buildReport(log(), { now: NOW, integrations: [{ integration: 'crm', missingSecrets: ['crm_token'] }] }));
  after(() => closeAxeBrowser());

  it('is one self-contained page: no script, no http(s) URL in any src or href, inline CSS and SVG', () => {
    const doc = parse(html, { onParseError: (e) => assert.fail(`parse error ${e.code} at ${e.startLine}:${e.startCol}`) });
    const all = elements(doc);
    assert.equal(all.filter((e) => e.tagName === 'script').length, 0);
    assert.equal(all.filter((e) => e.tagName === 'link').length, 0);
    for (const e of all) for (const a of e.attrs) if (['src', 'href', 'xlink:href', 'action', 'srcset', 'poster'].includes(a.name)) assert.ok(!/^\s*(https?:)?\/\//i.test(a.value), `${e.tagName} ${a.name}=${a.value}`);
    assert.ok(!/url\(\s*['"]?(https?:)?\/\//i.test(html), 'no remote url() in CSS');
    assert.ok(!/@import/i.test(html));
    assert.ok(all.some((e) => e.tagName === 'style'));
    assert.ok(all.filter((e) => e.tagName === 'svg').length >= 3);
    assert.match(html, /prefers-color-scheme: dark/);
  });

  it('escapes names and shows every figure as text (tables), attention included', () => {
    assert.ok(html.includes('billing &lt;&amp;&gt; &quot;sync&quot;'));
    assert.ok(!html.includes('billing <&>'));
    assert.match(html, /<th scope="row">2026-03-15<\/th><td class="num">\d+<\/td><td class="num">\d+<\/td>/);
    assert.match(html, /<strong>failing<\/strong>: the last 3 runs failed/);
    assert.match(html, /<strong>deprecated<\/strong>/);
    assert.match(html, /<strong>secret_missing<\/strong>: secret crm_token is not set/);
    assert.match(html, /<svg role="img" aria-labelledby="i\d-t"[^>]*><title id="i\d-t">Calls per day from/);
  });

  it('axe-core in headless chromium: no serious or critical violation, light and dark', async function () {
    this.timeout(60_000);
    if (!chromiumPath()) {
      // scripts/host/setup.sh installs chromium; without it this check cannot run here.
      console.warn('    skipped: no chromium (/usr/bin/chromium or ION_CHROMIUM); run scripts/host/setup.sh');
      this.skip();
    }
    for (const scheme of ['light', 'dark'] as const) {
      const violations = (await axeViolations(html, scheme))!;
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${scheme}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), []);
    }
  });
});
