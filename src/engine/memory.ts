import { engine, heapF64 } from './wasm.js';

/** Bytes of `n` f64 values. */
export const f64Bytes = (n: number): number => n * 8;

/**
 * Allocates room for `n` f64 values in wasm memory (16-byte aligned). May grow the
 * memory, which detaches earlier views: re-derive them with `f64View` afterwards.
 */
export function allocF64(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`allocF64: bad length ${n}`);
  const bytes = Math.max(8, n * 8);
  if (bytes >= 2 ** 30) throw new RangeError(`xmom: cannot allocate ${n} f64 values (${bytes} bytes) in one block; the limit is 1 GiB`);
  const ptr = engine().alloc(bytes);
  if (ptr === 0) throw new RangeError(`xmom: wasm allocation of ${bytes} bytes failed`);
  return ptr;
}

export function freePtr(ptr: number): void {
  if (ptr !== 0) engine().free(ptr);
}

/** A fresh Float64Array view of `n` f64 at byte pointer `ptr` (valid until memory grows). */
export function f64View(ptr: number, n: number): Float64Array {
  return new Float64Array(engine().memory.buffer, ptr, n);
}

export { heapF64 };
