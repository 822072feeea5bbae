/**
 * Transforms run in worker threads (docs/reference.md, `transform`): the calling thread (the
 * editor's extension host, the CLI) only awaits. The interrupt handler stops a script at its
 * `timeout`; a script it cannot stop in time (one long built-in call such as a huge `Array.fill`
 * is a single step) is stopped by terminating its worker `HARD_CAP_GRACE_MS` after the cap, and a
 * new worker takes the next job. A cancellation that the script does not see within the same
 * grace ends the same way.
 *
 * Idle workers do not keep the process alive (a CLI exits when its work ends); `closeTransformWorkers`
 * terminates them all (the extension's `deactivate`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { cancelledError, timeoutError } from './errors';
import { TRANSFORM_DEFAULTS, type TransformError, type TransformInput, type TransformOptions, type TransformOutcome } from './types';
import type { WorkerJob, WorkerReply } from './worker';

/** How long past its cap (or its cancellation) a script may run before its worker is terminated. */
export const HARD_CAP_GRACE_MS = 100;
/** The built worker, next to the bundle that loads it (esbuild.mjs). */
const BUILT_WORKER = 'transform-worker.js';

interface Job {
  message: WorkerJob;
  timeoutMs: number;
  memoryBytes: number;
  resolve(outcome: TransformOutcome): void;
  signal?: AbortSignal;
  onAbort?: () => void;
  startedAt?: number;
  timer?: ReturnType<typeof setTimeout>;
}

interface Slot {
  worker: Worker;
  job?: Job;
  /** Memory caps whose module this worker has loaded: a job with one of them starts at once. */
  loaded: Set<number>;
}

let size = 1;
const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

/** The pool's size (workers started on demand up to it); the CLI's `ion test` uses a few. */
export function setTransformWorkers(count: number): void {
  size = Math.max(1, Math.floor(count));
  pump();
}

/** Terminates every worker; running and queued transforms end as cancelled. */
export async function closeTransformWorkers(): Promise<void> {
  for (const job of queue.splice(0)) settle(job, failed(job, cancelledError()));
  const all = slots.splice(0);
  for (const slot of all) if (slot.job) settle(slot.job, failed(slot.job, cancelledError()));
  await Promise.all(all.map((s) => s.worker.terminate().catch(() => undefined)));
}

/** The worker's file and how to start it: the built bundle, or the TypeScript source under tsx (unit tests). */
function newWorker(): Worker {
  const built = join(__dirname, BUILT_WORKER);
  if (existsSync(built)) return new Worker(built);
  // Node refuses a `.ts` entry file whatever the loader, so the source is required through tsx's hook.
  const source = join(__dirname, 'worker.ts');
  if (existsSync(source)) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true });
  throw new Error(`${BUILT_WORKER} is missing next to ${__dirname}`);
}

function failed(job: Job, error: TransformError): TransformOutcome {
  return { ok: false, error, logs: [], durationMs: job.startedAt === undefined ? 0 : performance.now() - job.startedAt };
}

function settle(job: Job, outcome: TransformOutcome): void {
  if (job.timer) clearTimeout(job.timer);
  job.timer = undefined;
  if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
  job.resolve(outcome);
}

/** Ends `slot`'s job with `outcome`, terminates its worker and lets a new one take the queue. */
function replace(slot: Slot, outcome: TransformOutcome | undefined): void {
  const at = slots.indexOf(slot);
  if (at < 0) return;
  slots.splice(at, 1);
  const job = slot.job;
  slot.job = undefined;
  void slot.worker.terminate().catch(() => undefined);
  if (job && outcome) settle(job, outcome);
  pump();
}

function sandboxFailure(message: string): TransformError {
  return { kind: 'error', message: `the sandbox failed: ${message}` };
}

/** The script starts now: its hard cap runs from here. */
function start(slot: Slot, job: Job): void {
  job.startedAt = performance.now();
  if (job.timer) return; // cancelled already: its own grace runs
  job.timer = setTimeout(() => replace(slot, failed(job, timeoutError(job.timeoutMs))), job.timeoutMs + HARD_CAP_GRACE_MS);
}

function spawn(): Slot {
  const worker = newWorker();
  const slot: Slot = { worker, loaded: new Set() };
  worker.on('message', (reply: WorkerReply) => {
    const job = slot.job;
    if (!job || reply.id !== job.message.id) return;
    if ('started' in reply) {
      start(slot, job);
      return;
    }
    if (reply.loaded) slot.loaded.add(job.memoryBytes);
    else slot.loaded.delete(job.memoryBytes);
    slot.job = undefined;
    worker.unref();
    settle(job, reply.done);
    pump();
  });
  worker.on('error', (e) => {
    const job = slot.job;
    replace(slot, job && failed(job, sandboxFailure(e instanceof Error ? e.message : String(e))));
  });
  worker.on('exit', (code) => {
    const job = slot.job;
    replace(slot, job && failed(job, sandboxFailure(`its worker exited (${code})`)));
  });
  worker.unref();
  slots.push(slot);
  return slot;
}

function pump(): void {
  while (queue.length > 0) {
    let slot = slots.find((s) => !s.job);
    if (!slot && slots.length < size) {
      try {
        slot = spawn();
      } catch (e) {
        const job = queue.shift()!;
        settle(job, failed(job, { kind: 'error', message: `the transform sandbox could not start: ${e instanceof Error ? e.message : String(e)}` }));
        continue;
      }
    }
    if (!slot) return;
    const job = queue.shift()!;
    slot.job = job;
    // A busy worker keeps the process alive until its answer (an idle one does not).
    slot.worker.ref();
    // Loading a module is not the script's time: a worker that has not loaded this cap's module
    // yet says when the script starts; otherwise it starts on arrival.
    job.message.announce = !slot.loaded.has(job.memoryBytes);
    slot.worker.postMessage(job.message);
    if (!job.message.announce) start(slot, job);
  }
}

/**
 * `input` as it crosses to the worker: `json` as its JSON text (one string copy) instead of an
 * object graph for the structured clone (a 50MB body is ~640,000 objects), which the worker would
 * turn back into text for the sandbox anyway.
 */
function wireInput(input: TransformInput): TransformInput {
  if (input.json === undefined || input.json === null || typeof input.json !== 'object') return input;
  const { json, ...rest } = input;
  return { ...rest, jsonText: input.jsonText ?? JSON.stringify(json) };
}

/**
 * Runs `script` on `input` in a worker, with its caps (docs/reference.md, `transform`). Resolves,
 * never rejects: failures are outcomes.
 */
export function runTransform(script: string, input: TransformInput, options: TransformOptions = {}): Promise<TransformOutcome> {
  if (options.signal?.aborted) return Promise.resolve({ ok: false, error: cancelledError(), logs: [], durationMs: 0 });
  return new Promise((resolve) => {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const job: Job = {
      message: { id: nextId++, script, input: wireInput(input), timeoutMs: options.timeoutMs, memoryBytes: options.memoryBytes, cancel, announce: true },
      timeoutMs: options.timeoutMs ?? TRANSFORM_DEFAULTS.timeoutMs,
      memoryBytes: options.memoryBytes ?? TRANSFORM_DEFAULTS.memoryBytes,
      resolve,
      signal: options.signal,
    };
    if (options.signal) {
      job.onAbort = () => {
        const queued = queue.indexOf(job);
        if (queued >= 0) {
          queue.splice(queued, 1);
          settle(job, failed(job, cancelledError()));
          return;
        }
        Atomics.store(cancel, 0, 1);
        const slot = slots.find((s) => s.job === job);
        if (!slot) return;
        if (job.timer) clearTimeout(job.timer);
        job.timer = setTimeout(() => replace(slot, failed(job, cancelledError())), HARD_CAP_GRACE_MS);
      };
      options.signal.addEventListener('abort', job.onAbort, { once: true });
    }
    queue.push(job);
    pump();
  });
}
