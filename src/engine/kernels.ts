/**
 * The kernel ABI shared by the wasm module (assembly/) and its TypeScript twins
 * (src/twin/). Every kernel takes byte pointers into wasm memory and plain numbers;
 * booleans travel as 0 / 1. A panel is T rows x N columns of f64, time-major
 * (row-major), so element (t, j) lives at `ptr + 8 * (t * N + j)`.
 *
 * Both implementations are typed against this one interface: the compiler keeps
 * their signatures identical.
 */
export interface Kernels {
  ewmMean(x: number, out: number, T: number, N: number, alpha: number, adjust: number, ignoreNa: number, minPeriods: number): void;
  ewmSmaSeed(x: number, out: number, T: number, N: number, alpha: number, period: number): void;
}

/** Memory management exported by the wasm module. */
export interface WasmRuntime {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  copyBytes(src: number, dst: number, bytes: number): void;
  fillF64(ptr: number, n: number, value: number): void;
}

export type WasmExports = Kernels & WasmRuntime;

export type Backend = 'wasm' | 'js';
export const BACKENDS: readonly Backend[] = ['wasm', 'js'];
