/**
 * One QuickJS runtime per loaded module, reused across runs. The compiled transforms' contexts
 * live in it (sandbox.ts; contexts never share globals: each has its own global object and
 * intrinsics, frozen before the script is compiled). What is per
 * run — the interrupt deadline, the memory limit, the stack limit — is set again at every run.
 *
 * A runtime is reused only after a clean run (success or an ordinary script error) that left no
 * pending job behind. After a timeout, a cancellation, the memory cap, a stack overflow or any
 * host-side failure it is disposed and the next run gets a fresh one, so nothing of a run that
 * ended abnormally (queued promise jobs, a nearly exhausted heap) reaches the next.
 */
import type { QuickJSRuntime } from 'quickjs-emscripten';
import type { QuickJSHost } from './quickjs';

export interface RuntimeLimits {
  memoryBytes: number;
  stackBytes: number;
  /** Called by QuickJS every few thousand operations; true stops the script. */
  shouldInterrupt(): boolean;
}

interface Slot {
  rt: QuickJSRuntime;
  /** The current run's interrupt check (one handler per runtime, pointing at the live run). */
  interrupt: () => boolean;
  runs: number;
}

const slots = new WeakMap<QuickJSHost, Slot>();
let created = 0;

/** The host's runtime (created when missing), set up for one run. Runs are synchronous: one at a time. */
export function acquireRuntime(host: QuickJSHost, limits: RuntimeLimits): QuickJSRuntime {
  let slot = slots.get(host);
  if (!slot) {
    const rt = host.module.newRuntime();
    created++;
    const fresh: Slot = { rt, interrupt: () => false, runs: 0 };
    rt.setInterruptHandler(() => fresh.interrupt());
    slot = fresh;
    slots.set(host, slot);
  }
  slot.runs++;
  slot.interrupt = limits.shouldInterrupt;
  slot.rt.setMemoryLimit(limits.memoryBytes);
  slot.rt.setMaxStackSize(limits.stackBytes);
  return slot.rt;
}

/**
 * Ends a run: keeps the runtime when `reusable` and no job is pending, else disposes it. Returns
 * false when the module must be discarded instead: disposing failed, or jobs are still pending.
 * A job queue stopped by the interrupt (a promise chain that never ends) can leave objects QuickJS
 * never frees, and freeing that runtime aborts the module (`Assertion failed:
 * list_empty(&rt->gc_obj_list)` on stderr); the runtime is then left to the garbage collector
 * with its module.
 */
export function releaseRuntime(host: QuickJSHost, rt: QuickJSRuntime, reusable: boolean): boolean {
  const slot = slots.get(host);
  if (slot?.rt === rt) slot.interrupt = () => false;
  let pending: boolean;
  try {
    pending = rt.hasPendingJob();
  } catch {
    return false;
  }
  if (reusable && !pending) return true;
  if (slot?.rt === rt) slots.delete(host);
  if (pending) return false;
  try {
    rt.dispose();
    return true;
  } catch {
    return false;
  }
}

/** Forgets the host's runtime without touching it (its module is being discarded). */
export function forgetRuntime(host: QuickJSHost): void {
  slots.delete(host);
}

/** For tests and benchmarks: how many runtimes were created, and how many runs the current one served. */
export function runtimeStats(host: QuickJSHost): { created: number; runs: number; usedBytes: number | undefined } {
  const slot = slots.get(host);
  let usedBytes: number | undefined;
  if (slot) {
    const m = /memory used\s+\d+\s+(\d+)/.exec(slot.rt.dumpMemoryUsage());
    usedBytes = m ? Number(m[1]) : undefined;
  }
  return { created, runs: slot?.runs ?? 0, usedBytes };
}
