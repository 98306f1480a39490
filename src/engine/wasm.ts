import type { WasmExports } from './kernels.js';

/**
 * The one wasm instance that owns the heap. Every Panel, kernel output and scratch
 * buffer is allocated by this instance (AssemblyScript's TLSF allocator), so there is
 * a single heap pointer even when worker threads run the threads build over the same
 * shared memory (they compute, they never allocate panels).
 */
let instance: WasmExports | null = null;
let heapView: Float64Array | null = null;

function importsFor(memory?: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      ...(memory ? { memory } : {}),
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new Error(`xmom wasm abort at ${line}:${column}`);
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
  const inst = new WebAssembly.Instance(module, importsFor(memory));
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
