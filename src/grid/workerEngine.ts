/**
 * The engine of a grid worker: its own instance of build/threads.wasm over the shared
 * memory, with
 * - kernel scratch in the private region the main thread reserved for it
 *   (`setScratchRegion`: every kernel takes its scratch through assembly/scratch.ts, so
 *   none touches the TLSF heap, whose root every instance keeps at the same address);
 * - `alloc` / `free` routed to the worker's arena, so that code calling `engine().alloc`
 *   directly (not through src/engine/memory.ts) never reaches the TLSF heap either.
 */
import { instantiateModule } from '../engine/wasm.js';
import type { WasmExports } from '../engine/kernels.js';
import type { Arena } from './arena.js';

export function workerEngine(module: WebAssembly.Module, memory: WebAssembly.Memory, arena: Arena, scratchPtr: number, scratchBytes: number): WasmExports {
  const inst = instantiateModule(module, memory);
  const setScratch = (inst as unknown as { setScratchRegion?: (p: number, b: number) => void }).setScratchRegion;
  if (typeof setScratch !== 'function') throw new Error('xmom: build/threads.wasm has no setScratchRegion export; rebuild with "npm run asbuild"');
  setScratch(scratchPtr, scratchBytes);
  return { ...inst, alloc: arena.alloc, free: arena.free };
}
