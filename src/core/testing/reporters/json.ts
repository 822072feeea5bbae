/** The machine reporter of `ion test --reporter json`: one object, stable keys. */
import type { TestFileResult } from '../types';
import { summarize } from './spec';

export function renderJson(files: TestFileResult[]): string {
  const report = {
    ...summarize(files),
    files: files.map((f) => ({
      file: f.file,
      integration: f.integration,
      error: f.error ?? null,
      tests: f.tests.map((t) => ({
        name: t.name,
        index: t.index,
        state: t.state,
        durationMs: Math.round(t.durationMs),
        virtualWaitMs: t.virtualWaitMs,
        failures: t.failures,
        skippedReason: t.skippedReason ?? null,
        result: t.result ?? null,
        outputs: t.outputs ?? [],
      })),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
