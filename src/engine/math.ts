import { engine } from './wasm.js';

/**
 * x^y computed by the wasm engine (AssemblyScript's Math.pow: musl / ARM
 * optimized-routines, glibc's and numpy's algorithm, ~0.52 ulp), instead of JavaScript's
 * `**`. The result is the same double in every JS engine: V8's `Math.pow` changed between
 * versions (Node 20 and Chromium 150 disagree in the last bit for ~9% of arguments, and
 * Node 20's is the one that differs from glibc), so metrics computed in Node and in a
 * browser would otherwise differ in the last digit. Needs the engine (Node: on import;
 * browser: `await init()`). O(1), one wasm call.
 */
export function pow(x: number, y: number): number {
  return engine().powF64(x, y);
}
