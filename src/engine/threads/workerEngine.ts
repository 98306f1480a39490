/**
 * The engine of a grid worker thread: its own instance of build/threads.wasm over the
 * shared memory that `shareMemory` laid out, with
 * - kernel scratch in the private region the main thread reserved for it
 *   (`setScratchRegion`: every kernel takes its scratch through assembly/scratch.ts, so
 *   none touches the TLSF heap, whose root every instance keeps at the same address);
 * - an `Arena` over its private panel region installed as the allocator of this thread's
 *   panels (src/engine/memory.ts `setAllocator`), and `alloc` / `free` of the instance
 *   routed to it, so that nothing in the worker ever reaches the TLSF heap.
 */
import { instantiateModule, setEngine } from '../wasm.js';
import { setAllocator } from '../memory.js';
import { Arena } from './arena.js';
import type { WorkerMemory } from './types.js';

/**
 * Makes an instance over `init.memory` this thread's engine and returns the arena that
 * its panels now come from (the executor marks and releases it around tasks and points).
 * Call once per worker thread, before any kernel.
 */
export function workerEngine(init: WorkerMemory): Arena {
  const inst = instantiateModule(init.module, init.memory);
  if (typeof inst.setScratchRegion !== 'function') throw new Error('xmom: build/threads.wasm has no setScratchRegion export; rebuild with "npm run asbuild"');
  inst.setScratchRegion(init.scratch.byteOffset, init.scratch.bytes);
  const arena = new Arena(init.arena.byteOffset, init.arena.bytes);
  setEngine({ ...inst, alloc: arena.alloc, free: arena.free });
  setAllocator(arena);
  return arena;
}
