/**
 * `ion run --record` and the editor's "Save as test": a real run becomes an offline test appended
 * to the file's `tests:` (created when absent). The responses are the engine's masked ones (secrets
 * replaced by `***`, in bodies too), with headers trimmed to what a test needs; every attempt that
 * got a response is kept, so a 429-then-200 run records `responses: [429, 200]`. Only the text of
 * `tests:` changes; the rest of the file stays byte for byte.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { chooseEnvironment } from '../engine/environment';
import { parseJsonContainer } from '../json';
import type { FixtureResponse, JsonValue, TestCase, TestExpect } from '../model';
import { nodeAt, type ParsedIntegration } from '../parse';
import type { RunResult } from '../result';
import { applyEdit, columnOf, endOfLine, renderBlock, renderFlow, type TextEdit } from './yaml-edit';

/** One attempt's response as the engine reported it (masked): the `response` run event. */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RecordOptions {
  /** The run's input when one was given (`--input`); absent: the test uses `trigger.input` too. */
  input?: Record<string, JsonValue>;
  /** For the test's name (default: now). */
  now?: Date;
}

const KEPT_HEADERS = new Set(['content-type', 'retry-after', 'location', 'www-authenticate']);

function keepHeader(name: string): boolean {
  const l = name.toLowerCase();
  return KEPT_HEADERS.has(l) || l.startsWith('x-ratelimit-');
}

/** A response as a fixture: status, the headers that matter, the body as JSON when it is JSON. */
export function fixtureOf(r: RecordedResponse): FixtureResponse {
  const f: FixtureResponse = { status: r.status };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) if (keepHeader(k)) headers[k] = v;
  if (Object.keys(headers).length > 0) f.headers = headers;
  if (r.body !== '') {
    // JSON objects and arrays are kept as data; text (and a bare JSON scalar) stays text.
    f.body = (parseJsonContainer(r.body) as JsonValue | undefined) ?? r.body;
  }
  return f;
}

function testName(existing: Set<string>, now: Date): string {
  const iso = now.toISOString();
  const base = `recorded ${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  if (!existing.has(base)) return base;
  for (let i = 2; ; i++) if (!existing.has(`${base} (${i})`)) return `${base} (${i})`;
}

/** The test (plain data) for a finished run. Throws when the run got no response to record. */
export function recordedTestCase(parsed: ParsedIntegration, result: RunResult, responses: RecordedResponse[], options: RecordOptions = {}): TestCase {
  if (responses.length === 0) throw new Error('nothing to record: the run got no response');
  const file = parsed.value!;
  const names = new Set((Array.isArray(file.tests) ? file.tests : []).map((t) => String(t?.name)));
  // Keys in reading order: name, input, env, response(s), expect.
  const test = { name: testName(names, options.now ?? new Date()) } as TestCase;
  if (options.input !== undefined) test.input = options.input;
  let defaultEnv: string | null = null;
  try {
    defaultEnv = chooseEnvironment(file).name;
  } catch {
    defaultEnv = null;
  }
  if (result.environment && result.environment !== defaultEnv) test.env = result.environment;
  const fixtures = responses.map(fixtureOf);
  if (fixtures.length === 1) test.response = fixtures[0];
  else test.responses = fixtures;
  const expect: TestExpect = { ok: result.ok };
  const last = responses[responses.length - 1];
  expect.status = result.response?.status ?? last.status;
  if (result.ok) expect.output = result.output;
  else if (result.errors[0]) expect.error = result.errors[0].code;
  test.expect = expect;
  return test;
}

function testsEdit(parsed: ParsedIntegration, test: TestCase): TextEdit {
  const text = parsed.text;
  const item = test as unknown as JsonValue;
  const { key, value } = nodeAt(parsed.doc, ['tests']);
  if (!key) {
    // No `tests:` yet: a new block at the end of the file.
    const sep = text.length === 0 || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return { start: text.length, end: text.length, text: `${sep}tests:\n  - ${renderBlock(item, 4)}\n` };
  }
  const keyColumn = columnOf(text, key.range![0]);
  if (isSeq(value) && !value.flow && value.items.length > 0) {
    const items = value.items as Node[];
    const col = columnOf(text, value.range![0]);
    const lastEnd = items[items.length - 1].range?.[1] ?? value.range![1];
    const at = endOfLine(text, Math.max(lastEnd - 1, value.range![0]));
    const before = text[at - 1] === '\n' ? '' : '\n';
    return { start: at, end: at, text: `${before}${' '.repeat(col)}- ${renderBlock(item, col + 2)}\n` };
  }
  if (isSeq(value) && value.flow && value.items.length > 0) {
    const close = text.lastIndexOf(']', value.range![1]);
    const lastEnd = (value.items[value.items.length - 1] as Node).range?.[1] ?? close;
    return { start: lastEnd, end: lastEnd, text: `, ${renderFlow(item)}` };
  }
  // `tests:` with nothing, `[]` or null: the value becomes a block sequence.
  if (isMap(value) || (value && !isSeq(value) && !isScalar(value))) throw new Error('tests: is not a list');
  if (isScalar(value) && value.value !== null) throw new Error('tests: is not a list');
  const col = keyColumn + 2;
  const block = `\n${' '.repeat(col)}- ${renderBlock(item, col + 2)}`;
  const at = key.range![1] + 1; // just after `tests:`
  if (value?.range && value.range[1] > value.range[0]) {
    const start = /^\s*$/.test(text.slice(at, value.range[0])) ? at : value.range[0];
    return { start, end: value.range[1], text: block };
  }
  return { start: at, end: at, text: block };
}

/** The file's new text: `test` appended to `tests:`. */
export function appendTest(parsed: ParsedIntegration, test: TestCase): string {
  return applyEdit(parsed.text, testsEdit(parsed, test));
}

/** The file's new text with the run recorded as a test (see the file comment). */
export function recordTest(parsed: ParsedIntegration, result: RunResult, responses: RecordedResponse[], options: RecordOptions = {}): string {
  return appendTest(parsed, recordedTestCase(parsed, result, responses, options));
}
