/**
 * The flow of an integration (README, "Plan and document an integration"): trigger → request (with
 * its auth and retry) → validation → transform → outputs, as plain data, then drawn as an ASCII
 * diagram (`ion docs`) and as SVG (the response panel's "Flow" section). Every trigger kind
 * (manual, schedule, webhook with or without a request) and output kind (file, http, none) has a
 * drawing.
 */
import { isPushOnly } from '../readiness';
import { DEFAULT_RETRY_ON } from '../retry/policy';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export type FlowStageKind = 'trigger' | 'request' | 'event' | 'validate' | 'transform' | 'outputs';

export interface FlowBox {
  /** `schedule`, `GET`, `file`, … : the word in brackets. */
  tag: string;
  /** The first line. */
  title: string;
  /** Further lines (auth, retry, …). */
  lines: string[];
}

export interface FlowStage extends FlowBox {
  kind: FlowStageKind;
}

export interface Flow {
  stages: FlowStage[];
  /** The output targets, drawn fanning out of the `outputs` stage; empty: none (the result only). */
  targets: FlowBox[];
}

function list(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(', ') : String(v);
}

export function describeAuth(auth: unknown): string {
  if (!isObj(auth)) return 'none';
  switch (auth.type) {
    case 'none':
      return 'none';
    case 'apiKey':
      return `API key in the ${auth.in === 'query' ? 'query parameter' : 'header'} ${String(auth.name ?? '')}`.trimEnd();
    case 'bearer':
      return 'bearer token';
    case 'basic':
      return 'basic (user name and password)';
    case 'headers':
      return `custom headers (${isObj(auth.headers) ? Object.keys(auth.headers).join(', ') : ''})`;
    case 'oauth2':
      return `OAuth2 ${String(auth.grant ?? '')} (token from ${String(auth.tokenUrl ?? '?')})`;
    default:
      return String(auth.type ?? 'unknown');
  }
}

/** `up to 3 attempts on 429, 502, … (backoff 500ms to 10s)` or `one attempt (no retry block)`. */
export function describeRetry(retry: unknown): string {
  if (!isObj(retry)) return 'one attempt (no retry block)';
  const n = typeof retry.maxAttempts === 'number' ? retry.maxAttempts : 3;
  const on = Array.isArray(retry.on) ? retry.on : DEFAULT_RETRY_ON;
  const b = isObj(retry.backoff) ? retry.backoff : {};
  return `up to ${n} attempts on ${list(on)} (backoff ${String(b.initial ?? '500ms')} to ${String(b.max ?? '30s')})`;
}

function triggerStage(value: Obj): FlowStage {
  const t = isObj(value.trigger) ? value.trigger : undefined;
  const inputKeys = (o: Obj | undefined) => (isObj(o?.input) ? Object.keys(o.input) : []);
  const inputLine = (o: Obj | undefined) => (inputKeys(o).length > 0 ? [`input: ${inputKeys(o).join(', ')}`] : []);
  if (t?.type === 'schedule') {
    return { kind: 'trigger', tag: 'schedule', title: `cron "${String(t.cron ?? '')}"`, lines: [str(t.timezone) ? `time zone ${String(t.timezone)}` : 'local time', ...inputLine(t)] };
  }
  if (t?.type === 'webhook') {
    const path = str(t.path) ?? `/hooks/${String(value.name ?? 'NAME')}`;
    const sig = isObj(t.signature) ? `signed (${String(t.signature.scheme ?? '?')})` : 'unsigned';
    return { kind: 'trigger', tag: 'webhook', title: `${String(t.method ?? 'POST')} ${path}`, lines: [sig, ...inputLine(t)] };
  }
  return { kind: 'trigger', tag: 'manual', title: 'on demand: Run in VS Code, ion run', lines: inputLine(t) };
}

function requestStage(value: Obj): FlowStage {
  if (isPushOnly(value)) return { kind: 'event', tag: 'event', title: 'the webhook body is the input', lines: ['no request is sent'] };
  const r = isObj(value.request) ? value.request : {};
  const lines = [`auth: ${describeAuth(value.auth)}`, `retry: ${describeRetry(value.retry)}`];
  if (r.timeout !== undefined) lines.push(`timeout: ${String(r.timeout)}`);
  const rl = isObj(value.rateLimit) ? value.rateLimit : undefined;
  if (rl) lines.push(`rate limit: ${String(rl.requests ?? '?')} requests per ${String(rl.per ?? '?')}`);
  if (isObj(value.paginate)) lines.push(`paginate: ${String(value.paginate.type ?? value.paginate.style ?? 'yes')}`);
  if (isObj(value.cache)) lines.push(`cache: ${String(value.cache.ttl ?? 'yes')}`);
  return { kind: 'request', tag: 'request', title: `${String(r.method ?? 'GET')} ${String(r.url ?? '?')}`, lines };
}

function validateStage(value: Obj): FlowStage {
  const v = isObj(value.validate) ? value.validate : {};
  if (isPushOnly(value)) return { kind: 'validate', tag: 'validate', title: v.response !== undefined ? 'the event against validate.response' : 'the event is not checked', lines: [] };
  const status = Array.isArray(v.status) && v.status.length > 0 ? `status ${list(v.status)}` : 'status 2xx';
  const lines = v.response !== undefined ? ['body against validate.response'] : ['body not checked'];
  return { kind: 'validate', tag: 'validate', title: status, lines };
}

function transformStage(value: Obj): FlowStage {
  const t = value.transform;
  if (t === undefined) return { kind: 'transform', tag: 'transform', title: 'none', lines: ['the output is the parsed body'] };
  if (isObj(t) && str(t.file)) return { kind: 'transform', tag: 'transform', title: `script ${String(t.file)}`, lines: [] };
  return { kind: 'transform', tag: 'transform', title: 'inline script', lines: [] };
}

function targets(value: Obj): FlowBox[] {
  const o = isObj(value.output) ? value.output : {};
  const to = Array.isArray(o.to) ? o.to : [];
  return to.filter(isObj).map((t) => {
    if (t.type === 'file') return { tag: 'file', title: String(t.path ?? '?'), lines: [t.format === 'json' ? 'json: replaces the file' : 'jsonl: appends a line'] };
    if (t.type === 'http') return { tag: 'http', title: `${String(t.method ?? 'POST')} ${String(t.url ?? '?')}`, lines: [] };
    return { tag: String(t.type ?? '?'), title: '', lines: [] };
  });
}

export function flowOf(file: unknown): Flow {
  const value = isObj(file) ? file : {};
  const o = isObj(value.output) ? value.output : {};
  const outs = targets(value);
  const outputs: FlowStage = {
    kind: 'outputs',
    tag: 'outputs',
    title: outs.length === 0 ? 'none: the result only' : outs.length === 1 ? 'one target' : `${outs.length} targets`,
    lines: o.schema !== undefined ? ['checked against output.schema'] : [],
  };
  return { stages: [triggerStage(value), requestStage(value), validateStage(value), transformStage(value), outputs], targets: outs };
}

/** The flow as text, one stage a line, `->` between stages and to each output target. */
export function asciiFlow(flow: Flow): string {
  const out: string[] = [];
  flow.stages.forEach((s, i) => {
    const lead = i === 0 ? '' : '  -> ';
    const head = `${lead}[${s.tag}] `;
    out.push(`${head}${s.title}`.trimEnd());
    const pad = ' '.repeat(head.length);
    for (const l of s.lines) out.push(`${pad}${l}`);
  });
  const indent = ' '.repeat(7);
  for (const t of flow.targets) {
    const head = `${indent}-> [${t.tag}] `;
    out.push(`${head}${t.title}`.trimEnd());
    for (const l of t.lines) out.push(`${' '.repeat(head.length)}${l}`);
  }
  return `${out.join('\n')}\n`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const MAX_CHARS = 44;
function clip(s: string): string {
  return s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s;
}

/**
 * The flow as an SVG string: the stages left to right, the output targets stacked at the right.
 * Colours come from `currentColor` and classes (`flow-box`, `flow-tag`, `flow-arrow`), so the
 * panel's stylesheet themes it; every text is escaped.
 */
export function svgFlow(flow: Flow): string {
  const CH = 7; // px per character at 12px monospace
  const LINE = 16;
  const BOX_W = MAX_CHARS * CH + 16;
  const GAP = 36;
  const boxH = (b: FlowBox) => 12 + LINE * (2 + Math.min(b.lines.length, 3));
  const parts: string[] = [];
  const box = (b: FlowBox, x: number, y: number, cls: string) => {
    const h = boxH(b);
    parts.push(`<g class="${cls}"><rect class="flow-box" x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="6" fill="none" stroke="currentColor"/>`);
    parts.push(`<text class="flow-tag" x="${x + 8}" y="${y + 20}" font-weight="bold" fill="currentColor">${esc(b.tag)}</text>`);
    [b.title, ...b.lines.slice(0, 3)].forEach((l, i) => parts.push(`<text x="${x + 8}" y="${y + 20 + LINE * (i + 1)}" fill="currentColor">${esc(clip(l))}</text>`));
    parts.push('</g>');
    return h;
  };
  const arrow = (x1: number, y1: number, x2: number, y2: number) => parts.push(`<line class="flow-arrow" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="currentColor" marker-end="url(#flow-arrowhead)"/>`);
  const top = 10;
  const stageH = Math.max(...flow.stages.map(boxH));
  let x = 10;
  flow.stages.forEach((s, i) => {
    box(s, x, top, `flow-stage flow-${s.kind}`);
    if (i > 0) arrow(x - GAP, top + stageH / 2, x - 2, top + stageH / 2);
    x += BOX_W + GAP;
  });
  let height = top + stageH + 10;
  if (flow.targets.length > 0) {
    let y = top;
    const from = x - GAP;
    for (const t of flow.targets) {
      const h = box(t, x, y, `flow-target flow-${t.tag}`);
      arrow(from, top + stageH / 2, x - 2, y + h / 2);
      y += h + 10;
    }
    x += BOX_W + GAP;
    height = Math.max(height, y);
  }
  const width = x - GAP + 10;
  const defs = '<defs><marker id="flow-arrowhead" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="currentColor"/></marker></defs>';
  const title = `<title>${esc(flow.stages.map((s) => s.tag).join(' → '))}${flow.targets.length ? ` → ${esc(flow.targets.map((t) => t.tag).join(', '))}` : ''}</title>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="flow" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">${title}${defs}${parts.join('')}</svg>`;
}
