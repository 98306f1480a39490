import { readFileSync } from 'node:fs';
import { instantiateModule, isEngineReady, setEngine } from './wasm.js';

/** Path of a build artefact (build/release.wasm or build/threads.wasm). */
export function wasmPath(target: 'release' | 'threads' = 'release'): URL {
  return new URL(`../../build/${target}.wasm`, import.meta.url);
}

/** Compiles a build artefact synchronously (Node only). */
export function loadModule(target: 'release' | 'threads' = 'release'): WebAssembly.Module {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(wasmPath(target)));
  } catch (e) {
    throw new Error(`xmom: cannot read build/${target}.wasm; run "npm run asbuild" first (${(e as Error).message})`);
  }
  return new WebAssembly.Module(bytes);
}

/** Initialises the engine from build/release.wasm, once. */
export function initNode(): void {
  if (!isEngineReady()) setEngine(instantiateModule(loadModule('release')));
}
