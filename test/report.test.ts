import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { InputError, Panel, writeReport, type BacktestResult, type ReportFiles } from '../src/index.js';
import { normal, rng } from './helpers.js';

const DAY = 86_400_000;

/** Compounded wealth and drawdown computed here, independently of src/metrics. */
function wealthAndDrawdown(r: ArrayLike<number>): { wealth: number[]; dd: number[]; maxDd: number } {
  const wealth: number[] = [];
  const dd: number[] = [];
  let w = 1;
  let peak = 1;
  let maxDd = 0;
  for (let t = 0; t < r.length; t++) {
    w *= 1 + r[t];
    peak = Math.max(peak, w);
    wealth.push(w);
    dd.push(w / peak - 1);
    maxDd = Math.min(maxDd, w / peak - 1);
  }
  return { wealth, dd, maxDd };
}

/**
 * A BacktestResult built by hand (no simulator): 4 assets, the strategy holds two of them
 * at 50% each, switching every 30 bars; row 0 has return 0 as in `backtest`.
 */
function handMadeResult(T: number, withDates: boolean): { result: BacktestResult; assetReturns: number[][] } {
  const N = 4;
  const z = normal(rng(42));
  const assetReturns = Array.from({ length: N }, (_, j) => Array.from({ length: T }, (_, t) => (t === 0 ? 0 : 0.0004 * (j + 1) + 0.02 * z())));
  const w = new Float64Array(T * N);
  const returns = new Float64Array(T);
  const equity = new Float64Array(T);
  const turnover = new Float64Array(T);
  let e = 1000;
  for (let t = 0; t < T; t++) {
    const a = Math.floor(t / 30) % N;
    w[t * N + a] = 0.5;
    w[t * N + ((a + 1) % N)] = 0.5;
    if (t > 0) for (let j = 0; j < N; j++) returns[t] += w[(t - 1) * N + j] * assetReturns[j][t];
    e *= 1 + returns[t];
    equity[t] = e;
    turnover[t] = t % 30 === 0 ? 1 : 0; // a full switch every 30 bars
  }
  const columns = ['BTC', 'ETH', 'SOL', 'XRP'];
  const weights = Panel.fromRows(w, T, N, { columns });
  const dates = withDates ? Float64Array.from({ length: T }, (_, t) => Date.UTC(2021, 10, 1) + t * DAY) : new Float64Array(0);
  const result: BacktestResult = {
    dates,
    columns,
    returns,
    equity,
    grossExposure: new Float64Array(T).fill(1),
    netExposure: new Float64Array(T).fill(1),
    turnover,
    costs: new Float64Array(T),
    weights,
    contribution: weights,
    trades: [],
    periodsPerYear: 365,
    ruinedAt: null,
    ruinedRow: null,
    stops: [],
    startRow: 0,
  };
  return { result, assetReturns };
}

/** The data-value attributes of a metrics-table row. */
function rowValues(html: string, key: string): number[] {
  const row = html.match(new RegExp(`<tr data-metric="${key}">(.*?)</tr>`))?.[1] ?? '';
  return [...row.matchAll(/data-value="([^"]*)"/g)].map((m) => (m[1] === '' ? NaN : Number(m[1])));
}

describe('writeReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmom-report-'));
  const T = 400;
  const { result, assetReturns } = handMadeResult(T, true);
  const btc = Float64Array.from(assetReturns[0]);
  const ew = Float64Array.from({ length: T }, (_, t) => assetReturns.reduce((s, a) => s + a[t], 0) / 4);
  let files: ReportFiles;
  let html: string;

  beforeAll(async () => {
    files = await writeReport(result, {
      outDir: join(dir, 'dated'),
      title: 'Momentum <test> & co',
      benchmarks: { 'Buy & hold BTC': { returns: btc }, 'Equal weight': { returns: ew } },
    });
    html = readFileSync(files.html, 'utf8');
  }, 60_000);

  afterAll(() => {
    result.weights.free();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writeReport(result, opts) writes report.html, series.json, series.arrow and weights.arrow and returns their paths', () => {
    expect(files).toEqual({
      html: join(dir, 'dated', 'report.html'),
      seriesJson: join(dir, 'dated', 'series.json'),
      seriesArrow: join(dir, 'dated', 'series.arrow'),
      weightsArrow: join(dir, 'dated', 'weights.arrow'),
    });
    for (const f of Object.values(files)) expect(existsSync(f), f).toBe(true);
  });

  it('report.html is self-contained: CSS in <style>, five inline SVG charts, no scripts or external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.includes('<style>')).toBe(true);
    // equity, drawdown, rolling Sharpe, weights, monthly heatmap
    expect(html.match(/<svg/g)?.length).toBe(5);
    // (asserting on booleans keeps a failure message short: the page is 300 KB)
    expect(/<script/i.test(html), 'script').toBe(false);
    expect(/<link|<img|@import|url\((?!#)/i.test(html), 'external resource').toBe(false); // url(#id) is an in-SVG clip path
    const urls = [...html.matchAll(/https?:\/\/[^\s"']+/g)].map((m) => m[0]);
    expect(urls.filter((u) => !u.startsWith('http://www.w3.org/'))).toEqual([]); // SVG namespaces only
    expect(html.includes('<h1>Momentum &lt;test&gt; &amp; co</h1>'), 'escaped title').toBe(true);
  });

  it('report.html compares the strategy and the benchmarks in a metrics table with the right values', () => {
    expect(/Strategy<\/th><th>.*Buy &amp; hold BTC<\/th><th>.*Equal weight<\/th>/.test(html), 'table header').toBe(true);
    const expected = [result.returns, btc, ew].map((r) => wealthAndDrawdown(r));
    const total = rowValues(html, 'totalReturn');
    const maxDd = rowValues(html, 'maxDrawdown');
    expect(total).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      expect(total[i]).toBeCloseTo(expected[i].wealth[T - 1] - 1, 12);
      expect(maxDd[i]).toBeCloseTo(expected[i].maxDd, 12);
    }
    // The displayed text is the value in percent with two decimals.
    expect(html.includes(`>${((expected[0].wealth[T - 1] - 1) * 100).toFixed(2)}%</td>`), 'formatted total return').toBe(true);
    // Beta of a benchmark to itself (the first benchmark) is 1.
    expect(rowValues(html, 'beta')[1]).toBeCloseTo(1, 12);
    // Turnover: one full turn every 30 bars (14 of 400 bars), x 365 a year.
    expect(rowValues(html, 'annualTurnover')[0]).toBeCloseTo((14 / 400) * 365, 12);
  });

  it('report.html has the drawdown-by-event table with the crypto winter of 2022', () => {
    expect(html.includes('Drawdown by event')).toBe(true);
    expect(html.includes('<td>Crypto winter (2022)</td><td>2022-01-01</td><td>2022-12-31</td>')).toBe(true);
  });

  it('report.html splits the metrics by the volatility regime of the first benchmark', () => {
    // 400 bars: enough for the 63-bar volatility regime (needs > 126), not the 200-bar trend (needs > 400).
    expect(html.includes('Market regimes')).toBe(true);
    expect(html.includes('<td>Volatility: Buy &amp; hold BTC 63-bar vol vs its running median</td><td>high</td>')).toBe(true);
    expect(html.includes('200-bar average')).toBe(false);
  });

  it('series.arrow reads back with tableFromIPC: one row per bar, dates, returns, drawdown, benchmarks', () => {
    const table = tableFromIPC(readFileSync(files.seriesArrow));
    expect(table.numRows).toBe(T);
    const names = table.schema.fields.map((f) => f.name);
    for (const n of ['date', 'returns', 'equity', 'drawdown', 'gross_exposure', 'net_exposure', 'turnover', 'costs',
      'rolling_sharpe', 'rolling_volatility', 'Buy & hold BTC returns', 'Buy & hold BTC equity', 'Equal weight equity']) {
      expect(names, n).toContain(n);
    }
    const { dd } = wealthAndDrawdown(result.returns);
    const btcWealth = wealthAndDrawdown(btc).wealth;
    const date = table.getChild('date')!;
    const ret = table.getChild('returns')!;
    const draw = table.getChild('drawdown')!;
    const btcEq = table.getChild('Buy & hold BTC equity')!;
    for (const t of [0, 1, 57, 199, T - 1]) {
      expect(Number(date.get(t))).toBe(result.dates[t]);
      expect(ret.get(t)).toBe(result.returns[t]);
      expect(draw.get(t)).toBeCloseTo(dd[t], 12);
      expect(btcEq.get(t)).toBeCloseTo(1000 * btcWealth[t], 9); // scaled to the strategy's capital
    }
  });

  it('weights.arrow holds the date and one column per asset, row by row', () => {
    const table = tableFromIPC(readFileSync(files.weightsArrow));
    expect(table.numRows).toBe(T);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['date', 'BTC', 'ETH', 'SOL', 'XRP']);
    // Bars 30..59 hold ETH and SOL at 50%.
    expect([45, 45, 45, 45].map((t, j) => table.getChildAt(j + 1)!.get(t))).toEqual([0, 0.5, 0.5, 0]);
  });

  it('series.json holds every series with NaN written as null', () => {
    const json = JSON.parse(readFileSync(files.seriesJson, 'utf8'));
    expect(json.dates).toHaveLength(T);
    expect(json.strategy.returns).toHaveLength(T);
    expect(json.strategy.rollingSharpe[0]).toBeNull(); // warm-up
    expect(json.strategy.rollingSharpe[T - 1]).toEqual(expect.any(Number));
    expect(Object.keys(json.benchmarks)).toEqual(['Buy & hold BTC', 'Equal weight']);
    expect(json.weights.columns).toEqual(['BTC', 'ETH', 'SOL', 'XRP']);
    expect(json.metrics.Strategy.totalReturn).toBeCloseTo(wealthAndDrawdown(result.returns).wealth[T - 1] - 1, 12);
  });

  it('writeReport without dates draws four charts (no monthly heatmap) and no event table', async () => {
    const small = handMadeResult(60, false).result;
    try {
      const f = await writeReport(small, { outDir: join(dir, 'undated') });
      const h = readFileSync(f.html, 'utf8');
      expect(h.match(/<svg/g)?.length).toBe(4);
      expect(h.includes('Drawdown by event')).toBe(false);
      const table = tableFromIPC(readFileSync(f.seriesArrow));
      expect(table.numRows).toBe(60);
      expect(table.schema.fields.map((x) => x.name)).not.toContain('date');
    } finally {
      small.weights.free();
    }
  }, 60_000);

  it('writeReport rejects misaligned benchmarks, unknown options and a missing outDir', async () => {
    await expect(writeReport(result, { outDir: join(dir, 'x'), benchmarks: { B: { returns: new Float64Array(3) } } }))
      .rejects.toThrow(/benchmarks\['B'\]\.returns has 3 rows/);
    await expect(writeReport(result, { outDir: join(dir, 'x'), colour: 'red' } as never)).rejects.toThrow(InputError);
    await expect(writeReport(result, {} as never)).rejects.toThrow(/outDir/);
  });
});
