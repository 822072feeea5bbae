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
  ) {
    super(message);
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
  const json = ctx.getProp(ctx.global, 'JSON');
  try {
    return { parse: ctx.getProp(json, 'parse'), stringify: ctx.getProp(json, 'stringify'), refuse };
  } finally {
    json.dispose();
  }
}

/** Releases the handles of `vmJson`. */
export function disposeVmJson(json: VmJson): void {
  json.parse.dispose();
  json.stringify.dispose();
  json.refuse.dispose();
}

/** A VM value parsed from JSON text made on the host. */
export function jsonIn(ctx: QuickJSContext, vmjson: VmJson, value: unknown): QuickJSHandle {
  const text = ctx.newString(JSON.stringify(value));
  try {
    return ctx.unwrapResult(ctx.callFunction(vmjson.parse, ctx.undefined, text));
  } finally {
    text.dispose();
  }
}

/** Bodies longer than this get a lazy `input.json`. */
const LAZY_JSON_CHARS = 64 * 1024;

/**
 * Builds `input` in the VM. For a large body `json` is materialized on first access only, so a
 * transform that parses `input.body` itself (as the seed does) does not pay for a second copy.
 */
export function inputIn(ctx: QuickJSContext, vmjson: VmJson, input: TransformInput): { handle: QuickJSHandle; dispose(): void } {
  const plain = { body: input.body, status: input.status, headers: input.headers, params: input.params, vars: input.vars };
  // Small bodies: `json` goes in with the rest (cheapest). Large ones: on first access only.
  if (input.body.length <= LAZY_JSON_CHARS) {
    const handle = jsonIn(ctx, vmjson, input.json === undefined ? plain : { ...plain, json: input.json });
    return { handle, dispose: () => handle.dispose() };
  }
  const handle = jsonIn(ctx, vmjson, plain);
  let cached: QuickJSHandle | undefined;
  const hasJson = input.json !== undefined;
  ctx.defineProp(handle, 'json', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!hasJson && cached === undefined) return ctx.undefined;
      cached ??= jsonIn(ctx, vmjson, input.json);
      return cached.dup();
    },
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
    try {
      const err = ctx.dump(result.error) as { message?: string } | string;
      message = refusalMessage(err) ?? (typeof err === 'string' ? err : String(err?.message ?? err));
    } catch {
      message = 'out of memory';
    } finally {
      result.error.dispose();
    }
    throw new MarshalError(`the transform's return value cannot be turned into JSON: ${message}`, message === 'out of memory');
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
    value = ctx.dump(arg);
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

function consoleObject(ctx: QuickJSContext, sink: LogSink): QuickJSHandle {
  const consoleObj = ctx.newObject();
  for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) {
    const prefix = level === 'warn' || level === 'error' ? `[${level}] ` : '';
    const fn = ctx.newFunction(level, (...args: QuickJSHandle[]) => {
      if (sink.full) {
        sink.drop();
        return;
      }
      sink.add(prefix + args.map((a) => formatArg(ctx, a)).join(' '));
    });
    try {
      ctx.setProp(consoleObj, level, fn);
    } finally {
      fn.dispose();
    }
  }
  return consoleObj;
}

/**
 * Installs `console.log/info/warn/error/debug`, writing into `sink`. The object is built on first
 * use: `console` starts as an accessor that replaces itself with a plain data property holding the
 * console (or whatever the script assigns), so a script that never logs does not pay for five
 * host functions in its fresh context.
 */
export function installConsole(ctx: QuickJSContext, sink: LogSink): void {
  const settle = (value: QuickJSHandle) => ctx.defineProp(ctx.global, 'console', { value, configurable: true, enumerable: true });
  ctx.defineProp(ctx.global, 'console', {
    configurable: true,
    enumerable: true,
    get: () => {
      const consoleObj = consoleObject(ctx, sink);
      settle(consoleObj);
      return consoleObj;
    },
    set: (value: QuickJSHandle) => settle(value),
  });
}
