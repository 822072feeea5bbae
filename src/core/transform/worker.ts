/**
 * The sandbox's worker thread (docs/reference.md, `transform`): it holds the QuickJS module and runs
 * one transform at a time for pool.ts, so a script never blocks the thread that asked for it.
 * Cancellation crosses as a shared flag the interrupt handler reads (the thread is busy while the
 * script runs, so a message would arrive too late); the hard cap is the pool's, by termination.
 */
import { parentPort } from 'node:worker_threads';
import { loadQuickJS, quickJSLoaded } from './quickjs';
import { runTransformInThread } from './sandbox';
import { TRANSFORM_DEFAULTS, type TransformInput, type TransformOutcome } from './types';

/** A job from the pool. `cancel[0]` becomes non-zero when the caller aborts. */
export interface WorkerJob {
  id: number;
  script: string;
  input: TransformInput;
  timeoutMs?: number;
  memoryBytes?: number;
  cancel: Int32Array;
  /** Post `started` first: the pool has not seen this worker load the module for this cap yet. */
  announce: boolean;
}

/** `started` before the script runs (the pool's hard cap counts from it), then `done`. */
export type WorkerReply = { id: number; started: true } | { id: number; done: TransformOutcome; loaded: boolean };

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: WorkerJob) => {
    void (async () => {
      const signal = { get aborted() { return Atomics.load(job.cancel, 0) !== 0; } } as AbortSignal;
      // Loading the module is not the script's time: it happens before `started`.
      const cap = job.memoryBytes ?? TRANSFORM_DEFAULTS.memoryBytes;
      await loadQuickJS(cap).catch(() => undefined);
      if (job.announce) port.postMessage({ id: job.id, started: true } satisfies WorkerReply);
      const done = await runTransformInThread(job.script, job.input, { timeoutMs: job.timeoutMs, memoryBytes: job.memoryBytes, signal });
      // `loaded`: the module for this cap is still there (an abnormal run may have dropped it).
      port.postMessage({ id: job.id, done, loaded: quickJSLoaded(cap) } satisfies WorkerReply);
    })();
  });
}
