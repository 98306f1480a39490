import { instantiateModule, setEngine } from './wasm.js';

/** What `init` accepts: where the wasm is, its response, its bytes, or a compiled module. */
export type WasmSource = string | URL | Response | BufferSource | WebAssembly.Module;

/**
 * The default wasm location: `xmom.wasm` next to the bundle that holds this code
 * (`dist/web/xmom.js` -> `dist/web/xmom.wasm`, both written by `npm run build:web`).
 * Code that imports `src/browser.ts` unbundled must pass a source explicitly.
 */
export function defaultWasmUrl(): URL {
  return new URL('./xmom.wasm', import.meta.url);
}

/**
 * Compiles a response while it downloads (`WebAssembly.compileStreaming`). Streaming
 * requires the `application/wasm` MIME type; a server that sends another type makes
 * it throw a TypeError, and then the bytes are compiled after the download
 * (`WebAssembly.compile`), from a clone taken before streaming consumed the body.
 */
async function compileResponse(response: Response): Promise<WebAssembly.Module> {
  if (!response.ok) throw new Error(`xmom: cannot load the wasm engine from ${response.url || 'the response'}: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function') {
    const spare = response.clone();
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      return WebAssembly.compile(await spare.arrayBuffer());
    }
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function compileSource(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL) return compileResponse(await fetch(source));
  if (typeof Response !== 'undefined' && source instanceof Response) return compileResponse(source);
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  throw new TypeError(`xmom init: source must be a URL, a Response, wasm bytes or a WebAssembly.Module, got ${Object.prototype.toString.call(source)}`);
}

/**
 * Loads the wasm engine in a browser (or a Web Worker, Deno, Node with fetch) and makes
 * it the engine every kernel, strategy and backtest uses; await it once before calling
 * them. `source`: a URL (fetched), a `fetch` Response, the module's bytes, or an
 * already compiled `WebAssembly.Module` (e.g. posted from another thread); default
 * `xmom.wasm` next to the bundle. URLs and responses are compiled while they download
 * (compileStreaming; plain compile when the server does not send `application/wasm`),
 * then instantiated with the same imports and start function as Node's `initNode`.
 * Calling it again replaces the engine: Panels made before then belong to the old
 * instance's memory and must not be used afterwards. Returns the compiled module, which
 * can be posted to workers so they skip the download.
 */
export async function init(source: WasmSource = defaultWasmUrl()): Promise<WebAssembly.Module> {
  const module = await compileSource(source);
  setEngine(instantiateModule(module));
  return module;
}
