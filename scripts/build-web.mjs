// Builds the browser bundle and the demo page into dist/web (npm run build:web):
//   xmom.js      the library: src/browser.ts (isomorphic API + init), Arrow bundled, ESM, minified
//   xmom.wasm    a copy of build/release.wasm (run `npm run asbuild:release` first)
//   worker.js    the demo's Web Worker (web/worker.ts); imports ./xmom.js
//   app.js       the demo page's entry (web/app.ts), which starts the first worker and then
//                loads the interface (web/ui.ts, a chunk ui-<hash>.js); imports ./xmom.js
//   index.html   web/index.html (CSS inline, no external resources)
//   data/        fixtures/crypto12.csv and fx10.csv, the bundled datasets
// The page and the worker import the library as an external module, so the browser
// downloads and compiles it once. Prints raw and gzip sizes; `buildWeb()` returns them.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_OUT = join(ROOT, 'dist', 'web');
export const DATASETS = ['crypto12.csv', 'fx10.csv'];

/** web/*.ts import the library from ../src/browser.js: in the bundles that import stays, as ./xmom.js. */
const xmomExternal = {
  name: 'xmom-external',
  setup(b) {
    b.onResolve({ filter: /(^|\/)src\/browser\.js$/ }, () => ({ path: './xmom.js', external: true }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
  minify: true,
  legalComments: 'eof',
  logLevel: 'silent',
  metafile: true,
};

/** Files that make up the demo and their sizes: { file, bytes, gzip }. */
function sizeOf(file) {
  const buf = readFileSync(join(WEB_OUT, file));
  return { file, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

/** Fails when a bundle pulled in a Node builtin (the browser build must not). */
function checkNoNode(metafile, entry) {
  const bad = Object.keys(metafile.inputs).filter((p) => p.startsWith('node:') || /(^|\/)node_modules\/(fs|path|worker_threads|child_process|http)\//.test(p));
  if (bad.length) throw new Error(`${entry}: the browser bundle imports Node modules: ${bad.join(', ')}`);
}

export async function buildWeb({ quiet = false } = {}) {
  const wasm = join(ROOT, 'build', 'release.wasm');
  if (!existsSync(wasm)) throw new Error('build/release.wasm is missing: run `npm run asbuild:release` first');
  rmSync(WEB_OUT, { recursive: true, force: true });
  mkdirSync(join(WEB_OUT, 'data'), { recursive: true });
  const lib = await build({ ...common, entryPoints: [join(ROOT, 'src', 'browser.ts')], outfile: join(WEB_OUT, 'xmom.js') });
  checkNoNode(lib.metafile, 'xmom.js');
  const demo = await build({
    ...common,
    entryPoints: { app: join(ROOT, 'web', 'app.ts'), worker: join(ROOT, 'web', 'worker.ts') },
    outdir: WEB_OUT,
    splitting: true,
    chunkNames: '[name]-[hash]', // beside xmom.js: chunks import it as ./xmom.js
    plugins: [xmomExternal],
  });
  checkNoNode(demo.metafile, 'app.js / worker.js');
  copyFileSync(wasm, join(WEB_OUT, 'xmom.wasm'));
  copyFileSync(join(ROOT, 'web', 'index.html'), join(WEB_OUT, 'index.html'));
  for (const f of DATASETS) copyFileSync(join(ROOT, 'fixtures', f), join(WEB_OUT, 'data', f));
  const chunks = Object.keys(demo.metafile.outputs).map((p) => relative(WEB_OUT, resolve(p))).filter((p) => p.endsWith('.js') && !['app.js', 'worker.js'].includes(p));
  const sizes = ['xmom.js', 'xmom.wasm', 'worker.js', 'app.js', ...chunks, 'index.html'].map(sizeOf);
  writeFileSync(join(WEB_OUT, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
  if (!quiet) {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`built ${relative(process.cwd(), WEB_OUT) || '.'}:`);
    for (const s of sizes) console.log(`  ${s.file.padEnd(24)} ${kb(s.bytes).padStart(9)}  gzip ${kb(s.gzip).padStart(8)}`);
  }
  return sizes;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildWeb().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
