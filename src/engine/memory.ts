import { engine, heapF64 } from './wasm.js';
import { allocBlock, allocTracked, releaseBlock, residentPtr, type Block } from './residency.js';
import { scopeAdd, type Freeable } from './scope.js';
import type { Allocator } from './allocator.js';

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
  return allocator === null ? allocTracked(bytes) : checked(allocator.alloc(bytes), bytes);
}

function checked(ptr: number, bytes: number): number {
  if (ptr === 0) throw new RangeError(`xmom: wasm allocation of ${bytes} bytes failed`);
  return ptr;
}

export function freePtr(ptr: number): void {
  if (ptr !== 0) (allocator ?? engine()).free(ptr);
}

export type { Allocator } from './allocator.js';

let allocator: Allocator | null = null;

/** Installs `a` as the allocator of this thread's panels; null restores the engine's. */
export function setAllocator(a: Allocator | null): void {
  allocator = a;
}

/** Allocates `bytes` raw bytes (at least 16, 16-byte aligned) with the current allocator. */
export function allocBytes(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`allocBytes: bad size ${bytes}`);
  const size = Math.max(16, bytes);
  return allocator === null ? allocTracked(size) : checked(allocator.alloc(size), size);
}

/** A fresh Float64Array view of `n` f64 at byte pointer `ptr` (valid until memory grows). */
export function f64View(ptr: number, n: number): Float64Array {
  return new Float64Array(engine().memory.buffer, ptr, n);
}

export { heapF64 };

/** A block owned by a Panel or MatrixSeries (see residency.ts: it may be spilled to JS memory). */
export type OwnedBlock = Block;

/**
 * Allocates `n` f64 for `owner` from the current allocator and records it in the open
 * `tidy` scope, if any. Blocks of the engine's heap count against the memory budget and
 * may be spilled (read them through `residentPtr`); if `owner` is garbage collected
 * without `releaseOwned`, the block is freed through the allocator it came from.
 */
export function allocOwnedF64(owner: Freeable, n: number): OwnedBlock {
  const block = allocBlock(owner, n, allocator);
  scopeAdd(owner);
  return block;
}

/** Frees an owned block through the allocator it came from. */
export function releaseOwned(owner: object, block: OwnedBlock): void {
  releaseBlock(owner, block);
}

export { residentPtr };

/** true while `block` is in wasm memory (not spilled, not freed). */
export const isResident = (block: OwnedBlock): boolean => block.ptr !== 0;
