/**
 * `ion report --html FILE` (README "Run history and reports"): one self-contained page, inline CSS
 * and inline SVG, no script and no external reference, so a CI run can attach it. Light and dark
 * follow `prefers-color-scheme`; every figure of a chart is also in a table.
 */
import { formatDuration } from '../units';
import type { IntegrationReport, Report } from './build';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #4a5260; --line: #c9ced6; --ok: #1f6f3f; --fail: #b3261e; --warn-bg: #fff4d6; --warn-fg: #5c3d00; --card: #f6f8fa; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1115; --fg: #e8eaed; --muted: #b4bac4; --line: #3a404a; --ok: #5fd08a; --fail: #ff8a80; --warn-bg: #3a2f10; --warn-fg: #ffe3a3; --card: #181b21; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 0 0 8px; }
h3 { font-size: 1rem; margin: 16px 0 6px; }
p.window { color: var(--muted); margin: 0 0 16px; }
section.integration { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 16px 0; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 0; }
.figures div { min-width: 90px; }
.figures dt { color: var(--muted); font-size: 0.85rem; }
.figures dd { margin: 0; font-size: 1.1rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.attention { background: var(--warn-bg); color: var(--warn-fg); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.attention ul { margin: 4px 0 0; padding-left: 20px; }
svg .ok { fill: var(--ok); }
svg .failed { fill: var(--fail); }
svg .axis { stroke: var(--line); }
svg text { fill: var(--muted); font-size: 10px; }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
.legend .ok { background: var(--ok); }
.legend .failed { background: var(--fail); }
details { margin-top: 8px; }
summary { cursor: pointer; }
`;

function ms(n: number, calls: number): string {
  return calls === 0 ? '–' : formatDuration(n);
}

function chart(i: IntegrationReport, id: string): string {
  const w = 720;
  const h = 120;
  const n = Math.max(1, i.perDay.length);
  const slot = w / n;
  const bar = Math.max(1, slot - 2);
  const max = Math.max(1, ...i.perDay.map((d) => d.ok + d.failed));
  const scale = (h - 16) / max;
  const bars = i.perDay
    .map((d, k) => {
      const x = (k * slot).toFixed(1);
      const okH = d.ok * scale;
      const failH = d.failed * scale;
      const base = h - 14;
      const label = `${d.day}: ${d.ok} ok, ${d.failed} failed`;
      return `<g><title>${esc(label)}</title>${okH > 0 ? `<rect class="ok" x="${x}" y="${(base - okH).toFixed(1)}" width="${bar.toFixed(1)}" height="${okH.toFixed(1)}"/>` : ''}${failH > 0 ? `<rect class="failed" x="${x}" y="${(base - okH - failH).toFixed(1)}" width="${bar.toFixed(1)}" height="${failH.toFixed(1)}"/>` : ''}</g>`;
    })
    .join('');
  const first = i.perDay[0]?.day ?? '';
  const last = i.perDay[i.perDay.length - 1]?.day ?? '';
  const total = i.perDay.reduce((s, d) => s + d.ok + d.failed, 0);
  return `<svg role="img" aria-labelledby="${id}-t" viewBox="0 0 ${w} ${h}" width="100%" preserveAspectRatio="none" style="max-width:${w}px;height:${h}px"><title id="${id}-t">Calls per day from ${esc(first)} to ${esc(last)}: ${total} calls, ${i.failures} failed, peak ${max === 1 && total === 0 ? 0 : max} a day (figures in the table below)</title><line class="axis" x1="0" y1="${h - 14}" x2="${w}" y2="${h - 14}"/>${bars}<text x="0" y="${h - 2}">${esc(first)}</text><text x="${w}" y="${h - 2}" text-anchor="end">${esc(last)}</text></svg>`;
}

function section(i: IntegrationReport, k: number): string {
  const id = `i${k}`;
  const name = `${i.integration}${i.environment ? ` (${i.environment})` : ''}`;
  const figures: Array<[string, string]> = [
    ['Calls', String(i.calls)],
    ['Failures', String(i.failures)],
    ['Error rate', i.calls === 0 ? '–' : `${(i.errorRate * 100).toFixed(1)}%`],
    ['Average', ms(i.avgMs, i.calls)],
    ['p50', ms(i.p50Ms, i.calls)],
    ['p95', ms(i.p95Ms, i.calls)],
  ];
  const parts: string[] = [];
  parts.push(`<section class="integration" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(name)}</h2>`);
  if (i.file) parts.push(`<p class="window">${esc(i.file)}</p>`);
  if (i.attention.length > 0) {
    parts.push(`<div class="attention" role="note"><strong>Needs attention</strong><ul>${i.attention.map((a) => `<li><strong>${esc(a.kind)}</strong>: ${esc(a.message)}</li>`).join('')}</ul></div>`);
  }
  parts.push(`<dl class="figures">${figures.map(([t, v]) => `<div><dt>${t}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>`);
  parts.push(`<h3>Last error</h3>`);
  parts.push(i.lastError ? `<p><strong>${esc(i.lastError.code)}</strong> at <time datetime="${esc(i.lastError.ts)}">${esc(i.lastError.ts)}</time>${i.lastError.hint ? `<br>${esc(i.lastError.hint)}` : ''}</p>` : '<p>None in this window.</p>');
  parts.push(`<h3>Calls per day</h3><p class="legend"><span class="ok"></span>ok<span class="failed"></span>failed</p>${chart(i, id)}`);
  parts.push(
    `<details><summary>Calls per day as a table</summary><table><caption class="window">Calls per day, UTC</caption><thead><tr><th scope="col">Day</th><th scope="col" class="num">OK</th><th scope="col" class="num">Failed</th></tr></thead><tbody>${i.perDay
      .map((d) => `<tr><th scope="row">${d.day}</th><td class="num">${d.ok}</td><td class="num">${d.failed}</td></tr>`)
      .join('')}</tbody></table></details>`,
  );
  const codes = Object.entries(i.errorCodes);
  if (codes.length > 0) {
    parts.push(`<h3>Error codes</h3><table><thead><tr><th scope="col">Code</th><th scope="col" class="num">Runs</th></tr></thead><tbody>${codes.map(([c, n]) => `<tr><th scope="row">${esc(c)}</th><td class="num">${n}</td></tr>`).join('')}</tbody></table>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function renderReportHtml(r: Report): string {
  const attention = r.integrations.reduce((s, i) => s + i.attention.length, 0);
  const body =
    r.integrations.length === 0
      ? '<p>No runs in this window.</p>'
      : `<table><caption class="window">Summary</caption><thead><tr><th scope="col">Integration</th><th scope="col">Environment</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Failures</th><th scope="col" class="num">Error rate</th><th scope="col" class="num">p95</th><th scope="col" class="num">Needs attention</th></tr></thead><tbody>${r.integrations
          .map(
            (i, k) =>
              `<tr><th scope="row"><a href="#i${k}-h">${esc(i.integration)}</a></th><td>${esc(i.environment ?? '–')}</td><td class="num">${i.calls}</td><td class="num">${i.failures}</td><td class="num">${i.calls === 0 ? '–' : `${(i.errorRate * 100).toFixed(1)}%`}</td><td class="num">${ms(i.p95Ms, i.calls)}</td><td class="num">${i.attention.length}</td></tr>`,
          )
          .join('')}</tbody></table>\n${r.integrations.map(section).join('\n')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Gateway Ion run report ${esc(r.since.slice(0, 10))} to ${esc(r.until.slice(0, 10))}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Gateway Ion run report</h1>
<p class="window">From <time datetime="${esc(r.since)}">${esc(r.since)}</time> to <time datetime="${esc(r.until)}">${esc(r.until)}</time> (UTC). ${r.integrations.length} integration(s), ${attention} item(s) need attention.</p>
${body}
</main>
</body>
</html>
`;
}
