/**
 * The engine's Node-only public face (the isomorphic part is ./index.ts): loading
 * build/release.wasm and build/threads.wasm from disk, and laying out the shared memory
 * of worker threads.
 */
export { initNode, loadModule, wasmPath } from './load.js';
export { shareMemory, scratchBytesFor } from './threads/shareMemory.js';
export type { PanelCells } from './threads/types.js';
