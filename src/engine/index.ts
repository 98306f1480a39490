/**
 * The engine's public face (isomorphic): what the layers above it (grid, strategies,
 * weighting, backtest, metrics, cli) may import. They never reach into the engine's
 * other files, never hold a wasm pointer and never call a wasm export directly: kernels
 * run through src/kernels/ (which validates and picks the backend), panels own their
 * memory (src/panel.ts), and worker threads set up their engine with `workerEngine`.
 * Node-only parts (loading build/*.wasm, laying out shared memory) are in ./node.ts.
 * The architecture test (test/architecture.test.ts) holds every layer to this.
 */
export { BACKENDS } from './kernels.js';
export type { Backend, Kernels } from './kernels.js';
export { pow } from './math.js';
export { Arena, NO_ARENA } from './threads/arena.js';
export type { ArenaLike } from './threads/arena.js';
export { workerEngine } from './threads/workerEngine.js';
export type { WorkerMemory, SharedPanelBlock, SharedRegion } from './threads/types.js';
