// Builds the npm package's JavaScript into dist/ (`npm run build`, also run by `prepack`):
//   dist/**/*.js, *.d.ts, *.js.map  the library as ESM, one file per source module (tsc,
//                                    tsconfig.build.json); the `import` entry: dist/index.js
//   dist/cjs/index.cjs, worker.cjs, thread.cjs  the CommonJS entry (`require('xmom')`): an esbuild bundle
//                                    of src/index.ts, dependencies left to require();
//                                    worker.cjs is its grid worker thread, thread.cjs
//                                    the compute thread of a distributed-grid worker
//   dist/cjs/index.d.cts, types/    its types: the declarations as .d.cts
//   dist/bin/xmom.js, worker.js,    the `xmom` command: an esbuild bundle of src/cli/bin.ts
//   chunk-*.js                      (Arrow and commander inside: one file to load, not ~300,
//                                    so `xmom --help` starts in ~0.2 s) and its grid worker
//   dist/browser/xmom.js, xmom.wasm the `browser` entry for bundlers: src/browser.ts as one
//                                    ESM file, apache-arrow left as an import, and a copy of
//                                    build/release.wasm that init() finds next to it
// Every bundle sits two folders below the package root, as the tsc output does, so the
// paths the sources build from import.meta.url (../../build/release.wasm,
// ../../package.json, ../../fixtures/...) hold in all of them. Needs build/*.wasm
// (`npm run asbuild`). Prints the sizes.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const src = (p) => join(ROOT, 'src', p);
const require = createRequire(import.meta.url);

/** Loaded on first use only, and left out of every bundle (they are dependencies). */
const LAZY = ['vega', 'vega-lite', 'parquet-wasm', 'bullmq', 'ioredis'];

for (const t of ['release', 'threads']) {
  if (!existsSync(join(ROOT, 'build', `${t}.wasm`))) throw new Error(`build/${t}.wasm is missing: run \`npm run asbuild\` first`);
}

const started = performance.now();
// dist/web (npm run build:web, the demo page) is not part of the package: keep it.
if (existsSync(DIST)) for (const e of readdirSync(DIST)) if (e !== 'web') rmSync(join(DIST, e), { recursive: true, force: true });

// 1. The library, module by module, with declarations and source maps.
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });

const node = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' };

// 2. CommonJS: import.meta.url does not exist there; the banner defines its equivalent.
await build({
  ...node,
  entryPoints: { index: src('index.ts'), worker: src('grid/worker.ts'), thread: src('grid/distributed/thread.ts') },
  outdir: join(DIST, 'cjs'),
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  packages: 'external',
  // Names kept (stack traces stay readable); whitespace and syntax minified: the three
  // bundles repeat the engine, and the tarball has a size budget (test/pack).
  minifyWhitespace: true,
  minifySyntax: true,
  define: { 'import.meta.url': '__xmom_import_meta_url' },
  banner: { js: 'const __xmom_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});
// Its types: a CommonJS copy of the declarations (.d.cts, relative imports to .cjs), so a
// TypeScript consumer compiled as CommonJS under node16 does not see ESM declarations
// (TS1479). The same types, in the module format that `require` gives.
function cjsDeclarations(dir, out) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      if (!['cjs', 'bin', 'browser', 'cli', 'web'].includes(e) || dir !== DIST) cjsDeclarations(p, join(out, e));
    } else if (e.endsWith('.d.ts')) {
      mkdirSync(out, { recursive: true });
      const text = readFileSync(p, 'utf8').replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\.js\2/g, '$1$2$3.cjs$2');
      writeFileSync(join(out, e.replace(/\.d\.ts$/, '.d.cts')), text);
    }
  }
}
cjsDeclarations(DIST, join(DIST, 'cjs', 'types'));
writeFileSync(join(DIST, 'cjs', 'index.d.cts'), "export * from './types/index.cjs';\n");

// 3. The CLI. commander is CommonJS: its require() of node builtins needs a real require.
await build({
  ...node,
  entryPoints: { xmom: src('cli/bin.ts'), worker: src('grid/worker.ts'), thread: src('grid/distributed/thread.ts') },
  outdir: join(DIST, 'bin'),
  format: 'esm',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  external: LAZY,
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: 'import { createRequire as __xmomCreateRequire } from "node:module"; const require = __xmomCreateRequire(import.meta.url);' },
});

// 4. The browser library for bundlers (Vite, webpack, esbuild, Rollup).
const web = await build({
  bundle: true,
  entryPoints: [src('browser.ts')],
  outfile: join(DIST, 'browser', 'xmom.js'),
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
  external: ['apache-arrow'],
  // Whitespace and syntax minified (names kept): a bundler minifies further anyway.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
});
const nodeInputs = Object.keys(web.metafile.inputs).filter((p) => p.startsWith('node:'));
if (nodeInputs.length) throw new Error(`dist/browser/xmom.js imports Node modules: ${nodeInputs.join(', ')}`);
copyFileSync(join(ROOT, 'build', 'release.wasm'), join(DIST, 'browser', 'xmom.wasm'));

/** Bytes under `dir` whose name passes `keep`. */
function bytesUnder(dir, keep = () => true) {
  let n = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) n += e === 'web' ? 0 : bytesUnder(p, keep);
    else if (keep(e)) n += statSync(p).size;
  }
  return n;
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
console.log(`built ${relative(process.cwd(), DIST) || '.'} (xmom ${version}) in ${((performance.now() - started) / 1000).toFixed(1)} s:`
  + ` all ${kb(bytesUnder(DIST))}, of which .js ${kb(bytesUnder(DIST, (e) => /\.c?js$/.test(e)))},`
  + ` .d.ts ${kb(bytesUnder(DIST, (e) => e.endsWith('.d.ts')))}, maps ${kb(bytesUnder(DIST, (e) => e.endsWith('.map')))}`);
