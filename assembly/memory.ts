// Raw memory management exported to the TypeScript layer.
// Blocks come from AssemblyScript's TLSF allocator (heap.alloc), which returns
// 16-byte aligned pointers: every panel can be read with aligned f64 / v128 loads
// and wrapped by Arrow without a copy.

/** Allocates `bytes` bytes of uninitialised memory; returns a 16-byte aligned pointer. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block returned by `alloc`. */
export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Copies `bytes` bytes (memory.copy): the memory-bandwidth floor of the benchmarks. */
export function copyBytes(src: usize, dst: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}

/** Fills `n` f64 slots at `ptr` with `value`. */
export function fillF64(ptr: usize, n: i32, value: f64): void {
  for (let i = 0; i < n; i++) store<f64>(ptr + (<usize>i << 3), value);
}
