/**
 * Where `allocF64` / `allocBytes` / `freePtr` take wasm memory from. The default (null)
 * is the engine's own allocator, `engine().alloc` / `engine().free` (AssemblyScript's
 * TLSF heap). A worker instance of the threads build computing over memory owned by
 * another instance must never touch the TLSF heap (every instance keeps its allocator
 * root at the same address): the grid engine gives each worker a private arena that the
 * heap owner reserved for it and installs it with `setAllocator` (memory.ts; see
 * src/engine/threads/workerEngine.ts).
 */
export interface Allocator {
  /** A 16-byte aligned block of `bytes` bytes, or 0 on failure. */
  alloc(bytes: number): number;
  free(ptr: number): void;
}
