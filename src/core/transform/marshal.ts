/**
 * Crossing the boundary: the input goes in as JSON text parsed by the VM, the output comes out
 * as JSON text parsed by the host, and `console.*` calls come out as formatted lines. Nothing
 * else of the host is reachable from the script.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import type { JsonValue } from '../model';
import { TRANSFORM_DEFAULTS, type TransformInput } from './types';

/** Thrown on the host side when a value cannot cross the boundary; reported as kind `marshal`. */
export class MarshalError extends Error {
  constructor(
    message: string,
    /** The VM ran out of memory while serializing: reported as kind `memory`. */
    readonly outOfMemory = false,
    /** The VM failed with no value at all (`null`): the heap was exhausted, or a script threw null. */
    readonly nothingThrown = false,
  ) {
    super(message);
  }
}

/**
 * `ctx.dump` of a value, leaving `handle` alive: `dump` disposes a promise it is given (and
 * the caller's own dispose then fails with "Lifetime not alive"), so it gets a copy.
 */
export function dumpValue(ctx: QuickJSContext, handle: QuickJSHandle): unknown {
  const copy = handle.dup();
  try {
    return ctx.dump(copy) as unknown;
  } finally {
    if (copy.alive) copy.dispose();
  }
}

/**
 * Host functions called from the VM (the `console` accessor, `console.log`, the lazy
 * `input.json`) must never throw: quickjs-emscripten turns a host exception into a VM error by
 * allocating one, and with the heap exhausted that allocation traps the WebAssembly module
 * (`memory access out of bounds`, printed to stderr) instead of failing. `guard` runs a callback,
 * keeps the first failure here, and answers `undefined`; the interrupt handler then stops the
 * script (see sandbox.ts) and the run reports the failure.
 */
export class HostCalls {
  failure: unknown;
  private done = false;

  /**
   * `room()`: how many more bytes the WebAssembly memory can grow by. The VM's allocator does
   * not check for a failed `malloc` when the host copies a string in (it writes at address 0
   * and the module traps later), so a host string that may not fit is refused before it is copied.
   */
  constructor(readonly room: () => number = () => Number.POSITIVE_INFINITY) {}

  get failed(): boolean {
    return this.done;
  }

  /** `fn()`, or `fallback` (a handle that needs no allocation, such as `ctx.undefined`) when it fails. */
  guard<T extends QuickJSHandle | void>(fallback: T, fn: () => T): T {
    if (this.done) return fallback;
    try {
      return fn();
    } catch (e) {
      this.done = true;
      this.failure = e;
      return fallback;
    }
  }
}

/** The VM's own JSON functions, taken before any user code runs (the script may replace `JSON`). */
export interface VmJson {
  parse: QuickJSHandle;
  stringify: QuickJSHandle;
  /** The replacer that refuses functions and symbols (REFUSE_SOURCE). */
  refuse: QuickJSHandle;
}

/**
 * The `JSON.stringify` replacer that refuses functions and symbols. Kept short and on one line:
 * it is compiled in every fresh context, sharing the script's first line, and QuickJS compile time
 * grows with the source. It throws a tagged object; the host writes the message (refusalMessage).
 */
export const REFUSE_SOURCE = "function (k, v) { var t = typeof v; if (t === 'function' || t === 'symbol') throw { ionRefused: t, key: k }; return v; }";

/** The message for a value REFUSE_SOURCE refused, or undefined when `dumped` is not its tag. */
export function refusalMessage(dumped: unknown): string | undefined {
  if (!dumped || typeof dumped !== 'object') return undefined;
  const { ionRefused, key } = dumped as { ionRefused?: unknown; key?: unknown };
  if (ionRefused !== 'function' && ionRefused !== 'symbol') return undefined;
  const at = typeof key === 'string' && key !== '' ? ` at key "${key}"` : '';
  return `the output contains a ${ionRefused}${at}; return plain data (objects, arrays, strings, numbers, booleans, null)`;
}

/** The VM's `JSON.parse` and `JSON.stringify` and our replacer, from a fresh context (before user code runs). */
export function vmJson(ctx: QuickJSContext, refuse: QuickJSHandle): VmJson {
  let json: QuickJSHandle | undefined;
  let parse: QuickJSHandle | undefined;
  try {
    json = ctx.getProp(ctx.global, 'JSON');
    parse = ctx.getProp(json, 'parse');
    return { parse, stringify: ctx.getProp(json, 'stringify'), refuse };
  } catch (e) {
    // Partly built: release what was taken, so no handle outlives the context.
    parse?.dispose();
    refuse.dispose();
    throw e;
  } finally {
    json?.dispose();
  }
}

/** Releases the handles of `vmJson`. */
export function disposeVmJson(json: VmJson): void {
  json.parse.dispose();
  json.stringify.dispose();
  json.refuse.dispose();
}

/** Bytes a host string may take in the VM while it is copied and parsed, beyond its UTF-8 size. */
const COPY_SLACK_BYTES = 1024 * 1024;

/** A VM value parsed from JSON text made on the host. */
export function jsonIn(ctx: QuickJSContext, vmjson: VmJson, value: unknown, calls: HostCalls): QuickJSHandle {
  return jsonTextIn(ctx, vmjson, JSON.stringify(value), calls);
}

/** Throws when a host string of this length may not fit in the VM (its UTF-8 copy, then QuickJS's own string, up to 2 bytes a character). */
function checkRoom(text: string, calls: HostCalls): void {
  if (Buffer.byteLength(text) + 2 * text.length + COPY_SLACK_BYTES > calls.room()) {
    throw new MarshalError('the input does not fit in the transform memory', true);
  }
}

/** A VM value parsed (by the VM's own `JSON.parse`) from JSON text. */
function jsonTextIn(ctx: QuickJSContext, vmjson: VmJson, json: string, calls: HostCalls): QuickJSHandle {
  checkRoom(json, calls);
  const text = ctx.newString(json);
  try {
    const parsed = ctx.callFunction(vmjson.parse, ctx.undefined, text);
    if (!parsed.error) return parsed.value;
    // Not `unwrapResult`: it copies the error out with `consume`, which leaks the handle when
    // the copy fails (no memory left); this only disposes.
    parsed.error.dispose();
    throw new MarshalError('the input could not be passed to the transform', true);
  } finally {
    text.dispose();
  }
}

/** Bodies longer than this get a lazy `input.json`, and go in as a string rather than inside JSON text. */
const LAZY_JSON_CHARS = 64 * 1024;

/** `paginate:` and `batch:` add `pages`, `items` and `batches` (absent otherwise). */
function multiPart(input: TransformInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input.pages !== undefined) out.pages = input.pages;
  if (input.items !== undefined) out.items = input.items;
  if (input.batches !== undefined) out.batches = input.batches;
  return out;
}

/** The JSON text of `input.json` (the caller's `jsonText` when it has one), or undefined when there is no json. */
function jsonTextOf(input: TransformInput): string | undefined {
  if (input.jsonText !== undefined) return input.jsonText;
  return input.json === undefined ? undefined : JSON.stringify(input.json);
}

/**
 * Builds `input` in the VM. For a large body `json` is materialized on first access only, so a
 * transform that parses `input.body` itself (as the seed does) does not pay for a second copy,
 * and the body goes in as one string (not escaped into JSON text and parsed back).
 */
export function inputIn(
  ctx: QuickJSContext,
  vmjson: VmJson,
  input: TransformInput,
  calls: HostCalls,
): { handle: QuickJSHandle; dispose(): void } {
  const large = input.body.length > LAZY_JSON_CHARS;
  const plain = { body: large ? '' : input.body, status: input.status, headers: input.headers, params: input.params, vars: input.vars, ...(input.event === undefined ? {} : { event: input.event }), ...multiPart(input) };
  // Small bodies: `json` goes in with the rest, in one parse (cheapest). Large ones: on first access only.
  if (!large) {
    const jsonText = jsonTextOf(input);
    const text = JSON.stringify(plain);
    const handle = jsonTextIn(ctx, vmjson, jsonText === undefined ? text : `${text.slice(0, -1)},"json":${jsonText}}`, calls);
    return { handle, dispose: () => handle.dispose() };
  }
  const handle = jsonIn(ctx, vmjson, plain, calls);
  try {
    checkRoom(input.body, calls);
    const body = ctx.newString(input.body);
    ctx.setProp(handle, 'body', body);
    body.dispose();
  } catch (e) {
    handle.dispose();
    throw e;
  }
  let cached: QuickJSHandle | undefined;
  const hasJson = input.json !== undefined || input.jsonText !== undefined;
  ctx.defineProp(handle, 'json', {
    enumerable: true,
    configurable: true,
    get: () =>
      calls.guard(ctx.undefined, () => {
        if (!hasJson && cached === undefined) return ctx.undefined;
        cached ??= jsonTextIn(ctx, vmjson, jsonTextOf(input)!, calls);
        return cached.dup();
      }),
    set: (value: QuickJSHandle) => {
      cached?.dispose();
      cached = value.dup();
    },
  });
  return {
    handle,
    dispose: () => {
      cached?.dispose();
      handle.dispose();
    },
  };
}

/** The VM value as plain JSON data on the host. `undefined` becomes null. */
export function jsonOut(ctx: QuickJSContext, vmjson: VmJson, value: QuickJSHandle, maxChars: number): JsonValue {
  const result = ctx.callFunction(vmjson.stringify, ctx.undefined, value, vmjson.refuse);
  if (result.error) {
    let message: string;
    let nothing = false;
    try {
      const err = dumpValue(ctx, result.error) as { message?: string } | string | null | undefined;
      nothing = err === null || err === undefined;
      message = refusalMessage(err) ?? (typeof err === 'string' ? err : String(err?.message ?? err));
    } catch {
      message = 'out of memory';
    } finally {
      result.error.dispose();
    }
    throw new MarshalError(`the transform's return value cannot be turned into JSON: ${message}`, message === 'out of memory', nothing);
  }
  const text = result.value;
  try {
    if (ctx.typeof(text) !== 'string') return null;
    const lengthHandle = ctx.getProp(text, 'length');
    let length: number;
    try {
      length = ctx.getNumber(lengthHandle);
    } finally {
      lengthHandle.dispose();
    }
    if (length > maxChars) {
      throw new MarshalError(
        `the transform's output is too large: ${length} characters of JSON (limit ${maxChars}); return less data`,
      );
    }
    return JSON.parse(ctx.getString(text)) as JsonValue;
  } finally {
    text.dispose();
  }
}

/** Captured `console.*` lines, capped in count and size. */
export class LogSink {
  readonly lines: string[] = [];
  private chars = 0;
  private dropped = 0;

  add(line: string): void {
    const cut =
      line.length > TRANSFORM_DEFAULTS.maxLogLineChars ? `${line.slice(0, TRANSFORM_DEFAULTS.maxLogLineChars)}… (cut)` : line;
    if (this.lines.length >= TRANSFORM_DEFAULTS.maxLogLines || this.chars + cut.length > TRANSFORM_DEFAULTS.maxLogChars) {
      this.dropped++;
      return;
    }
    this.lines.push(cut);
    this.chars += cut.length;
  }

  get full(): boolean {
    return this.lines.length >= TRANSFORM_DEFAULTS.maxLogLines || this.chars >= TRANSFORM_DEFAULTS.maxLogChars;
  }

  drop(): void {
    this.dropped++;
  }

  result(): string[] {
    return this.dropped > 0 ? [...this.lines, `… ${this.dropped} more log line(s) dropped`] : [...this.lines];
  }
}

function formatArg(ctx: QuickJSContext, arg: QuickJSHandle): string {
  const type = ctx.typeof(arg);
  if (type === 'string') return ctx.getString(arg);
  if (type === 'number') return String(ctx.getNumber(arg));
  if (type === 'undefined') return 'undefined';
  if (type === 'function') return '[function]';
  if (type === 'symbol' || type === 'bigint') return `[${type}]`;
  let value: unknown;
  try {
    value = dumpValue(ctx, arg);
  } catch {
    return `[${type}]`;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The console's view of a run: its log lines and its host-call guard (swapped per run in a reused context). */
export interface RunIO {
  sink: LogSink;
  calls: HostCalls;
}

/**
 * `console` built once for a reused context: its functions write to whatever run `io` holds now.
 * Defined as a plain, non-writable global before the lockdown freezes it (sandbox.ts).
 */
export function installFixedConsole(ctx: QuickJSContext, io: RunIO): void {
  const sink = { get full() { return io.sink.full; }, add: (l: string) => io.sink.add(l), drop: () => io.sink.drop() } as LogSink;
  const calls = { guard: (fallback: QuickJSHandle | undefined, fn: () => QuickJSHandle | undefined) => io.calls.guard(fallback, fn) } as unknown as HostCalls;
  const consoleObj = consoleObject(ctx, sink, calls);
  try {
    ctx.defineProp(ctx.global, 'console', { value: consoleObj, configurable: true, enumerable: true });
  } finally {
    consoleObj.dispose();
  }
}

function consoleObject(ctx: QuickJSContext, sink: LogSink, calls: HostCalls): QuickJSHandle {
  const consoleObj = ctx.newObject();
  try {
    for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) {
      const prefix = level === 'warn' || level === 'error' ? `[${level}] ` : '';
      const fn = ctx.newFunction(level, (...args: QuickJSHandle[]) =>
        calls.guard(undefined, () => {
          if (sink.full) {
            sink.drop();
            return;
          }
          sink.add(prefix + args.map((a) => formatArg(ctx, a)).join(' '));
        }),
      );
      try {
        ctx.setProp(consoleObj, level, fn);
      } finally {
        fn.dispose();
      }
    }
  } catch (e) {
    consoleObj.dispose();
    throw e;
  }
  return consoleObj;
}

/**
 * Installs `console.log/info/warn/error/debug`, writing into `sink`. The object is built on first
 * use: `console` starts as an accessor that replaces itself with a plain data property holding the
 * console (or whatever the script assigns), so a script that never logs does not pay for five
 * host functions in its fresh context.
 */
export function installConsole(ctx: QuickJSContext, sink: LogSink, calls: HostCalls): void {
  const settle = (value: QuickJSHandle) => ctx.defineProp(ctx.global, 'console', { value, configurable: true, enumerable: true });
  ctx.defineProp(ctx.global, 'console', {
    configurable: true,
    enumerable: true,
    get: () =>
      calls.guard(ctx.undefined, () => {
        const consoleObj = consoleObject(ctx, sink, calls);
        try {
          settle(consoleObj);
        } catch (e) {
          consoleObj.dispose();
          throw e;
        }
        return consoleObj;
      }),
    set: (value: QuickJSHandle) => calls.guard(undefined, () => settle(value)),
  });
}
