// Summarizes a .cpuprofile (node --cpu-prof): self time by function and by file/package.
// Usage: node bench/lib/profile-top.mjs FILE.cpuprofile [N]
import { readFileSync } from 'node:fs';

const [file, n = '15'] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const dt = new Map();
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
const byPkg = new Map();
for (const node of p.nodes) {
  const t = dt.get(node.id) ?? 0;
  if (!t) continue;
  const cf = node.callFrame;
  const where = cf.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.includes('/src/') ? `src/${where.split('/src/')[1].split('/').slice(0, 2).join('/')}` : where || `(${cf.functionName || 'native'})`);
  const key = `${cf.functionName || '(anonymous)'} ${where.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
}
const show = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(n)).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`total ${(total / 1000).toFixed(0)} ms\n-- by package/file --\n${show(byPkg)}\n-- by function --\n${show(byFn)}`);
