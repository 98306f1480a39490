/**
 * The same engine in a web page (issue 7): the browser entry exports the isomorphic API,
 * `init` loads the engine from every kind of source, and the demo page (dist/web, built
 * here) run in headless Chromium gives metrics, grid cells and downloads that EQUAL what
 * the package computes in Node for the same inputs. Also measures bundle sizes and the
 * time to the first result (written to out/browser.json, ignored by git: a test run never
 * rewrites a tracked file).
 *
 * Needs Debian's Chromium at /usr/bin/chromium (never downloaded); without it the page
 * tests are skipped and say so. Screenshots: out/browser-demo.png, out/browser-demo-error.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tableFromIPC } from 'apache-arrow';
import * as api from '../src/index.js';
import {
  backtest, buyAndHold, dualMomentum, equalWeight, metrics, pctChange, readCsv, volTarget,
  type BacktestResult, type Metrics, type Panel,
} from '../src/index.js';
import * as browserApi from '../src/browser.js';
import { buildWeb, type WebFileSize } from '../scripts/build-web.mjs';
import { serveWeb, type WebServer } from '../scripts/serve-web.mjs';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = new URL('..', import.meta.url);
const path = (p: string) => new URL(p, ROOT).pathname;

/** Exports of src/index.ts that need node: modules and are therefore not in src/browser.ts. */
const NODE_ONLY = [
  'readPanelFile', 'loadPanelFile', 'writePanelFile', 'readLongCsvFile', 'PANEL_FILE_DEFAULTS', 'LAYOUTS', 'FILE_FORMATS',
  'readUniverseFile', 'fetchKlinesWithVolume',
  // ml-cart: not node:, but kept out of the browser bundle
  'mlRebalanceTiming', 'ML_TIMING_DEFAULTS', 'ML_TIMING_FEATURES',
  'fetchKlines', 'writeKlinesPanel', 'KLINES_DEFAULTS', 'KLINE_CATEGORIES', 'KLINE_PAGE_LIMIT',
  'writeReport', 'REPORT_DEFAULTS', 'writeJson', 'writeArrow', 'tearSheet', 'TEAR_SHEET_DEFAULTS',
  // src/grid: worker_threads (grid.ts) and node:fs (spec.ts, expand.ts, output.ts, heatmap.ts)
  'grid', 'walkForward', 'parseGridSpec', 'expandGrid', 'GRID_DEFAULTS', 'writeGridResults', 'formatTopTable',
  'gridHeatmapSvg', 'writeGridHeatmap', 'heatmapCells',
  // src/grid/distributed: BullMQ, ioredis, worker_threads
  'startGridWorker',
];

/** Keys whose values differ between two metric objects (Object.is: NaN equals NaN, -0 differs from 0). */
function differences(got: Record<string, unknown>, want: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(got), ...Object.keys(want)]);
  return [...keys].filter((k) => !Object.is(got[k], want[k])).map((k) => `${k}: page ${String(got[k])} vs node ${String(want[k])}`);
}

/** Inverse of the page's JSON encoding (web/format.ts exactJson), written independently. */
function decodeExact(text: string): any {
  return JSON.parse(text, (_k, v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === '-0' ? -0 : v));
}

describe('browser entry (src/browser.ts)', () => {
  it('browser entry exports every value of src/index.ts except the node-only ones, plus init and the Arrow IPC codec', () => {
    const missing = Object.keys(api).filter((k) => !(k in browserApi)).sort();
    expect(missing, 'an export was added to src/index.ts: re-export it in src/browser.ts, or list it in NODE_ONLY if it needs node:').toEqual([...NODE_ONLY].sort());
    const extra = Object.keys(browserApi).filter((k) => !(k in api)).sort();
    expect(extra).toEqual(['defaultWasmUrl', 'init', 'tableFromIPC', 'tableToIPC']);
  });

  it('init(bytes | Response without the wasm MIME type | Module) installs a working engine', async () => {
    const bytes = readFileSync(path('build/release.wasm'));
    const x = Float64Array.of(1, 2, 5, 4);
    const expected = [NaN, 2 / 1 - 1, 5 / 2 - 1, 4 / 5 - 1]; // p_t / p_{t-1} - 1 by definition
    // A Response with a generic content type makes compileStreaming throw: init falls back to compile.
    const sources = [
      new Uint8Array(bytes),
      new Response(new Uint8Array(bytes), { headers: { 'Content-Type': 'application/octet-stream' } }),
      await WebAssembly.compile(new Uint8Array(bytes)),
    ];
    for (const source of sources) {
      const module = await browserApi.init(source);
      expect(module).toBeInstanceOf(WebAssembly.Module);
      expect(Array.from(pctChange(x) as Float64Array)).toEqual(expected);
    }
    await expect(browserApi.init(new Response('nope', { status: 404 }))).rejects.toThrow(/HTTP 404/);
  });
});

describe.skipIf(!HAS_CHROMIUM)(`demo page in headless Chromium${HAS_CHROMIUM ? '' : ' (SKIPPED: /usr/bin/chromium is missing; apt-get install -y chromium)'}`, () => {
  let sizes: WebFileSize[];
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const LOADS = 3;
  const firstResultMs: number[] = [];
  let prices: Panel;
  const report: Record<string, unknown> = {};
  const saveReport = () => {
    mkdirSync(path('out'), { recursive: true });
    writeFileSync(path('out/browser.json'), JSON.stringify(report, null, 2) + '\n');
  };

  // The inputs typed into the form below, as package options.
  const STRATEGY = { lookback: 90, skip: 0, topN: 4, riskFree: 0, defensive: 'USDT' };
  const VOL_TARGET = { target: 0.3, window: 30, cap: 2, mode: 'asset' as const };
  const REBALANCE = { every: 'week' as const, weekday: 0 };
  const COSTS = { feesBps: 10, slippageBps: 5 };
  const GRID = { lookback: [60, 90, 120], topN: [2, 3, 4] };

  function nodeStrategy(overrides: Partial<typeof STRATEGY> = {}): BacktestResult {
    const raw = dualMomentum(prices, { ...STRATEGY, ...overrides });
    const w = volTarget(raw, prices, VOL_TARGET);
    raw.free();
    try {
      return backtest(prices, w, { rebalance: REBALANCE, lag: 1, ...COSTS });
    } finally {
      w.free();
    }
  }

  async function runId(): Promise<number> {
    return Number((await page.getAttribute('body', 'data-run-id')) ?? 0);
  }

  beforeAll(async () => {
    sizes = await buildWeb({ quiet: true });
    server = await serveWeb({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    // Time to first result: LOADS fresh contexts (empty caches), each measured in the page;
    // the last page stays open for the tests below.
    for (let k = 0; k < LOADS; k++) {
      if (k > 0) await page.context().close();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
      await page.goto(server.url);
      await page.waitForSelector('body[data-state=done][data-run-id]', { timeout: 30_000 });
      firstResultMs.push(Number(await page.getAttribute('body', 'data-first-result-ms')));
    }
    prices = readCsv(readFileSync(path('fixtures/crypto12.csv'), 'utf8'));
  }, 60_000);

  afterAll(async () => {
    prices?.free();
    await browser?.close();
    await server?.close();
  });

  it('serves the page cross-origin isolated, with the wasm as application/wasm, and shows a first result', async () => {
    const res = await fetch(new URL('xmom.wasm', server.url));
    expect(res.headers.get('content-type')).toBe('application/wasm');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await page.evaluate(() => crossOriginIsolated && typeof SharedArrayBuffer === 'function')).toBe(true);
    expect((await fetch(new URL('../package.json', server.url))).status).toBe(404); // only dist/web is served
    expect(firstResultMs).toHaveLength(LOADS);
    for (const t of firstResultMs) expect(t).toBeGreaterThan(0);
    for (const t of firstResultMs) expect(t).toBeLessThan(30_000);
    expect(pageErrors).toEqual([]);

    const chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const kb = (n: number) => Math.round(n / 102.4) / 10;
    const sortedMs = [...firstResultMs].sort((a, b) => a - b);
    Object.assign(report, {
      measured: new Date().toISOString(),
      command: 'npx vitest run test/browser.test.ts',
      browser: chromiumVersion,
      node: process.version,
      cpus: cpus().length,
      firstResult: {
        medianMs: sortedMs[Math.floor(LOADS / 2)],
        runsMs: firstResultMs,
        what: 'performance.now() in the page when the first metrics are shown, from navigation start, fresh browser context each run: page and worker start, engine compile, crypto12.csv (2557 x 12) download and parse, dual momentum (defaults) + buy-and-hold + equal-weight backtests, metrics, drawing',
      },
      files: sizes.map((s) => ({ ...s, kb: kb(s.bytes), gzipKb: kb(s.gzip) })),
    });
    saveReport();
    console.log(`[browser] first result shown after ${firstResultMs.map((t) => t.toFixed(0)).join(', ')} ms (median ${sortedMs[Math.floor(LOADS / 2)].toFixed(0)}) from navigation start; ${chromiumVersion}, ${cpus().length} cpus`);
    for (const s of sizes) console.log(`[browser] ${s.file.padEnd(12)} ${String(kb(s.bytes)).padStart(7)} KB raw ${String(kb(s.gzip)).padStart(6)} KB gzip`);
  });

  it('dual momentum on crypto12 shows metrics EQUAL to Node for the same inputs, marking the old result stale while it runs', async () => {
    await page.selectOption('#dataset', 'crypto12');
    await page.selectOption('#strategy', 'dualMomentum');
    await page.fill('#p-lookback', String(STRATEGY.lookback));
    await page.fill('#p-skip', String(STRATEGY.skip));
    await page.fill('#p-topN', String(STRATEGY.topN));
    await page.fill('#p-riskFree', String(STRATEGY.riskFree));
    await page.selectOption('#p-defensive', STRATEGY.defensive);
    await page.check('#vt-on');
    await page.fill('#vt-target', String(VOL_TARGET.target));
    await page.fill('#vt-window', String(VOL_TARGET.window));
    await page.fill('#vt-cap', String(VOL_TARGET.cap));
    await page.selectOption('#vt-mode', VOL_TARGET.mode);
    await page.selectOption('#rebalance', 'weekly');
    await page.selectOption('#weekday', String(REBALANCE.weekday));
    await page.fill('#fees', String(COSTS.feesBps));
    await page.fill('#slippage', String(COSTS.slippageBps));
    await page.fill('#lag', '1');
    await page.check('#grid-on');
    await page.selectOption('#grid-x', 'lookback');
    await page.fill('#grid-xs', GRID.lookback.join(', '));
    await page.selectOption('#grid-y', 'topN');
    await page.fill('#grid-ys', GRID.topN.join(', '));
    const before = await runId();
    // The click starts the run synchronously: the previous result must be marked stale at once.
    const atStart = await page.evaluate(() => {
      document.getElementById('run')!.click();
      return {
        json: document.getElementById('xmom-result') !== null,
        stale: document.getElementById('summary-card')!.classList.contains('stale'),
        state: document.body.dataset.state,
      };
    });
    expect(atStart).toEqual({ json: false, stale: true, state: 'running' });
    await page.waitForFunction((prev) => Number(document.body.dataset.runId ?? 0) > prev && document.body.dataset.state === 'done', before, { timeout: 20_000 });
    const shown = decodeExact(await page.textContent('#xmom-result') as string);

    const strat = nodeStrategy();
    // The benchmarks over the strategy's evaluation sample (from the end of its warm-up, issue 12).
    const bh = buyAndHold(prices, 0, { ...COSTS, startRow: strat.startRow });
    const ew = equalWeight(prices, { rebalance: REBALANCE, ...COSTS, startRow: strat.startRow });
    const common = { dates: strat.dates, periodsPerYear: strat.periodsPerYear, benchmark: bh.returns };
    const want: Metrics[] = [strat, bh, ew].map((r) => metrics(r.returns, { ...common, turnover: r.turnover }));
    for (const r of [strat, bh, ew]) {
      r.weights.free();
      r.contribution.free();
    }
    expect(shown.names).toEqual(['dualMomentum + vol target', 'Buy & hold BTC', 'Equal weight']);
    expect(shown.metrics).toHaveLength(3);
    shown.metrics.forEach((m: Record<string, unknown>, i: number) => expect(differences(m, want[i] as unknown as Record<string, unknown>), shown.names[i]).toEqual([]));
    // A real run over the file from the end of the 90-bar lookback, not an empty one.
    expect(strat.startRow).toBeGreaterThanOrEqual(90);
    expect(want[0].nPeriods).toBe(prices.nRows - strat.startRow);

    // The visible table shows the same numbers, formatted.
    const sharpeCells = await page.$$eval('#metrics-table tr[data-key=sharpe] td', (tds) => tds.map((td) => td.textContent));
    expect(sharpeCells).toEqual(['Sharpe ratio', ...want.map((m) => m.sharpe.toFixed(2))]);
    const cagrCells = await page.$$eval('#metrics-table tr[data-key=cagr] td', (tds) => tds.map((td) => td.textContent));
    expect(cagrCells).toEqual(['CAGR', ...want.map((m) => `${(m.cagr * 100).toFixed(2)}%`)]);
    expect(await page.isHidden('#error')).toBe(true);
    expect(pageErrors).toEqual([]);
    report.dualMomentumRun = { inputs: { STRATEGY, VOL_TARGET, REBALANCE, COSTS }, workerMs: shown.timings };
    saveReport();
  });

  it('the lookback x topN grid computed in the workers equals Node backtests point by point', async () => {
    await page.waitForSelector('body[data-grid-state=done]', { timeout: 30_000 });
    const grid = decodeExact(await page.textContent('#xmom-grid') as string);
    expect([grid.x, grid.xs, grid.y, grid.ys]).toEqual(['lookback', GRID.lookback, 'topN', GRID.topN]);
    expect(await page.textContent('#grid-progress-text')).toMatch(/^9 \/ 9 in /);
    expect(await page.locator('#grid-chart svg rect').count()).toBe(9);
    for (const [k, topN] of GRID.topN.entries()) {
      for (const [i, lookback] of GRID.lookback.entries()) {
        const r = nodeStrategy({ lookback, topN });
        const m = metrics(r.returns, { dates: r.dates, periodsPerYear: r.periodsPerYear, turnover: r.turnover });
        r.weights.free();
        r.contribution.free();
        const want = { sharpe: m.sharpe, cagr: m.cagr, maxDrawdown: m.maxDrawdown, calmar: m.calmar, sortino: m.sortino, annualVolatility: m.annualVolatility };
        expect(differences(grid.cells[k][i], want), `lookback ${lookback}, topN ${topN}`).toEqual([]);
      }
    }
    report.grid = { points: 9, ms: grid.ms, workers: grid.workers };
    saveReport();
    mkdirSync(path('out'), { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path('out/browser-demo.png'), fullPage: true });
  });

  it('downloads the result as CSV and Arrow whose strategy equity equals Node exactly', async () => {
    const strat = nodeStrategy();
    const equity = strat.equity;
    // The download covers the evaluation sample: the rows from the end of the warm-up.
    const rows = prices.nRows - strat.startRow;
    const firstDate = new Date(prices.dates()[strat.startRow]).toISOString().slice(0, 10);
    strat.weights.free();
    strat.contribution.free();
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
    expect(csvDl.suggestedFilename()).toBe('xmom-dualmomentum_crypto12.csv');
    const lines = readFileSync(await csvDl.path(), 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['date', 'dualmomentum_vol_target_equity', 'dualmomentum_vol_target_drawdown']);
    expect(header).toContain('weight_USDT');
    expect(lines.length - 1).toBe(rows);
    const col = header.indexOf('dualmomentum_vol_target_equity');
    const fromCsv = lines.slice(1).map((l) => Number(l.split(',')[col]));
    expect(fromCsv).toEqual(Array.from(equity));
    expect(lines[1].split(',')[0]).toBe(firstDate);

    const [arrowDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-arrow')]);
    const table = tableFromIPC(readFileSync(await arrowDl.path()));
    expect(table.numRows).toBe(rows);
    expect(Array.from(table.getChild('dualmomentum_vol_target_equity')!.toArray() as Float64Array)).toEqual(Array.from(equity));
  });

  it('a malformed CSV dropped on the page shows an error naming its line and column, and no result', async () => {
    const bad = 'date,AAA,BBB\n2024-01-01,1,2\n2024-01-02,1.5,abc\n2024-01-03,2,3\n';
    let nodeMessage = '';
    try {
      readCsv(bad).free();
    } catch (e) {
      nodeMessage = (e as Error).message;
    }
    expect(nodeMessage).not.toBe('');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'bad.csv', { type: 'text/csv' }));
      return dt;
    }, bad);
    await page.dispatchEvent('#drop', 'drop', { dataTransfer });
    await page.waitForSelector('#error:not([hidden])', { timeout: 10_000 });
    const text = (await page.textContent('#error')) ?? '';
    expect(text).toContain('bad.csv');
    expect(text).toContain('line 3'); // the header is line 1: 'abc' sits on line 3
    expect(text).toContain("column 'BBB'");
    expect(text).toBe(`Could not read bad.csv: ${nodeMessage}`);
    expect(await page.getAttribute('body', 'data-state')).toBe('error');
    expect(await page.isHidden('#output')).toBe(true);
    expect(await page.$('#xmom-result')).toBeNull();
    expect(await page.$('#xmom-grid')).toBeNull();
    expect(await page.getAttribute('body', 'data-run-id')).toBeNull();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path('out/browser-demo-error.png') });
    // The page still works: picking a bundled dataset runs again.
    await page.selectOption('#dataset', 'crypto12');
    await page.waitForSelector('body[data-state=done][data-run-id]', { timeout: 20_000 });
    expect(await page.isHidden('#error')).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
