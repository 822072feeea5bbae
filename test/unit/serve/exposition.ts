/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line
 * is a HELP, a TYPE or a sample of a declared family; names, label syntax, escapes and values are
 * checked; a histogram's buckets are cumulative and end with +Inf equal to _count. Throws on any
 * deviation.
 */
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface Exposition {
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
  value(name: string, labels: Record<string, string>): number | undefined;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels: ${line}`);
    const name = text.slice(i, eq);
    if (!LABEL.test(name) || name in out) throw new Error(`bad label name ${name}: ${line}`);
    if (text[eq + 1] !== '"') throw new Error(`label value not quoted: ${line}`);
    let j = eq + 2;
    let v = '';
    for (;;) {
      if (j >= text.length) throw new Error(`unterminated label value: ${line}`);
      const c = text[j];
      if (c === '\\') {
        const n = text[j + 1];
        if (n === 'n') v += '\n';
        else if (n === '\\' || n === '"') v += n;
        else throw new Error(`bad escape \\${n}: ${line}`);
        j += 2;
      } else if (c === '"') break;
      else if (c === '\n') throw new Error(`raw newline: ${line}`);
      else {
        v += c;
        j++;
      }
    }
    out[name] = v;
    j++;
    if (j < text.length) {
      if (text[j] !== ',') throw new Error(`expected , between labels: ${line}`);
      j++;
    }
    i = j;
  }
  return out;
}

function parseValue(s: string, line: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) throw new Error(`bad value ${s}: ${line}`);
  return Number(s);
}

export function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Exposition['samples'] = [];
  const seen = new Set<string>();
  const familyOf = (name: string) => {
    for (const suffix of ['_bucket', '_sum', '_count']) {
      const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
      if (base && types.get(base) === 'histogram') return base;
    }
    return name;
  };
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
      if (!m) throw new Error(`bad comment line: ${line}`);
      if (!NAME.test(m[2])) throw new Error(`bad metric name: ${line}`);
      if (m[1] === 'TYPE') {
        if (types.has(m[2])) throw new Error(`second TYPE for ${m[2]}`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3])) throw new Error(`bad type: ${line}`);
        if (samples.some((s) => familyOf(s.name) === m[2])) throw new Error(`TYPE after samples: ${line}`);
        types.set(m[2], m[3]);
      } else {
        if (helps.has(m[2])) throw new Error(`second HELP for ${m[2]}`);
        helps.add(m[2]);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`bad sample line: ${JSON.stringify(line)}`);
    const labels = m[2] === undefined ? {} : parseLabels(m[2], line);
    const family = familyOf(m[1]);
    if (!types.has(family)) throw new Error(`sample of an undeclared family: ${line}`);
    const key = `${m[1]}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series: ${line}`);
    seen.add(key);
    const value = parseValue(m[3], line);
    if (types.get(family) === 'counter' && !(value >= 0)) throw new Error(`negative counter: ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  // Histograms: cumulative buckets ending at +Inf == _count.
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const groups = new Map<string, Array<{ le: number; value: number }>>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      if (s.labels.le === undefined) throw new Error(`bucket without le: ${family}`);
      const { le, ...rest } = s.labels;
      const k = JSON.stringify(Object.entries(rest).sort());
      groups.set(k, [...(groups.get(k) ?? []), { le: parseValue(le, family), value: s.value }]);
    }
    for (const [k, buckets] of groups) {
      for (let i = 1; i < buckets.length; i++) {
        if (!(buckets[i].le > buckets[i - 1].le) || buckets[i].value < buckets[i - 1].value) throw new Error(`buckets not cumulative: ${family} ${k}`);
      }
      const last = buckets.at(-1)!;
      if (last.le !== Infinity) throw new Error(`no +Inf bucket: ${family} ${k}`);
      const count = samples.find((s) => s.name === `${family}_count` && JSON.stringify(Object.entries(s.labels).sort()) === k);
      if (!count || count.value !== last.value) throw new Error(`+Inf bucket != _count: ${family} ${k}`);
    }
  }
  return {
    samples,
    value: (name, labels) => samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()))?.value,
  };
}
