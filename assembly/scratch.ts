// Scratch memory for kernels, per wasm instance.
//
// The heap-owning instance (the one the TypeScript engine allocates panels from) takes
// scratch from AssemblyScript's TLSF heap. A worker instance of the threads build shares
// that memory but must never touch the TLSF heap: every instance keeps its own allocator
// root at the same address, so two allocators would corrupt each other. A worker is
// therefore given a private region (reserved by the heap owner) with setScratchRegion,
// and scratch becomes a bump allocator inside it, released LIFO. Module globals are
// per instance, so each worker has its own region.

let regionTop: usize = 0;
let regionEnd: usize = 0;
let regionOn = false;

/** Routes this instance's scratch allocations into [ptr, ptr + bytes). */
export function setScratchRegion(ptr: usize, bytes: usize): void {
  regionTop = ptr;
  regionEnd = ptr + bytes;
  regionOn = true;
}

/** 16-byte aligned scratch of `bytes` bytes. */
export function scratchAlloc(bytes: usize): usize {
  if (!regionOn) return heap.alloc(bytes);
  const p = (regionTop + 15) & ~(<usize>15);
  if (p + bytes > regionEnd) unreachable(); // region too small: the engine sizes it per call
  regionTop = p + bytes;
  return p;
}

/** Releases scratch: frees the TLSF block, or pops the region back to `ptr` (LIFO). */
export function scratchFree(ptr: usize): void {
  if (!regionOn) heap.free(ptr);
  else if (ptr < regionTop) regionTop = ptr;
}
