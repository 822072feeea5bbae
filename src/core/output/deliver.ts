/**
 * `output.to`, after a successful run: the real delivery (files written, http targets called) and
 * the capturing one that fixture tests use (nothing performed, everything recorded).
 */
import { dirname } from 'node:path';
import type { JsonValue, OutputTarget } from '../model';
import type { OutputsSeam } from '../engine/seams';
import type { CapturedOutput } from '../testing/types';
import { writeFileOutput } from './file';
import { sendHttpOutput } from './http';

/** Delivers each target in order; the first failure stops the rest (and fails the run as `output_failed`). */
export const deliverOutputs: OutputsSeam = async (output, targets, ctx) => {
  for (const target of targets) {
    if (target.type === 'file') await writeFileOutput(dirname(ctx.file), target, output);
    else if (target.type === 'http') await sendHttpOutput(target, output, ctx);
  }
};

/** A seam that records what `to:` would have done into `into`, performing nothing. */
export function captureOutputs(into: CapturedOutput[]): OutputsSeam {
  return async (output: JsonValue, targets: OutputTarget[]) => {
    for (const t of targets) {
      if (t.type === 'file') into.push({ type: 'file', target: t.path, body: output });
      else into.push({ type: 'http', target: t.url, method: t.method ?? 'POST', body: output });
    }
  };
}
