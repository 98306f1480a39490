// One strategy, one answer (issue 12, item 5): the library, the grid (workers 0 and 2),
// the CLI and the browser pipeline measure the same evaluation sample, with the same
// defaults and schedule spellings. The sample is recomputed here from its definition
// (the first row whose target weights hold a nonzero value), not taken from the code.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import {
  backtest, buyAndHold, dualMomentum, equalWeight, grid, metrics, Panel, parseSchedule, SCHEDULE_NAMES, GRID_REBALANCE,
  type BacktestResult,
} from '../src/index.js';
import { xmom } from './xmomInProcess.js';
import { runGridPoint } from '../web/pipeline.js';
import { errorOf } from './helpers.js';

const prices = Panel.fromArrow(tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url))));
const GRID_METRIC_NAMES = ['sharpe', 'cagr', 'annualVolatility', 'maxDrawdown', 'calmar', 'sortino', 'turnover', 'totalReturn'] as const;

/** The first row whose targets hold a nonzero, non-NaN value (0 when none): the definition, written out. */
function firstHeldRow(w: Panel): number {
  for (let t = 0; t < w.nRows; t++) if (w.row(t).some((x) => x !== 0 && !Number.isNaN(x))) return t;
  return 0;
}

function release(r: BacktestResult): void {
  r.weights.free();
  r.contribution.free();
}

/** Runs the CLI in this process (test/xmomInProcess.ts); returns its exit code and what it wrote. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await xmom(args);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('one evaluation sample for library, grid, CLI and browser', () => {
  // The point: dual momentum lookback 120, topN 2, weekly, on fixtures/crypto12.arrow
  // gave Sharpe 0.889 (library), 1.069 (grid) and 1.095 (CLI).
  const params = { lookback: 120, topN: 2 };

  it("backtest(prices, dualMomentum(lookback 120, topN 2), {rebalance: 'weekly'}) starts at the first held row and equals the full run cut there", () => {
    const w = dualMomentum(prices, params);
    const start = firstHeldRow(w);
    expect(start).toBeGreaterThanOrEqual(120);
    const r = backtest(prices, w, { rebalance: 'weekly' });
    const full = backtest(prices, w, { rebalance: 'weekly', includeWarmup: true });
    expect(r.startRow).toBe(start);
    expect(full.startRow).toBe(0);
    expect(r.returns.length).toBe(prices.nRows - start);
    expect(Array.from(r.returns)).toEqual(Array.from(full.returns.subarray(start)));
    expect(Array.from(r.dates)).toEqual(Array.from(prices.dates().subarray(start)));
    // The warm-up earned nothing: every return before the first held row is 0 (no cash rate).
    expect(Array.from(full.returns.subarray(0, start)).every((x) => x === 0)).toBe(true);
    // Equity restarts from the initial capital: wealth = cumulative product over the sample.
    let wealth = 1;
    r.returns.forEach((x, t) => {
      wealth *= 1 + x;
      expect(r.equity[t]).toBeCloseTo(wealth, 10);
    });
    // includeWarmup changes the figures as documented: the same compounded wealth over
    // `start` more bars (zeros), so a lower Sharpe (mean shrinks by (T - start) / T, std less).
    const m = metrics(r.returns, { periodsPerYear: r.periodsPerYear });
    const mFull = metrics(full.returns, { periodsPerYear: full.periodsPerYear });
    expect(mFull.totalReturn).toBeCloseTo(m.totalReturn, 10);
    expect(mFull.nPeriods - m.nPeriods).toBe(start);
    expect(mFull.sharpe).toBeLessThan(m.sharpe);
    release(r);
    release(full);
    w.free();
  });

  it('grid (workers 0 and 2), backtest + metrics, the CLI and the browser pipeline give the same metrics for the same point', async () => {
    const w = dualMomentum(prices, params);
    const r = backtest(prices, w, { rebalance: 'weekly' });
    const lib = metrics(r.returns, { periodsPerYear: r.periodsPerYear, turnover: r.turnover });
    const spec = 'strategy=dualMomentum lookback=120 topN=2 rebalance=weekly';
    const g0 = await grid(spec, prices, { workers: 0, progress: false });
    const g2 = await grid(spec, prices, { workers: 2, progress: false });
    for (const name of GRID_METRIC_NAMES) {
      expect(g0.table.getChild(name)!.get(0), `grid workers 0 ${name}`).toBe(lib[name]);
      expect(g2.table.getChild(name)!.get(0), `grid workers 2 ${name}`).toBe(lib[name]);
    }
    const c = await cli(['backtest', 'dual-momentum', '--lookback', '120', '--top-n', '2', '--rebalance', 'weekly', '--no-benchmarks', '--json']);
    expect(c.code, c.stderr).toBe(0);
    const doc = JSON.parse(c.stdout) as { window: { fromRow: number }; metrics: Record<string, Record<string, number>> };
    expect(doc.window.fromRow).toBe(firstHeldRow(w));
    for (const name of GRID_METRIC_NAMES) expect(doc.metrics['dual-momentum'][name], `cli ${name}`).toBe(lib[name]);
    // The browser's grid point: the same public calls (web/pipeline.ts).
    const web = runGridPoint(prices, { strategy: 'dualMomentum', params, volTarget: null, backtest: { rebalance: 'weekly', feesBps: 0, slippageBps: 0, lag: 1 } }, {});
    for (const name of GRID_METRIC_NAMES) expect(web[name], `browser ${name}`).toBe(lib[name]);
    release(r);
    w.free();
  }, 60_000);

  it('includeWarmup: true in the grid and --include-warmup in the CLI give the metrics of every row', async () => {
    const w = dualMomentum(prices, params);
    const full = backtest(prices, w, { rebalance: 'monthly', includeWarmup: true });
    const lib = metrics(full.returns, { periodsPerYear: full.periodsPerYear, turnover: full.turnover });
    const g = await grid('strategy=dualMomentum lookback=120 topN=2 rebalance=monthly', prices, { workers: 0, progress: false, includeWarmup: true });
    for (const name of GRID_METRIC_NAMES) expect(g.table.getChild(name)!.get(0), `grid ${name}`).toBe(lib[name]);
    const c = await cli(['backtest', 'dual-momentum', '--lookback', '120', '--top-n', '2', '--rebalance', 'monthly', '--include-warmup', '--no-benchmarks', '--json']);
    expect(c.code, c.stderr).toBe(0);
    const doc = JSON.parse(c.stdout) as { window: { fromRow: number }; metrics: Record<string, Record<string, number>> };
    expect(doc.window.fromRow).toBe(0);
    for (const name of GRID_METRIC_NAMES) expect(doc.metrics['dual-momentum'][name], `cli ${name}`).toBe(lib[name]);
    release(full);
    w.free();
  }, 60_000);

  it('the warm-up of a lag-0 backtest starts one row earlier, keeping the first trade and its cost', () => {
    const dates = Array.from({ length: 6 }, (_, t) => Date.UTC(2024, 0, 1 + t));
    const p = Panel.fromRows([100, 110, 121, 110, 121, 133.1], 6, 1, { columns: ['x'], index: dates });
    const w = Panel.fromRows([0, 0, 0, 1, 1, 1], 6, 1, { columns: ['x'], index: dates });
    expect(backtest(p, w, { feesBps: 10 }).startRow).toBe(3);
    const r0 = backtest(p, w, { lag: 0, feesBps: 10 });
    expect(r0.startRow).toBe(2);
    expect(r0.returns[0]).toBeCloseTo(-0.001, 15); // the cost of buying at the close of row 2
    // A book that never holds anything has no warm-up to cut.
    expect(backtest(p, Panel.fromRows([0, 0, 0, 0, 0, 0], 6, 1, { columns: ['x'], index: dates })).startRow).toBe(0);
  });

  it('buyAndHold and equalWeight with {startRow} equal the benchmark run on the prices cut at that row', () => {
    const from = 300;
    const N = prices.nCols;
    const cut = Panel.fromRows(prices.values.slice(from * N), prices.nRows - from, N, { columns: prices.columns, index: Array.from(prices.dates().subarray(from)) });
    const a = buyAndHold(prices, 'BTC', { startRow: from, feesBps: 5 });
    const b = buyAndHold(cut, 'BTC', { feesBps: 5, periodsPerYear: 365 });
    expect(Array.from(a.returns)).toEqual(Array.from(b.returns));
    const e1 = equalWeight(prices, { startRow: from, rebalance: 'weekly' });
    const e2 = equalWeight(cut, { rebalance: 'weekly', periodsPerYear: 365 });
    expect(Array.from(e1.returns)).toEqual(Array.from(e2.returns));
    expect(errorOf(() => buyAndHold(prices, 'BTC', { startRow: prices.nRows }))).toMatch(/startRow 2557 leaves no row/);
    for (const r of [a, b, e1, e2]) release(r);
    cut.free();
  });
});

describe('one table of schedule names', () => {
  it("backtest accepts the grid's and the CLI's spellings: 'weekly' is Mondays, 'monthly' the month's last bar", () => {
    const w = dualMomentum(prices, { lookback: 60, topN: 3 });
    const same = (a: BacktestResult, b: BacktestResult): void => expect(Array.from(a.returns)).toEqual(Array.from(b.returns));
    const weekly = backtest(prices, w, { rebalance: 'weekly' });
    const monday = backtest(prices, w, { rebalance: { every: 'week', weekday: 1 } });
    same(weekly, monday);
    const sun = backtest(prices, w, { rebalance: 'weekly-sun' });
    same(sun, backtest(prices, w, { rebalance: { every: 'week', weekday: 0 } }));
    same(backtest(prices, w, { rebalance: 'monthly' }), backtest(prices, w, { rebalance: 'monthly-last' }));
    // Traded decision rows of 'weekly' are the first bar of each Monday-based week (and row 0).
    const traded = Array.from(weekly.turnover).flatMap((x, t) => (x > 0 ? [t + weekly.startRow] : []));
    for (const t of traded) expect(new Date(prices.dates()[t]).getUTCDay()).toBe(1); // a 7-day calendar has every Monday
    w.free();
  });

  it('parseSchedule reads every name of SCHEDULE_NAMES, weekly:<day>, and refuses others listing them', () => {
    for (const name of Object.keys(SCHEDULE_NAMES)) expect(parseSchedule('x', name.toUpperCase())).toEqual(SCHEDULE_NAMES[name as keyof typeof SCHEDULE_NAMES]);
    expect(parseSchedule('x', 'weekly:sun')).toEqual({ every: 'week', weekday: 0 });
    expect(parseSchedule('x', 'weekly:5')).toEqual({ every: 'week', weekday: 5 });
    expect(GRID_REBALANCE).toBe(SCHEDULE_NAMES);
    expect(errorOf(() => parseSchedule('x', 'hourly'))).toMatch(/rebalance must be daily, weekly, weekly-sun/);
    expect(errorOf(() => parseSchedule('x', 'weekly:funday'))).toMatch(/day must be 0..6/);
  });
});

describe("'monthly-last' and the last row", () => {
  const traded = (dates: string[], schedule: 'monthly-last'): number[] => {
    const ms = dates.map((d) => Date.parse(`${d}T00:00:00Z`));
    const p = Panel.fromRows(ms.map(() => 1), ms.length, 1, { columns: ['x'], index: ms });
    const w = Panel.fromRows(ms.map((_, t) => 0.1 * (t + 1)), ms.length, 1, { columns: ['x'], index: ms });
    const r = backtest(p, w, { rebalance: schedule });
    return Array.from(r.turnover).flatMap((x, t) => (x > 0 ? [t] : []));
  };

  it('monthly-last does not trade the last row of data that stop mid-month (2024-03-05, business days)', () => {
    expect(traded(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-04', '2024-03-05'], 'monthly-last')).toEqual([2]);
  });

  it('monthly-last trades the last row when the calendar ends the month there (Friday 2024-03-29 before Monday 2024-04-01)', () => {
    expect(traded(['2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-03-29'], 'monthly-last')).toEqual([4]);
  });

  it('monthly-last on a 7-day calendar: 2024-03-31 is a month end, 2024-03-30 is not', () => {
    const days = (n: number): string[] => Array.from({ length: n }, (_, k) => new Date(Date.UTC(2024, 2, 20 + k)).toISOString().slice(0, 10));
    expect(traded(days(12), 'monthly-last')).toEqual([11]); // 03-20 .. 03-31
    expect(traded(days(11), 'monthly-last')).toEqual([]); // 03-20 .. 03-30
  });
});
