/**
 * One transform run in QuickJS (WebAssembly), on the worker thread (pool.ts): each transform is
 * compiled once in a locked-down context of its own (LOCKDOWN, strict mode) in a reused runtime (see
 * runtime.ts) and called per run with a fresh `input`; caps on time (interrupt handler with a
 * deadline, also across pending jobs), memory, stack and output size. The context is discarded
 * after any abnormal end and after MAX_RUNS_PER_CONTEXT runs (docs/reference.md, "The transform sandbox").
 * Only `input` (as JSON) and `console.*` cross into the VM; only JSON crosses out.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import type { JsonValue } from '../model';
import { cancelledError, classify, memoryError, SCRIPT_FILE, stackError, timeoutError, type VmErrorInfo } from './errors';
import { disposeVmJson, dumpValue, HostCalls, inputIn, installFixedConsole, jsonOut, LogSink, MarshalError, REFUSE_SOURCE, vmJson, type RunIO, type VmJson } from './marshal';
import { discardQuickJS, filledDuringRun, loadQuickJS, memorySize, type QuickJSHost } from './quickjs';
import { acquireRuntime, forgetRuntime, releaseRuntime } from './runtime';
import { TRANSFORM_DEFAULTS, type TransformError, type TransformInput, type TransformOptions, type TransformOutcome } from './types';

/**
 * Compiled as one array `[refuse, transform]`: the output replacer and the script's function share
 * the first line, so script line N is reported as line N (columns on line 1 lose the prefix's length).
 */
export const WRAPPER_PREFIX = `'use strict';[${REFUSE_SOURCE}, async function (input) { `;
const WRAPPER_SUFFIX = '\n}]';

/**
 * Run in a new context before the script is compiled: freezes every object reachable from
 * `globalThis` (the intrinsics, `console`, the global object itself) and the intrinsics reachable
 * only through syntax (generator, async and iterator prototypes), through prototypes, values and
 * accessors. With the script in strict mode, a run can then keep nothing for the next: a write to
 * a global or a built-in throws, and everything else a run makes is its own.
 */
const LOCKDOWN = `(function () {
  'use strict';
  const { getPrototypeOf, getOwnPropertyDescriptor, freeze } = Object;
  const ownKeys = Reflect.ownKeys;
  const seen = new Set();
  const todo = [globalThis, getPrototypeOf(function* () {}), getPrototypeOf(async function () {}), getPrototypeOf(async function* () {}),
    getPrototypeOf((function* () {})()), getPrototypeOf((async function* () {})()), getPrototypeOf([][Symbol.iterator]()),
    getPrototypeOf(new Map()[Symbol.iterator]()), getPrototypeOf(new Set()[Symbol.iterator]()), getPrototypeOf(''[Symbol.iterator]()),
    getPrototypeOf(/a/[Symbol.matchAll]('a'))];
  while (todo.length > 0) {
    const o = todo.pop();
    if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
    seen.add(o);
    todo.push(getPrototypeOf(o));
    for (const k of ownKeys(o)) {
      const d = getOwnPropertyDescriptor(o, k);
      if ('value' in d) todo.push(d.value);
      else todo.push(d.get, d.set);
    }
  }
  for (const o of seen) freeze(o);
})()`;

/** Runs of one compiled transform before its context is replaced by a fresh one. */
export const MAX_RUNS_PER_CONTEXT = 1000;
/** Compiled transforms kept per runtime (the least recently compiled one goes first). */
const MAX_COMPILED = 32;

/** A transform compiled once in its own locked-down context, called once per run. */
interface Compiled {
  ctx: QuickJSContext;
  fn: QuickJSHandle;
  json: VmJson;
  io: RunIO;
  runs: number;
}

const compiledByRuntime = new WeakMap<QuickJSRuntime, Map<string, Compiled>>();

function disposeCompiled(c: Compiled): void {
  c.fn.dispose();
  disposeVmJson(c.json);
  c.ctx.dispose();
}

/** Disposes every context compiled in `rt` (before `rt` itself is disposed). False when that failed. */
function disposeAllCompiled(rt: QuickJSRuntime): boolean {
  const map = compiledByRuntime.get(rt);
  compiledByRuntime.delete(rt);
  if (!map) return true;
  try {
    for (const c of map.values()) disposeCompiled(c);
    return true;
  } catch {
    return false;
  }
}

interface RunState {
  host: QuickJSHost;
  deadline: number;
  interrupted: boolean;
  aborted: boolean;
  timeoutMs: number;
  memoryBytes: number;
  signal?: AbortSignal;
  /** Failures inside host functions the script called (see HostCalls). */
  calls: HostCalls;
  /** The WebAssembly memory's size when the run started. */
  startBytes: number;
}

/** True when this run filled the heap (see filledDuringRun). */
function exhausted(state: RunState): boolean {
  return filledDuringRun(state.host, state.startBytes);
}

class VmFailure extends Error {
  constructor(readonly failure: TransformError) {
    super(failure.message);
  }
}

/** A thrown value that is not an Error, as text: `thrown: 42`, `thrown: Symbol(x)`, `thrown: 10n`. */
function thrownText(dumped: unknown): string {
  if (typeof dumped === 'string') return dumped;
  if (typeof dumped === 'symbol' || typeof dumped === 'bigint' || dumped === undefined) return String(dumped);
  return JSON.stringify(dumped) ?? String(dumped);
}

function errorInfo(ctx: QuickJSContext, handle: QuickJSHandle): VmErrorInfo {
  try {
    const dumped = dumpValue(ctx, handle);
    if (dumped && typeof dumped === 'object') {
      const d = dumped as Record<string, unknown>;
      return {
        name: typeof d.name === 'string' ? d.name : undefined,
        message: typeof d.message === 'string' ? d.message : JSON.stringify(dumped),
        stack: typeof d.stack === 'string' ? d.stack : undefined,
        lineNumber: typeof d.lineNumber === 'number' ? d.lineNumber : undefined,
      };
    }
    return { message: `thrown: ${thrownText(dumped)}` };
  } catch {
    // Copying the error out needed memory the VM no longer had.
    return { name: 'InternalError', message: 'out of memory' };
  }
}

function fail(ctx: QuickJSContext, state: RunState, handle: QuickJSHandle): never {
  let info = errorInfo(ctx, handle);
  handle.dispose();
  // With the heap exhausted QuickJS may not even manage to build the error object: the VM
  // then throws nothing (`null`).
  if (!info.name && exhausted(state) && (info.message === 'thrown: null' || info.message === 'thrown: undefined')) {
    info = { name: 'InternalError', message: 'out of memory' };
  }
  throw new VmFailure(
    classify(info, {
      interrupted: state.interrupted,
      aborted: state.aborted,
      timeoutMs: state.timeoutMs,
      memoryBytes: state.memoryBytes,
      prefixLength: WRAPPER_PREFIX.length,
    }),
  );
}

function checkTime(state: RunState): void {
  if (state.signal?.aborted) {
    state.aborted = true;
    throw new VmFailure(cancelledError());
  }
  if (performance.now() > state.deadline) {
    state.interrupted = true;
    throw new VmFailure(timeoutError(state.timeoutMs));
  }
}

/** Runs pending jobs in batches until `promise` settles, the deadline passes, or nothing is left to run. */
function settle(rt: QuickJSRuntime, ctx: QuickJSContext, state: RunState, promise: QuickJSHandle): QuickJSHandle {
  for (;;) {
    const st = ctx.getPromiseState(promise);
    if (st.type === 'fulfilled') return st.value;
    if (st.type === 'rejected') fail(ctx, state, st.error);
    checkTime(state);
    if (!rt.hasPendingJob()) {
      // A job that failed for lack of memory can leave its promise pending.
      if (exhausted(state)) throw new VmFailure(memoryError(state.memoryBytes));
      throw new VmFailure({
        kind: 'error',
        message: 'the transform awaited a promise that never settles (no timers or I/O exist in the sandbox)',
      });
    }
    const jobs = rt.executePendingJobs(TRANSFORM_DEFAULTS.jobBatch);
    if (jobs.error) fail(ctx, state, jobs.error);
  }
}

/** A new context for `script`: console, lockdown, then the script compiled (not yet called). */
function compile(rt: QuickJSRuntime, state: RunState, script: string, io: RunIO): Compiled {
  const ctx = rt.newContext();
  try {
    installFixedConsole(ctx, io);
    const locked = ctx.evalCode(LOCKDOWN, 'lockdown.js');
    if (locked.error) fail(ctx, state, locked.error);
    locked.value.dispose();
    const compiled = ctx.evalCode(WRAPPER_PREFIX + script + WRAPPER_SUFFIX, SCRIPT_FILE);
    if (compiled.error) fail(ctx, state, compiled.error);
    const pair = compiled.value;
    let json: VmJson | undefined;
    try {
      json = vmJson(ctx, ctx.getProp(pair, 0));
      return { ctx, fn: ctx.getProp(pair, 1), json, io, runs: 0 };
    } catch (e) {
      if (json) disposeVmJson(json);
      throw e;
    } finally {
      pair.dispose();
    }
  } catch (e) {
    if (!(e instanceof VmFailure) && !(e instanceof MarshalError)) throw e; // the module's state is unknown: not touched
    ctx.dispose();
    throw e;
  }
}

function execute(rt: QuickJSRuntime, c: Compiled, state: RunState, input: TransformInput): JsonValue {
  const { ctx, fn, json } = c;
  c.runs++;
  const arg = inputIn(ctx, json, input, state.calls);
  try {
    const called = ctx.callFunction(fn, ctx.undefined, arg.handle);
    if (called.error) fail(ctx, state, called.error);
    // Not `consume`: it does not dispose when the callback throws, and a leaked handle makes
    // the runtime's disposal abort the module.
    const promise = called.value;
    let value: QuickJSHandle;
    try {
      value = settle(rt, ctx, state, promise);
    } finally {
      promise.dispose();
    }
    try {
      const out = jsonOut(ctx, json, value, TRANSFORM_DEFAULTS.maxOutputChars);
      // A host function failed (its caller saw `undefined`): the value is not to be trusted.
      if (state.calls.failed) throw state.calls.failure;
      return out;
    } finally {
      value.dispose();
    }
  } finally {
    arg.dispose();
  }
}

function hostFailure(e: unknown, state: RunState): TransformError {
  // A host function failed first; what the VM did after it (stopped by the interrupt) is a consequence.
  if (state.calls.failed && e !== state.calls.failure) return hostFailure(state.calls.failure, state);
  if (e instanceof VmFailure) return e.failure;
  if (e instanceof MarshalError) {
    const outOfMemory = e.outOfMemory || (e.nothingThrown && exhausted(state));
    return outOfMemory ? memoryError(state.memoryBytes) : { kind: 'marshal', message: e.message };
  }
  if (state.aborted) return cancelledError();
  if (state.interrupted) return timeoutError(state.timeoutMs);
  if (e instanceof RangeError && /call stack/i.test(e.message)) return stackError();
  const message = e instanceof Error ? e.message : String(e);
  if (/memory/i.test(message)) return memoryError(state.memoryBytes);
  return { kind: 'error', message: `the sandbox failed: ${message}` };
}

/** Failures after which the runtime is reused: the script ended normally, only with an error. */
function reusableAfter(outcome: TransformOutcome): boolean {
  return outcome.ok || outcome.error.kind === 'error' || outcome.error.kind === 'marshal';
}

function runIn(script: string, input: TransformInput, state: RunState, logs: LogSink, reuse: boolean): TransformOutcome {
  const started = performance.now();
  let healthy = true;
  let outcome: TransformOutcome;
  let rt: QuickJSRuntime | undefined;
  let entry: Compiled | undefined;
  let map: Map<string, Compiled> | undefined;
  try {
    state.deadline = performance.now() + state.timeoutMs;
    rt = acquireRuntime(state.host, {
      memoryBytes: state.memoryBytes,
      stackBytes: TRANSFORM_DEFAULTS.stackBytes,
      shouldInterrupt: () => {
        if (state.signal?.aborted) state.aborted = true;
        else if (performance.now() > state.deadline) state.interrupted = true;
        return state.aborted || state.interrupted || state.calls.failed;
      },
    });
    map = compiledByRuntime.get(rt);
    if (!map) compiledByRuntime.set(rt, (map = new Map()));
    entry = reuse ? map.get(script) : undefined;
    if (entry) {
      entry.io.sink = logs;
      entry.io.calls = state.calls;
    } else {
      entry = compile(rt, state, script, { sink: logs, calls: state.calls });
      if (reuse) {
        map.set(script, entry);
        if (map.size > MAX_COMPILED) {
          const [oldest, old] = map.entries().next().value as [string, Compiled];
          map.delete(oldest);
          disposeCompiled(old);
        }
      }
    }
    const value = execute(rt, entry, state, input);
    outcome = { ok: true, value, logs: logs.result(), durationMs: 0 };
  } catch (e) {
    // A JS exception thrown by V8 through WebAssembly frames (host stack overflow) leaves the
    // module's stack pointer unwound by nobody: never touch that module again.
    if (!(e instanceof VmFailure) && !(e instanceof MarshalError)) healthy = false;
    if (state.calls.failed && !(state.calls.failure instanceof MarshalError)) healthy = false;
    outcome = { ok: false, error: hostFailure(e, state), logs: logs.result(), durationMs: 0 };
  }
  // A heap that reached its cap is never freed piece by piece: QuickJS leaks objects on some
  // out-of-memory paths (an async function whose job fails for lack of memory), and freeing a
  // runtime that still owns objects aborts the module, printing `Aborted(Assertion failed:
  // list_empty(&rt->gc_obj_list))` to stderr. The WebAssembly memory cannot shrink either. So
  // the whole module is dropped (the garbage collector takes it) and the next run loads a fresh
  // one.
  if (exhausted(state) || (!outcome.ok && outcome.error.kind === 'memory')) healthy = false;
  const reusable = reusableAfter(outcome);
  let pending = false;
  if (healthy && rt) {
    try {
      pending = rt.hasPendingJob();
    } catch {
      healthy = false;
    }
  }
  // The context is kept for the next run only after a clean end that left no job behind, and
  // for a bounded number of runs; an abnormal end discards every context of the runtime with it.
  if (healthy && entry && map && !(reuse && reusable && !pending && entry.runs < MAX_RUNS_PER_CONTEXT && map.get(script) === entry)) {
    if (map.get(script) === entry) map.delete(script);
    try {
      if (!pending) disposeCompiled(entry);
    } catch {
      healthy = false;
    }
  }
  if (healthy && rt && (!reusable || pending)) healthy = !pending && disposeAllCompiled(rt);
  if (healthy && rt) healthy = releaseRuntime(state.host, rt, reusable);
  if (!healthy) {
    if (rt) compiledByRuntime.delete(rt);
    forgetRuntime(state.host);
    discardQuickJS(state.host);
  }
  outcome.durationMs = performance.now() - started;
  return outcome;
}

/**
 * One run on this thread (the worker's side; callers use `runTransform` of pool.ts). `reuse: false`
 * compiles the script in a context of its own for this run only (the tests compare both).
 */
export async function runTransformInThread(script: string, input: TransformInput, options: TransformOptions & { reuse?: boolean } = {}): Promise<TransformOutcome> {
  const timeoutMs = options.timeoutMs ?? TRANSFORM_DEFAULTS.timeoutMs;
  const memoryBytes = options.memoryBytes ?? TRANSFORM_DEFAULTS.memoryBytes;
  if (options.signal?.aborted) return { ok: false, error: cancelledError(), logs: [], durationMs: 0 };
  let host: QuickJSHost;
  try {
    host = await loadQuickJS(memoryBytes);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { kind: 'error', message: `the transform sandbox could not start: ${message}` }, logs: [], durationMs: 0 };
  }
  const state: RunState = {
    host,
    deadline: 0,
    interrupted: false,
    aborted: false,
    timeoutMs,
    memoryBytes,
    signal: options.signal,
    calls: new HostCalls(() => host.maxBytes - memorySize(host)),
    startBytes: memorySize(host),
  };
  return runIn(script, input, state, new LogSink(), options.reuse ?? true);
}
