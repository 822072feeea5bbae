/**
 * The QuickJS WebAssembly modules: loaded lazily, one per memory cap, and reused across runs
 * (each run still gets a fresh runtime and context). A module is reloaded only when a run left
 * it in an unknown state (a host-side stack overflow unwinds through WebAssembly frames).
 *
 * Why a module per cap: in this build QuickJS cannot measure its own allocations
 * (`malloc_usable_size` is unavailable under Emscripten), so `setMemoryLimit` only refuses single
 * allocations larger than the limit, not many small ones. The hard cap is the WebAssembly memory
 * itself: created with a `maximum` of the cap plus headroom, so malloc fails past it and QuickJS
 * throws "out of memory" instead of growing the host process.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { QuickJSSyncVariant, QuickJSWASMModule } from 'quickjs-emscripten';

type Core = typeof import('quickjs-emscripten-core');

/* eslint-disable @typescript-eslint/no-require-imports -- see releaseSync() */
/**
 * The release-sync variant, wired with `require` to its CommonJS files. The stock variant object
 * loads its Emscripten glue with a dynamic `import()`; esbuild then bundles the ESM glue, which
 * reads `import.meta.url` (empty in a CommonJS bundle) and the sandbox cannot start. These are the
 * packages `quickjs-emscripten` itself depends on (same version), required lazily.
 */
function releaseSync(): { core: Core; variant: QuickJSSyncVariant } {
  const core = require('quickjs-emscripten-core') as Core;
  const variant: QuickJSSyncVariant = {
    type: 'sync',
    importFFI: async () => (require('@jitl/quickjs-wasmfile-release-sync/ffi') as { QuickJSFFI: never }).QuickJSFFI,
    importModuleLoader: async () => {
      const loader = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module') as { default?: unknown };
      return (loader.default ?? loader) as never;
    },
  };
  return { core, variant };
}
/* eslint-enable @typescript-eslint/no-require-imports */

const WASM_FILE = 'emscripten-module.wasm';
const PAGE = 65536;
/** The module's own static data, C stack and allocator slack on top of the script's heap. */
const HEADROOM_BYTES = 16 * 1024 * 1024;
/** The build's declared initial memory (16MB): a smaller Memory is refused at instantiation. */
const INITIAL_PAGES = 256;

/** The part of `WebAssembly.Memory` used here (the project's `lib` has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
type WasmMemoryConstructor = new (descriptor: { initial: number; maximum: number }) => WasmMemory;
const WasmMemoryCtor = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } }).WebAssembly.Memory;

export interface QuickJSHost {
  module: QuickJSWASMModule;
  memory: WasmMemory;
  maxBytes: number;
}

const hosts = new Map<number, Promise<QuickJSHost>>();

/**
 * Where the `.wasm` file is: next to the bundle (`dist/`, when the build copies it there) or in
 * node_modules. Undefined lets the variant use its own default.
 */
function wasmLocation(): string | undefined {
  const candidates: string[] = [];
  if (typeof __dirname === 'string') candidates.push(join(__dirname, WASM_FILE));
  try {
    candidates.push(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
  } catch {
    // not resolvable from here (bundled without node_modules): rely on the bundle folder.
  }
  return candidates.find((p) => existsSync(p));
}

function pagesFor(memoryBytes: number): number {
  return Math.max(INITIAL_PAGES + 1, Math.ceil((memoryBytes + HEADROOM_BYTES) / PAGE));
}

export function loadQuickJS(memoryBytes: number): Promise<QuickJSHost> {
  const pages = pagesFor(memoryBytes);
  let host = hosts.get(pages);
  if (!host) {
    const memory = new WasmMemoryCtor({ initial: INITIAL_PAGES, maximum: pages });
    const { core, variant: base } = releaseSync();
    const location = wasmLocation();
    const variant = core.newVariant(base, { ...(location ? { wasmLocation: location } : {}), wasmMemory: memory as Parameters<Core['newVariant']>[1]['wasmMemory'] });
    host = core.newQuickJSWASMModuleFromVariant(variant).then((module) => ({ module, memory, maxBytes: pages * PAGE }));
    hosts.set(pages, host);
    host.catch(() => hosts.delete(pages));
  }
  return host;
}

/** Whether the module for this cap is loaded (or loading): the next run with it starts at once. */
export function quickJSLoaded(memoryBytes: number): boolean {
  return hosts.has(pagesFor(memoryBytes));
}

/** Forget the module so the next run with this cap loads a fresh one. */
export function discardQuickJS(host: QuickJSHost): void {
  // Runs are synchronous once the module is loaded, so the map still holds this host's entry.
  hosts.delete(host.maxBytes / PAGE);
}

/** The WebAssembly memory's size now, in bytes (it only grows). */
export function memorySize(host: QuickJSHost): number {
  return host.memory.buffer.byteLength;
}

/**
 * True when the heap was filled during a run that started with `startBytes` of memory: the
 * memory grew, and now lies within the headroom of its maximum. A failed allocation does not
 * always leave the memory at its very maximum (a large reallocation fails while smaller room is
 * left), so "near" is the test. Used to recognise a heap exhausted by this run.
 */
export function filledDuringRun(host: QuickJSHost, startBytes: number): boolean {
  const now = memorySize(host);
  return now > startBytes && now >= host.maxBytes - HEADROOM_BYTES;
}
