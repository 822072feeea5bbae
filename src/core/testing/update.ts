/**
 * `ion test --update`: a failing test whose only failure is `output` gets its `expect.output`
 * rewritten to what the run produced. Only that node's text changes (or `output:` is inserted into
 * `expect:`); the new file is re-parsed and the test re-run to confirm it passes before it is kept.
 */
import { isMap } from 'yaml';
import type { JsonValue } from '../model';
import { nodeAt, parseIntegration, type ParsedIntegration } from '../parse';
import { diffJson, type DiffLine } from './deep';
import { runParsedTests, type RunTestFileOptions } from './runner';
import type { TestCaseResult, TestFileResult } from './types';
import { applyEdit, insertIntoMap, replaceValue } from './yaml-edit';

/** The file's text with `tests[index].expect.output` set to `value`. Throws when `expect` is not a map. */
export function setExpectedOutput(parsed: ParsedIntegration, index: number, value: JsonValue): string {
  const output = nodeAt(parsed.doc, ['tests', index, 'expect', 'output']).value;
  if (output) return applyEdit(parsed.text, replaceValue(parsed.text, output, value));
  const expect = nodeAt(parsed.doc, ['tests', index, 'expect']).value;
  if (!expect || !isMap(expect)) throw new Error(`tests[${index}].expect is not a map`);
  return applyEdit(parsed.text, insertIntoMap(parsed.text, expect, 'output', value));
}

/** A test `--update` may rewrite: failed, and on `output` only. */
export function updatable(t: TestCaseResult): boolean {
  return t.state === 'failed' && t.failures.length > 0 && t.failures.every((f) => f.key === 'output') && t.result !== undefined;
}

export interface OutputUpdate {
  index: number;
  name: string;
  diff: DiffLine[];
  /** True when the re-run with the new expectation passed (and the change was kept). */
  confirmed: boolean;
  /** The re-run's result of this test. */
  rerun?: TestCaseResult;
  problem?: string;
}

export interface FileUpdate {
  text: string;
  updates: OutputUpdate[];
}

/** Applies every updatable test of `result` to `text`, one at a time, each confirmed by a re-run. */
export async function updateOutputs(
  path: string,
  text: string,
  result: TestFileResult,
  /** How the tests were run (`live` and its secrets): the confirming re-run runs the same way. */
  runOptions: Pick<RunTestFileOptions, 'live' | 'liveOptions'> = {},
): Promise<FileUpdate> {
  let current = text;
  const updates: OutputUpdate[] = [];
  for (const t of result.tests.filter(updatable)) {
    const actual = (t.result!.output ?? null) as JsonValue;
    const expected = t.failures[0].expected;
    const update: OutputUpdate = { index: t.index, name: t.name, diff: diffJson(expected, actual), confirmed: false };
    updates.push(update);
    let next: string;
    try {
      next = setExpectedOutput(parseIntegration(current, { fileName: path }), t.index, actual);
    } catch (e) {
      update.problem = (e as Error).message;
      continue;
    }
    const reparsed = parseIntegration(next, { fileName: path });
    if (reparsed.hasErrors) {
      update.problem = 'the rewritten file does not validate; left unchanged';
      continue;
    }
    const rerun = await runParsedTests(reparsed, path, { ...runOptions, only: [t.index] });
    update.rerun = rerun.tests[0];
    if (update.rerun?.state !== 'passed') {
      update.problem = `the test still fails with the new output: ${update.rerun?.failures.map((f) => f.message).join('; ') ?? 'not run'}`;
      continue;
    }
    update.confirmed = true;
    current = next;
  }
  return { text: current, updates };
}
