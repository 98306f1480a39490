/**
 * The npm package as a user gets it (`npm run test:pack`, CI's last step): `npm pack`
 * (which runs prepack: asbuild + build), then `npm install ./xmom-<version>.tgz` into a
 * fresh temporary project, and that project uses xmom every supported way: an ESM
 * import under plain node, `require('xmom')`, a TypeScript consumer type-checked with
 * skipLibCheck off under moduleResolution node16 and bundler, the `xmom` command
 * (`npx xmom demo`), and an esbuild browser bundle run in Debian's Chromium. Every
 * consumer's numbers are compared with the same computation run here from the sources
 * (src/), and must be EQUAL: same wasm, same code, compiled.
 *
 * Uses the repository's own TypeScript, esbuild and playwright-core on the temporary
 * project, so the install itself pulls nothing but xmom and its runtime dependencies
 * (checked). Registry access: `npm install --prefer-offline` (the local cache first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { backtest, dualMomentum, grid, metrics, readPanelFile } from '../../src/index.js';
import { serveWeb } from '../../scripts/serve-web.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = (tool: string): string => join(ROOT, 'node_modules', '.bin', tool);
const CHROMIUM = '/usr/bin/chromium';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TARBALL_LIMIT = 1.5 * 1024 * 1024;

const work = mkdtempSync(join(tmpdir(), 'xmom-pack-'));
const app = join(work, 'app');
const installed = join(app, 'node_modules', 'xmom');
afterAll(() => rmSync(work, { recursive: true, force: true }));
let tarball = '';

/** Runs `cmd args` in the consumer project; resolves with its output even when it fails. */
async function inApp(cmd: string, args: string[], cwd = app): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  try {
    const r = await run(cmd, args, { cwd, maxBuffer: 64 << 20, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e), ms: performance.now() - t0 };
  }
}

/** JSON with NaN / ±Infinity kept (as strings), so that equality is exact. */
const REPLACER = "(_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)";
const exact = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));

/** The consumers' computation (the same text in the ESM and the CommonJS consumer), on the namespace `x`. */
const COMPUTE = `
  const prices = x.readPanelFile(FIXTURE);
  const weights = x.dualMomentum(prices, { lookback: 90, topN: 4 });
  const result = x.backtest(prices, weights, { rebalance: { every: 'week', weekday: 0 }, lag: 1, feesBps: 10, slippageBps: 5 });
  const m = x.metrics(result.returns, { periodsPerYear: result.periodsPerYear });
  const g = await x.grid(['lookback=60,90', 'topN=2,3'], prices, { strategy: 'dualMomentum', workers: 2, progress: false });
  const point = g.table.getChild('point').toArray();
  const sharpe = g.table.getChild('sharpe').toArray();
  const cells = Array.from(point, (p, i) => [Number(p), sharpe[i]]).sort((a, b) => a[0] - b[0]);
  process.stdout.write(JSON.stringify({ metrics: m, completed: g.completed, cells }, ${REPLACER}));
`;

/** The same computation from the sources, in this process (grid on the main thread). */
async function expectedRun(): Promise<unknown> {
  const prices = readPanelFile(join(ROOT, 'fixtures', 'crypto12.arrow'));
  const weights = dualMomentum(prices, { lookback: 90, topN: 4 });
  const result = backtest(prices, weights, { rebalance: { every: 'week', weekday: 0 }, lag: 1, feesBps: 10, slippageBps: 5 });
  const m = metrics(result.returns, { periodsPerYear: result.periodsPerYear });
  const g = await grid(['lookback=60,90', 'topN=2,3'], prices, { strategy: 'dualMomentum', workers: 0, progress: false });
  const point = g.table.getChild('point')!.toArray();
  const sharpe = g.table.getChild('sharpe')!.toArray();
  const cells = Array.from(point, (p, i) => [Number(p), sharpe[i]]).sort((a, b) => a[0] - b[0]);
  prices.free();
  weights.free();
  return exact({ metrics: m, completed: g.completed, cells });
}

beforeAll(async () => {
  // npm pack runs prepack (npm run asbuild && npm run build): the tarball is what `npm publish` would send.
  // Asynchronous: a blocking spawn would starve the test worker's RPC with vitest. The
  // last line npm pack prints is the tarball's name (prepack's output comes before it).
  const packed = await run('npm', ['pack', '--pack-destination', work], { cwd: ROOT, maxBuffer: 64 << 20 });
  tarball = join(work, packed.stdout.trim().split('\n').pop()!.trim());
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, maxBuffer: 64 << 20 });
}, 600_000);

describe('the packed tarball', () => {
  it(`is under 1.5 MB and holds the compiled entries, both wasm files and the demo's data, but no sources or tests`, () => {
    const size = statSync(tarball).size;
    console.log(`tarball ${tarball.split('/').pop()}: ${(size / 1024).toFixed(0)} KB`);
    expect(size).toBeLessThan(TARBALL_LIMIT);
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cjs/index.cjs', 'dist/bin/xmom.js', 'dist/browser/xmom.js', 'build/release.wasm', 'build/threads.wasm', 'fixtures/crypto12.arrow', 'LICENSE', 'README.md']) {
      expect(existsSync(join(installed, f)), f).toBe(true);
    }
    for (const f of ['src', 'test', 'bench', 'assembly', '.ci', 'web', 'dist/web', 'fixtures/equities.arrow', 'fixtures/crypto12.csv']) {
      expect(existsSync(join(installed, f)), f).toBe(false);
    }
  });

  it('installing it pulls no build or test tool', () => {
    for (const tool of ['typescript', 'tsx', 'esbuild', 'vitest', 'assemblyscript', 'benchmark', 'playwright-core']) {
      expect(existsSync(join(app, 'node_modules', tool)), tool).toBe(false);
    }
  });
});

describe('consumers of the installed package', () => {
  let expected: unknown;
  beforeAll(async () => {
    expected = await expectedRun();
  });

  it("import 'xmom' under plain node: backtest metrics and a 2-worker grid equal the sources' numbers", async () => {
    writeFileSync(join(app, 'esm.mjs'), `import * as x from 'xmom';\nconst FIXTURE = ${JSON.stringify(join(installed, 'fixtures', 'crypto12.arrow'))};\n${COMPUTE}`);
    const r = await inApp(process.execPath, ['esm.mjs']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("require('xmom') (the CommonJS build): the same numbers, grid workers included", async () => {
    writeFileSync(join(app, 'cjs.cjs'), `const x = require('xmom');\nconst FIXTURE = ${JSON.stringify(join(installed, 'fixtures', 'crypto12.arrow'))};\n(async () => {${COMPUTE}})().catch((e) => { console.error(e); process.exit(1); });`);
    const r = await inApp(process.execPath, ['cjs.cjs']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
    const resolved = await inApp(process.execPath, ['-e', "process.stdout.write(require.resolve('xmom'))"]);
    expect(resolved.stdout).toBe(join(installed, 'dist', 'cjs', 'index.cjs'));
  });

  it.each(['node16', 'bundler'])('TypeScript consumers (ESM; under node16 also CommonJS) type-check with tsc --noEmit, moduleResolution %s, skipLibCheck off', async (resolution) => {
    writeFileSync(join(app, 'consumer.ts'), [
      "import { readPanelFile, dualMomentum, backtest, metrics, type Metrics, type BacktestResult } from 'xmom';",
      "import { init, type WasmSource } from 'xmom/browser';",
      "const prices = readPanelFile('prices.arrow');",
      'const result: BacktestResult = backtest(prices, dualMomentum(prices, { lookback: 90, topN: 4 }), { feesBps: 10 });',
      'const m: Metrics = metrics(result.returns, { periodsPerYear: result.periodsPerYear });',
      'const sharpe: number = m.sharpe;',
      '// @ts-expect-error lookback is a number: proves the declarations are typed (an `any` would make this line an error)',
      "dualMomentum(prices, { lookback: 'ninety' });",
      "const source: WasmSource = new URL('https://example.com/xmom.wasm');",
      'const ready: Promise<WebAssembly.Module> = init(source);',
      'export { sharpe, ready };',
      '',
    ].join('\n'));
    // Under node16 a CommonJS file too (.cts: `require` gives dist/cjs, typed by its .d.cts declarations).
    writeFileSync(join(app, 'consumer.cts'), [
      "import { Panel, backtest, metrics, type Metrics } from 'xmom';",
      'export function sharpeOf(prices: Panel, weights: Panel): number {',
      '  const r = backtest(prices, weights, { feesBps: 10 });',
      '  const m: Metrics = metrics(r.returns, { periodsPerYear: r.periodsPerYear });',
      '  // @ts-expect-error feesBps is a number',
      "  backtest(prices, weights, { feesBps: 'ten' });",
      '  return m.sharpe;',
      '}',
      '',
    ].join('\n'));
    const config = {
      compilerOptions: {
        target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, skipLibCheck: false,
        module: resolution === 'node16' ? 'node16' : 'esnext', moduleResolution: resolution,
        types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files: resolution === 'node16' ? ['consumer.ts', 'consumer.cts'] : ['consumer.ts'],
    };
    writeFileSync(join(app, `tsconfig.${resolution}.json`), JSON.stringify(config, null, 2));
    const r = await inApp(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${resolution}.json`]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('npx xmom demo writes its report, and its metrics equal the demo run from the sources', async () => {
    const out = join(app, 'demo');
    const r = await inApp('npx', ['--no', '--', 'xmom', 'demo', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    console.log(`npx xmom demo --json on the installed package: ${r.ms.toFixed(0)} ms (one run, machine load included)`);
    const got = JSON.parse(r.stdout) as { metrics: unknown; equities: { metrics: unknown; window: unknown }; report: string };
    const dev = JSON.parse((await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts'), 'demo', '--out', join(work, 'demo-src'), '--json'], { cwd: ROOT, maxBuffer: 64 << 20 })).stdout) as typeof got;
    expect(exact(got.metrics)).toEqual(exact(dev.metrics));
    // The npm package builds the equities from their seeds (fixtures/equities.arrow is not shipped): same numbers.
    expect(exact(got.equities.metrics)).toEqual(exact(dev.equities.metrics));
    expect(got.equities.window).toEqual(dev.equities.window);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Dual momentum');
    expect(html).toContain('<svg');
    expect(existsSync(join(out, 'series.arrow'))).toBe(true);
  });

  it('npx xmom --help and --version run the compiled command', async () => {
    const help = await inApp('npx', ['--no', '--', 'xmom', '--help']);
    expect(help.code, help.stderr).toBe(0);
    for (const cmd of ['demo', 'backtest', 'grid', 'bench', 'data', 'report']) expect(help.stdout).toContain(cmd);
    const version = await inApp('npx', ['--no', '--', 'xmom', '--version']);
    expect(version.stdout.trim()).toBe(VERSION);
  });

  it('a missing or corrupt wasm file in an installed package: an error naming the file, the version and "reinstall"', async () => {
    const copy = join(app, 'node_modules', 'xmom-damaged');
    cpSync(installed, copy, { recursive: true });
    const wasm = join(copy, 'build', 'release.wasm');
    const entry = join(copy, 'dist', 'index.js');
    writeFileSync(wasm, 'not a wasm module');
    const corrupt = await inApp(process.execPath, ['-e', `import(${JSON.stringify(entry)})`]);
    expect(corrupt.code).not.toBe(0);
    for (const f of [wasm, `xmom ${VERSION}`, 'installed package', 'is not a valid wasm engine', 'reinstall xmom']) expect(corrupt.stderr).toContain(f);
    rmSync(wasm);
    const missing = await inApp(process.execPath, ['-e', `import(${JSON.stringify(entry)})`]);
    expect(missing.code).not.toBe(0);
    for (const f of [wasm, `xmom ${VERSION}`, 'cannot read the wasm engine', 'ENOENT', 'reinstall xmom']) expect(missing.stderr).toContain(f);
    rmSync(copy, { recursive: true, force: true });
  });

  it.skipIf(!existsSync(CHROMIUM))('an esbuild browser bundle loads the wasm in Chromium; a kernel before init() says to await init(); metrics equal Node', async () => {
    const web = join(app, 'web');
    writeFileSync(join(app, 'browser.js'), `
      import { init, Panel, tableFromIPC, dualMomentum, backtest, metrics } from 'xmom';
      import wasmUrl from 'xmom/xmom.wasm';
      window.run = async () => {
        const table = tableFromIPC(new Uint8Array(await (await fetch('./crypto12.arrow')).arrayBuffer()));
        let beforeInit = null;
        try { Panel.fromArrow(table); } catch (e) { beforeInit = e.message; }
        await init(new URL(wasmUrl, location.href));
        const prices = Panel.fromArrow(table);
        const result = backtest(prices, dualMomentum(prices, { lookback: 90, topN: 4 }), { rebalance: { every: 'week', weekday: 0 }, lag: 1, feesBps: 10, slippageBps: 5 });
        const m = metrics(result.returns, { periodsPerYear: result.periodsPerYear });
        return JSON.stringify({ beforeInit, metrics: m }, ${REPLACER});
      };
    `);
    const r = await inApp(BIN('esbuild'), ['browser.js', '--bundle', '--format=esm', '--platform=browser', `--outdir=${web}`, '--loader:.wasm=file', '--metafile=web/meta.json', '--log-level=warning']);
    expect(r.code, r.stderr).toBe(0);
    const inputs = Object.keys((JSON.parse(readFileSync(join(web, 'meta.json'), 'utf8')) as { inputs: object }).inputs);
    expect(inputs).toContain('node_modules/xmom/dist/browser/xmom.js'); // the `browser` condition
    expect(inputs.some((p) => p.startsWith('node:'))).toBe(false);
    cpSync(join(installed, 'fixtures', 'crypto12.arrow'), join(web, 'crypto12.arrow'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><script type="module" src="./browser.js"></script>');
    const server = await serveWeb({ root: web });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => typeof (window as unknown as { run?: unknown }).run === 'function');
      const got = JSON.parse(await page.evaluate(() => (window as unknown as { run: () => Promise<string> }).run())) as { beforeInit: string | null; metrics: unknown };
      expect(got.beforeInit).toContain('await init()');
      expect(got.metrics).toEqual((expected as { metrics: unknown }).metrics);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
