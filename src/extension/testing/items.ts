/** The tests of one file as Test Explorer shows them (pure, unit-tested): index, name and place. */
import type { ParsedIntegration } from '../../core/parse';

export interface TestEntry {
  index: number;
  name: string;
  /** Offset of the test's entry in the file (its first key). */
  start: number;
  /** 0-based line of `start`. */
  line: number;
}

/** Undefined when the file cannot be read into a value (keep what was shown before); else the entries. */
export function testEntries(parsed: ParsedIntegration): TestEntry[] | undefined {
  if (!parsed.value) return undefined;
  const tests = parsed.value.tests;
  if (!Array.isArray(tests)) return [];
  return tests.map((t, index) => {
    const named = t !== null && typeof t === 'object' && typeof t.name === 'string' && t.name.trim() !== '';
    const start = parsed.rangeOf(['tests', index])?.start ?? parsed.keyRangeOf(['tests'])?.start ?? 0;
    return { index, name: named ? t.name : `test ${index + 1}`, start, line: parsed.position(start).line - 1 };
  });
}

/** What Test Explorer shows on a file's item when its tests cannot be read (undefined: they can). */
export function discoveryError(parsed: ParsedIntegration): string | undefined {
  if (parsed.value) return undefined;
  const first = parsed.diagnostics.find((d) => d.severity === 'error');
  if (!first) return 'the file cannot be read';
  return `line ${parsed.position(first.start).line}: ${first.message} (${first.code}); its tests cannot be read`;
}

/** The Test Explorer id of test `index` of the file `fileId`. */
export function testId(fileId: string, index: number): string {
  return `${fileId}#${index}`;
}

/** The index in an id made by testId, or undefined. */
export function indexOfTestId(id: string): number | undefined {
  const m = /#(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

export function prettyJson(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v, null, 2);
}
