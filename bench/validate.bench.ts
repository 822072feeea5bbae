/**
 * Part 3 — editor latency, in-process. Full validation (`parseIntegration`) and re-validation
 * after a one-character edit (`createIncrementalValidator().update`) at about 50, 1,000 and
 * 10,000 lines, against yaml-language-server's `doValidation` on the same text with our schema
 * (schemas/integration.schema.json), and `yaml`'s bare `parseDocument` for reference.
 * yaml-language-server caches a parse per document version, so each of its calls gets a new
 * version (as an edit would). Interleaved rounds; medians with min-max.
 * Run alone: npx tsx bench/validate.bench.ts (needs `npm install --prefix bench`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { parseIntegration } from '../src/core/parse';
import { createIncrementalValidator } from '../src/core/validate/incremental';
import { makeFile, midEdit } from './lib/files';
import { cell, interleave, ms, ratio, section, stats, table, timeAsync, timeSync, verdict } from './lib/stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getLanguageService } = require('./node_modules/yaml-language-server/lib/umd/languageservice/yamlLanguageService') as {
  getLanguageService: (p: unknown) => {
    configure(s: unknown): void;
    doValidation(doc: unknown, k8s: boolean): Promise<Array<{ message: string }>>;
  };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TextDocument } = require('./node_modules/vscode-languageserver-textdocument') as {
  TextDocument: { create(uri: string, lang: string, version: number, text: string): unknown };
};

const ROOT = join(__dirname, '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/integration.schema.json'), 'utf8')) as unknown;
const ls = getLanguageService({
  schemaRequestService: async (uri: string) => {
    throw new Error(`offline: no schema fetch (${uri})`);
  },
  workspaceContext: { resolveRelativePath: (p: string) => p },
});
ls.configure({ validate: true, completion: false, hover: false, yamlVersion: '1.2', schemas: [{ uri: 'file:///integration.schema.json', fileMatch: ['*.ion.yaml'], schema }] });

let version = 1;
const yls = (text: string) => ls.doValidation(TextDocument.create('file:///bench/file.ion.yaml', 'yaml', version++, text), false);

async function main(): Promise<void> {
  // The schema is applied: a top-level typo must be reported by yaml-language-server.
  const probe = await yls(`${makeFile(50)}\nnmae: x\n`);
  if (!probe.some((d) => /not allowed|nmae/i.test(d.message))) throw new Error(`yaml-language-server did not apply the schema: ${JSON.stringify(probe)}`);

  const rows: string[][] = [];
  const notes: string[] = [];
  const results: Record<string, unknown> = {};
  for (const [lines, rounds] of [
    [50, Number(process.env.BENCH_VALIDATE_ROUNDS_50 ?? 200)],
    [1000, Number(process.env.BENCH_VALIDATE_ROUNDS_1000 ?? 40)],
    [10000, Number(process.env.BENCH_VALIDATE_ROUNDS_10000 ?? 8)],
  ] as const) {
    const a = makeFile(lines);
    const b = midEdit(a);
    for (const t of [a, b]) {
      const p = parseIntegration(t);
      if (p.hasErrors) throw new Error(`generated file has errors: ${p.diagnostics[0].message}`);
    }
    const inc = createIncrementalValidator();
    inc.update(a);
    let flip = false;
    let incModes = new Set<string>();
    const res = await interleave(
      {
        bare: () => timeSync(() => parseDocument(a, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true })),
        full: () => timeSync(() => parseIntegration(a)),
        ylsFull: () => timeAsync(() => yls(a)),
        edit: () => {
          flip = !flip;
          const t = flip ? b : a;
          const ms = timeSync(() => inc.update(t));
          incModes.add(inc.stats.mode);
          return ms;
        },
        ylsEdit: () => timeAsync(() => yls(flip ? b : a)),
      },
      rounds,
      Math.max(2, Math.round(rounds / 10)),
    );
    // Equal results: the incremental answer is the full parse's.
    const check = createIncrementalValidator();
    check.update(a);
    if (JSON.stringify(check.update(b).diagnostics) !== JSON.stringify(parseIntegration(b).diagnostics)) throw new Error('incremental result differs');
    const n = a.split('\n').length;
    const s = { bare: stats(res.bare), full: stats(res.full), ylsFull: stats(res.ylsFull), edit: stats(res.edit), ylsEdit: stats(res.ylsEdit) };
    results[n] = s;
    rows.push([String(n), 'full validation', cell(s.full), cell(s.ylsFull), ratio(s.full.median, s.ylsFull.median), `≤ 0.8×: ${verdict(s.full.median / s.ylsFull.median <= 0.8)}`, cell(s.bare)]);
    rows.push([
      String(n),
      `after a 1-char edit (${[...incModes].join('/')})`,
      cell(s.edit),
      cell(s.ylsEdit),
      ratio(s.edit.median, s.ylsEdit.median),
      lines >= 1000 ? `≤ 0.2×: ${verdict(s.edit.median / s.ylsEdit.median <= 0.2)}` : 'report',
      '—',
    ]);
    incModes = new Set();
  }
  // A large file: 40,000 keys in one map (about 1 MB). Same-run baseline: `yaml`'s bare parse
  // without its duplicate-key check (which is quadratic: 18 s for 40,000 keys before ours).
  {
    const keys = Number(process.env.BENCH_VALIDATE_KEYS ?? 40_000);
    const big = `${makeFile(50)}\nbench_keys:\n${Array.from({ length: keys }, (_, i) => `  key_${i}: value ${i}`).join('\n')}\n`;
    const big4 = `${makeFile(50)}\nbench_keys:\n${Array.from({ length: keys / 4 }, (_, i) => `  key_${i}: value ${i}`).join('\n')}\n`;
    const res = await interleave(
      {
        bare: () => timeSync(() => parseDocument(big, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false })),
        full: () => timeSync(() => parseIntegration(big, { maxBytes: 64 * 1024 * 1024 })),
        quarter: () => timeSync(() => parseIntegration(big4, { maxBytes: 64 * 1024 * 1024 })),
      },
      Number(process.env.BENCH_VALIDATE_ROUNDS_KEYS ?? 5),
      1,
    );
    const s = { bare: stats(res.bare), full: stats(res.full), quarter: stats(res.quarter) };
    results[`keys${keys}`] = s;
    rows.push([
      `${keys.toLocaleString('en-US')} keys (${(big.length / 1e6).toFixed(1)} MB)`,
      'full validation',
      cell(s.full),
      '—',
      `${ratio(s.full.median, s.quarter.median)} of ¼ size`,
      `linear (≤ 6× of ¼ size): ${verdict(s.full.median / s.quarter.median <= 6)}`,
      cell(s.bare),
    ]);
    notes.push(`${keys.toLocaleString('en-US')} keys: one map of \`key_N: value N\` under an unknown top-level key (one \`unknown_key\` diagnostic); "× yls" column: the time of the same validation at a quarter of the keys (linear growth is 4×, quadratic 16×); the bare column is \`parseDocument\` with \`uniqueKeys: false\` (duplicates are checked by our linear pass instead).`);
  }
  const hostFile = process.env.BENCH_HOST_JSON;
  const host = hostFile && existsSync(hostFile)
    ? (JSON.parse(readFileSync(hostFile, 'utf8')) as {
        sizes?: Record<string, { lines: number; openMs: number; editMs: number[] }>;
        jsonFloor?: { lines: number; openMs: number[]; openMedianMs: number };
        largePanel?: { bytes: number; runMedianMs: number; paintMedianMs: number; runs: Array<{ status: string }> };
        error?: string;
      })
    : undefined;
  if (host?.sizes) {
    for (const v of Object.values(host.sizes)) {
      const e = stats(v.editMs);
      const floor = host.jsonFloor && v.lines >= host.jsonFloor.lines - 10 && v.lines <= host.jsonFloor.lines + 10 ? host.jsonFloor : undefined;
      rows.push([
        String(v.lines),
        'real host: open → first diagnostics',
        `${v.openMs.toFixed(0)}`,
        floor ? `JSON floor ${cell(stats(floor.openMs))}` : '—',
        floor ? `${ratio(v.openMs, floor.openMedianMs)} of the JSON floor` : '—',
        floor ? `≤ 1.5× the floor: ${verdict(v.openMs / floor.openMedianMs <= 1.5)}` : 'report',
        '—',
      ]);
      rows.push([String(v.lines), `real host: edit → diagnostics (${v.editMs.length} edits)`, cell(e), '—', '—', 'report', '—']);
    }
    if (host.jsonFloor) notes.push(`JSON floor: VS Code's built-in JSON language features, first diagnostic after opening a broken JSON file of ${host.jsonFloor.lines} lines (a missing comma mid-file), median of ${host.jsonFloor.openMs.length} opens after a warm-up file, in the same host and run.`);
    if (host.largePanel) {
      const lp = host.largePanel;
      rows.push([`${(lp.bytes / 1048576).toFixed(0)}MB response`, 'real host: `gatewayIon.run` → result', ms(lp.runMedianMs), '—', '—', 'report', '—']);
      rows.push(['', 'real host: result → panel first paint', ms(lp.paintMedianMs), '—', '—', `< 1 s: ${verdict(lp.paintMedianMs < 1000)}`, '—']);
      notes.push(`Large response rows: a ${(lp.bytes / 1048576).toFixed(0)}MB JSON body from a loopback server, no transform (the output is the whole body); the panel is sent the first 4,000 values of the output and the body's first 64 KB, so its first paint does not grow with the response (runs: ${lp.runs.map((r) => r.status).join(', ')}).`);
    }
    notes.push('Real host rows: VS Code (code-server harness, headless chromium) on this machine, the extension as built; the time runs from the call to the diagnostics event and includes the provider\'s 150 ms debounce after an edit (not on open) and the round trip to the workbench. The provider validates through the incremental validator.');
  } else notes.push(`Real host: ${host?.error ? `failed: ${host.error.split('\n')[0]}` : 'not measured in this run'}.`);
  notes.push('ours: `parseIntegration` (size/depth guards, `yaml` parse, schema via the ajv standalone validator, references, semantic rules, secrets); after an edit: `createIncrementalValidator().update(text)` (re-parses the edited `tests:` item, stitches the cached blocks, re-runs every check on the whole file; result equal to a full parse).');
  notes.push('yaml-language-server: `getLanguageService(...).doValidation(TextDocument, false)` with the same JSON Schema inline, a new document version per call (its parse cache is per version, as after an edit).');
  notes.push('Files: the README example header plus alternating `tests:` entries; the edit inserts one character in a test name in the middle of the file, alternating between the two texts.');
  section('3. Editor latency (in-process)', table(['lines', 'work', 'ours ms', 'yaml-language-server ms', '× yls', 'goal', 'bare yaml.parseDocument ms'], rows), notes);
  if (process.env.BENCH_JSON) console.error(JSON.stringify(results));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
