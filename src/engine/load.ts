import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiateModule, isEngineReady, setEngine } from './wasm.js';

/**
 * Path of a build artefact (build/release.wasm or build/threads.wasm). The path is the
 * same from the sources (src/engine/load.ts) and from every compiled copy (dist/engine,
 * dist/cjs, dist/bin): each sits two folders below the package root.
 */
export function wasmPath(target: 'release' | 'threads' = 'release'): URL {
  return new URL(`../../build/${target}.wasm`, import.meta.url);
}

/** "xmom 0.1.0 (installed package at /path)" or "the xmom checkout at /path", for errors. */
function whereAmI(): { label: string; installed: boolean } {
  const root = new URL('../../', import.meta.url);
  let version = 'unknown version';
  try {
    version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;
  } catch {
    // no package.json: say so through 'unknown version'
  }
  const installed = !existsSync(new URL('assembly/', root));
  return { label: `xmom ${version} (${installed ? 'installed package' : 'checkout'} at ${fileURLToPath(root)})`, installed };
}

/**
 * Compiles a build artefact synchronously (Node only). A missing, unreadable or corrupt
 * file is an error naming the file, the package version and what to do: in a checkout,
 * build the wasm (`npm run asbuild`); in an installed package, reinstall it.
 */
export function loadModule(target: 'release' | 'threads' = 'release'): WebAssembly.Module {
  const path = fileURLToPath(wasmPath(target));
  const fix = (): string => {
    const at = whereAmI();
    return `${at.label}; ${at.installed ? 'the package is damaged: reinstall xmom' : 'run "npm run asbuild"'}`;
  };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new Error(`xmom: cannot read the wasm engine ${path} (${(e as Error).message}) in ${fix()}`);
  }
  try {
    return new WebAssembly.Module(bytes);
  } catch (e) {
    throw new Error(`xmom: ${path} is not a valid wasm engine (${(e as Error).message}) in ${fix()}`);
  }
}

/** Initialises the engine from build/release.wasm, once. */
export function initNode(): void {
  if (!isEngineReady()) setEngine(instantiateModule(loadModule('release')));
}
