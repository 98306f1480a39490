import type { WasmExports } from './kernels.js';

/**
 * The one wasm instance that owns the heap. Every Panel, kernel output and scratch
 * buffer is allocated by this instance (AssemblyScript's TLSF allocator), so there is
 * a single heap pointer even when worker threads run the threads build over the same
 * shared memory (they compute, they never allocate panels).
 */
let instance: WasmExports | null = null;
let heapView: Float64Array | null = null;

/**
 * An AssemblyScript string at byte address `ptr` of `memory`: UTF-16 code units whose
 * byte length is the u32 just before them (the object header's rtSize). '' for a null
 * pointer or an address outside the memory. Copies through a plain array, since
 * TextDecoder refuses views of a shared memory.
 */
export function liftString(memory: WebAssembly.Memory | null, ptr: number): string {
  if (memory === null || ptr === 0) return '';
  const buffer = memory.buffer;
  if (ptr < 4 || ptr % 2 !== 0 || ptr > buffer.byteLength) return '';
  const bytes = new Uint32Array(buffer, ptr - 4, 1)[0];
  if (ptr + bytes > buffer.byteLength) return '';
  const units = new Uint16Array(buffer, ptr, bytes >>> 1);
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.subarray(i, i + 4096));
  return out;
}

/**
 * The module's imports. `abort` (AssemblyScript's failed assertion or runtime error, e.g.
 * an allocation above 1 GiB) throws an Error with the wasm's message, file, line and
 * column, read from `memory()` (the instance's memory once it exists).
 */
function importsFor(memory: WebAssembly.Memory | undefined, memoryOf: () => WebAssembly.Memory | null): WebAssembly.Imports {
  return {
    env: {
      ...(memory ? { memory } : {}),
      abort(msg: number, file: number, line: number, column: number): never {
        const mem = memoryOf();
        const message = liftString(mem, msg >>> 0) || 'abort';
        const where = liftString(mem, file >>> 0) || 'wasm';
        throw new Error(`xmom wasm abort: ${message} in ${where}:${line >>> 0}:${column >>> 0}`);
      },
    },
  };
}

/**
 * Instantiates a compiled xmom module. `memory` is required for the threads build
 * (which imports a shared memory) and must be omitted for the release build.
 * Synchronous: instantiation of the ~10 KB module takes well under a millisecond.
 */
export function instantiateModule(module: WebAssembly.Module, memory?: WebAssembly.Memory): WasmExports {
  let own: WebAssembly.Memory | null = memory ?? null;
  const inst = new WebAssembly.Instance(module, importsFor(memory, () => own));
  if (own === null) own = (inst.exports as { memory?: WebAssembly.Memory }).memory ?? null;
  // Exports are frozen: build a plain object so an imported memory can be attached.
  const exports = { ...inst.exports, ...(memory ? { memory } : {}) } as unknown as WasmExports;
  const start = (inst.exports as Record<string, unknown>)._initialize;
  if (typeof start === 'function') (start as () => void)();
  return exports;
}

/** Makes `exports` the engine's heap-owning instance. */
export function setEngine(exports: WasmExports): void {
  instance = exports;
  heapView = null;
}

/** The heap-owning wasm instance; throws if the engine was not initialised. */
export function engine(): WasmExports {
  if (instance === null) {
    throw new Error('xmom: the wasm engine is not loaded yet: in a browser (or any bundle of xmom\'s browser build), '
      + 'call `await init()` once before any kernel, strategy, backtest or metric; in Node, importing "xmom" loads it');
  }
  return instance;
}

export function isEngineReady(): boolean {
  return instance !== null;
}

/**
 * A Float64Array over the whole wasm memory, re-derived whenever the memory has grown
 * (growth detaches the old ArrayBuffer of a non-shared memory). Never keep the result
 * across a call that may allocate.
 */
export function heapF64(): Float64Array {
  const buffer = engine().memory.buffer;
  if (heapView === null || heapView.buffer !== buffer) heapView = new Float64Array(buffer);
  return heapView;
}
