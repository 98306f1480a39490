// Ruin: a book whose equity reaches 0 is absorbed there (limited liability). Regression
// tests for issue 12 item 1: a levered long/short book kept trading on negative equity
// (returns of the wrong sign after ruin, maxDrawdown -1.85 / -3.59 in grids, totalReturn
// below -1, a positive Sharpe that ranked a wiped-out grid point above solvent ones).
import { afterAll, describe, expect, it } from 'vitest';
import { xmom as runXmom, type Run } from './xmomInProcess.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Panel, backtest, grid, metrics, tsm, walkForward } from '../src/index.js';
import type { BacktestOptions, BacktestResult } from '../src/index.js';
import { expectClose, errorOf } from './helpers.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const BACKENDS = ['wasm', 'js'] as const;

/**
 * The ruined book, by hand: long A 1.5x, short B 1.5x (gross 3), traded every close.
 * A falls 20%, 30%, 40%, 50%, B rises as much, so the book returns 1.5 (-0.2) - 1.5 (0.2)
 * = -0.6, then -0.9, then -1.2: equity 1000 -> 400 -> 40 -> (40 (1 - 1.2) = -8 < 0) on
 * row 3. Absorbed: row 3 returns -1 exactly, equity 0, flat after.
 */
const A = [100, 80, 56, 33.6, 16.8, 20];
const B = [100, 120, 156, 218.4, 327.6, 300];
const T = A.length;
const dates = Array.from({ length: T }, (_, t) => T0 + t * DAY);
const priceRows = A.flatMap((a, t) => [a, B[t]]);
const weightRows = A.flatMap(() => [1.5, -1.5]);
const RUIN_ROW = 3;

/**
 * An independent brute force in the weight form (not the kernels' units and cash):
 * lag 1, every row traded, targets `w` (T x N), proportional fee `fee`, a fixed fee per
 * trade in currency. Per bar: r_p = sum w_j r_j (cash earns 0), drift, trade to the
 * targets paying fee |traded| + fixed trades / V; a bar whose return is <= -1 ruins the
 * book (return -1, equity 0), every later bar is 0.
 */
function bruteForce(p: number[], w: number[], N: number, capital: number, fee: number, fixedFee = 0): {
  returns: number[]; equity: number[]; turnover: number[]; ruinedRow: number;
} {
  const n = p.length / N;
  const held = new Array<number>(N).fill(0);
  const out = { returns: [] as number[], equity: [] as number[], turnover: [] as number[], ruinedRow: -1 };
  let V = capital;
  for (let t = 0; t < n; t++) {
    if (out.ruinedRow >= 0) {
      out.returns.push(0);
      out.equity.push(0);
      out.turnover.push(0);
      continue;
    }
    let rp = 0;
    const r = new Array<number>(N).fill(0);
    for (let j = 0; j < N; j++) {
      if (t > 0) r[j] = p[t * N + j] / p[(t - 1) * N + j] - 1;
      rp += held[j] * r[j];
    }
    for (let j = 0; j < N; j++) held[j] = (held[j] * (1 + r[j])) / (1 + rp);
    const vPre = V * (1 + rp);
    let turnover = 0;
    let trades = 0;
    if (vPre > 0) {
      for (let j = 0; j < N; j++) {
        const d = w[t * N + j] - held[j];
        if (Math.abs(d) > 1e-12) {
          turnover += Math.abs(d);
          trades++;
          held[j] = w[t * N + j];
        }
      }
    }
    const cost = fee * turnover + (trades * fixedFee) / vPre;
    const ret = (1 + rp) * (1 - cost) - 1;
    if (ret <= -1) {
      out.ruinedRow = t;
      out.returns.push(-1);
      out.equity.push(0);
      out.turnover.push(0);
      continue;
    }
    for (let j = 0; j < N; j++) held[j] /= 1 - cost;
    V *= 1 + ret;
    out.returns.push(ret);
    out.equity.push(V);
    out.turnover.push(turnover);
  }
  return out;
}

function run(options: BacktestOptions, withDates = true): BacktestResult {
  const labels = withDates ? { columns: ['A', 'B'], index: dates } : { columns: ['A', 'B'] };
  const p = Panel.fromRows(priceRows, T, 2, labels);
  const w = Panel.fromRows(weightRows, T, 2, labels);
  try {
    return backtest(p, w, options);
  } finally {
    p.free();
    w.free();
  }
}

function release(r: BacktestResult): void {
  r.weights.free();
  r.contribution.free();
}

describe('ruin: equity absorbed at 0', () => {
  it('backtest(levered long/short book whose equity hits 0) returns -0.6, -0.9, then -1 exactly and 0 after; ruinedAt is that date (both backends)', () => {
    for (const backend of BACKENDS) {
      const r = run({ initialCapital: 1000, backend });
      // By hand (see the fixture): 0, -0.6, -0.9, then -1.2 absorbed at -1.
      expectClose(r.returns, [0, -0.6, -0.9, -1, 0, 0], 1e-12, `${backend} returns`);
      expect(r.returns[RUIN_ROW]).toBe(-1);
      expectClose(r.equity, [1000, 400, 40, 0, 0, 0], 1e-12, `${backend} equity`);
      expect(r.equity.subarray(RUIN_ROW).every((e) => e === 0)).toBe(true);
      expect(r.ruinedAt).toBe(dates[RUIN_ROW]);
      expect(r.ruinedRow).toBe(RUIN_ROW);
      // Flat from the ruin bar on: no exposure, no holding, no trade, no cost.
      for (const s of [r.grossExposure, r.netExposure, r.turnover, r.costs]) expect(Array.from(s.subarray(RUIN_ROW))).toEqual([0, 0, 0]);
      expect(Array.from(r.weights.values.subarray(RUIN_ROW * 2))).toEqual([0, 0, 0, 0, 0, 0]);
      expect(Array.from(r.contribution.values.subarray((RUIN_ROW + 1) * 2))).toEqual([0, 0, 0, 0]);
      expect(r.trades.every((t) => t.row < RUIN_ROW)).toBe(true);
      release(r);
    }
  });

  it('backtest(ruined book) equals an independent weight-form brute force with fees, wasm and js bit-identical', () => {
    const expected = bruteForce(priceRows, weightRows, 2, 1000, 25 / 1e4);
    expect(expected.ruinedRow).toBe(RUIN_ROW);
    const rw = run({ initialCapital: 1000, feesBps: 25, backend: 'wasm' });
    const rj = run({ initialCapital: 1000, feesBps: 25, backend: 'js' });
    expectClose(rw.returns, expected.returns, 1e-12, 'returns');
    expectClose(rw.equity, expected.equity, 1e-12, 'equity');
    expectClose(rw.turnover, expected.turnover, 1e-12, 'turnover');
    expect(rw.ruinedRow).toBe(expected.ruinedRow);
    expectClose(rj.returns, rw.returns, 0, 'js vs wasm returns');
    expectClose(rj.equity, rw.equity, 0, 'js vs wasm equity');
    expectClose(rj.weights.values, rw.weights.values, 0, 'js vs wasm held');
    expect(rj.ruinedAt).toBe(rw.ruinedAt);
    release(rw);
    release(rj);
  });

  it('backtest(book whose fixed fees exceed its equity) is ruined on that bar with no trade recorded', () => {
    // Capital 10, two trades of fixed fee 6 at row 0's close: cost 12 > 10, return -1.2 -> -1.
    const expected = bruteForce(priceRows, weightRows, 2, 10, 0, 6);
    expect(expected.ruinedRow).toBe(0);
    for (const backend of BACKENDS) {
      const r = run({ initialCapital: 10, fixedFee: 6, backend });
      expectClose(r.returns, expected.returns, 1e-12, `${backend} returns`);
      expect(Array.from(r.returns)).toEqual([-1, 0, 0, 0, 0, 0]);
      expect(r.ruinedRow).toBe(0);
      expect(Array.from(r.turnover).every((x) => x === 0)).toBe(true);
      expect(r.trades).toEqual([]);
      release(r);
    }
  });

  it('backtest(ruined book without dates) gives the ruin row as ruinedAt; a solvent book gives null', () => {
    const r = run({ initialCapital: 1000 }, false);
    expect(r.ruinedAt).toBe(RUIN_ROW);
    expect(r.ruinedRow).toBe(RUIN_ROW);
    release(r);
    // Leverage 0.5 (gross 1.5): -0.2, -0.3, -0.4, -0.5 per bar, never <= -1.
    const solvent = run({ initialCapital: 1000, leverage: 1 / 3 });
    expect(solvent.ruinedAt).toBeNull();
    expect(solvent.ruinedRow).toBeNull();
    expect(Math.min(...solvent.equity)).toBeGreaterThan(0);
    release(solvent);
  });

  it('metrics(returns of a ruined book) stay in their domains: totalReturn, cagr and maxDrawdown exactly -1, Sharpe negative', () => {
    const r = run({ initialCapital: 1000 });
    const m = metrics(r.returns, { periodsPerYear: 252 });
    expect(m.totalReturn).toBe(-1);
    expect(m.cagr).toBe(-1);
    expect(m.maxDrawdown).toBe(-1);
    // Sharpe by hand from 0, -0.6, -0.9, -1, 0, 0 (ddof 1).
    const x = [0, -0.6, -0.9, -1, 0, 0];
    const mean = x.reduce((a, v) => a + v, 0) / 6;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / 5);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 12);
    expect(m.sharpe).toBeLessThan(0);
    release(r);
  });

  it('metrics(returns with a value below -1) is an InputError naming the row', () => {
    expect(errorOf(() => metrics([0.1, -1.2, 0.3]))).toMatch(/returns\[1\] is -1\.2; a simple return cannot be below -1/);
    // -1 itself (a total loss) is a valid return.
    expect(metrics([0.1, -1, 0]).maxDrawdown).toBe(-1);
  });
});

// ---------------------------------------------------------------------------------------
// The grid: a `ruined` column, and ruined points ranked after every solvent one.
// ---------------------------------------------------------------------------------------

/**
 * One asset for tsm (lookback 1, long-cash: long for the next bar after an up bar):
 * 10 up bars of +1%, a crash of -40% (held: the bar before was up), then 60 pairs of
 * +1% (flat: the bar before was down) / -5% (held). Leverage 3 loses 120% on the crash:
 * ruined. Leverages 0.5 and 1 survive it and then lose 5% every other bar, so their
 * Sharpe is far below the ruined point's (whose returns are 0 after the crash).
 */
function crashPanel(): Panel {
  const p: number[] = [100];
  for (let k = 0; k < 10; k++) p.push(p[p.length - 1] * 1.01);
  p.push(p[p.length - 1] * 0.6);
  for (let k = 0; k < 60; k++) {
    p.push(p[p.length - 1] * 1.01);
    p.push(p[p.length - 1] * 0.95);
  }
  return Panel.fromRows(p, p.length, 1, { columns: ['X'], index: p.map((_, t) => T0 + t * DAY) });
}

/** The grid point's returns by brute force: tsm's weights (lookback 1, long-cash) times leverage. */
function tsmBrute(prices: Panel, leverage: number): ReturnType<typeof bruteForce> & { start: number } {
  const p = Array.from(prices.values);
  const w = p.map((x, t) => (t >= 1 && x > p[t - 1] ? leverage : 0));
  // The evaluation sample starts at the first row holding a weight (the warm-up is left out, as everywhere).
  return { ...bruteForce(p, w, 1, 1, 0), start: w.findIndex((x) => x !== 0) };
}

describe('grid: ruined points', () => {
  const spec = 'strategy=tsm lookback=1 mode=long-cash rebalance=daily leverage=0.5,1,3';

  it('grid(points one of which is ruined) has a ruined column, metrics in their domains equal to the brute force, and ranks the ruined point last', async () => {
    const prices = crashPanel();
    try {
      const brute = [0.5, 1, 3].map((L) => tsmBrute(prices, L));
      expect(brute.map((b) => b.ruinedRow)).toEqual([-1, -1, 11]);
      const want = brute.map((b) => metrics(b.returns.slice(b.start), { periodsPerYear: 365 }));
      // The premise: by Sharpe alone the ruined point would be the best.
      expect(want[2].sharpe).toBeGreaterThan(Math.max(want[0].sharpe, want[1].sharpe));
      const check = (r: Awaited<ReturnType<typeof grid>>): void => {
        expect(Array.from(r.table.getChild('ruined')!.toArray() as Iterable<boolean>)).toEqual([false, false, true]);
        expect(r.ruined).toBe(1);
        const sharpe = r.table.getChild('sharpe')!.toArray() as Float64Array;
        const mdd = r.table.getChild('maxDrawdown')!.toArray() as Float64Array;
        const total = r.table.getChild('totalReturn')!.toArray() as Float64Array;
        for (let i = 0; i < 3; i++) {
          expect(sharpe[i]).toBeCloseTo(want[i].sharpe, 10);
          expect(mdd[i]).toBeGreaterThanOrEqual(-1);
          expect(total[i]).toBeGreaterThanOrEqual(-1);
        }
        expect(mdd[2]).toBe(-1);
        expect(total[2]).toBe(-1);
      };
      const r = await grid(spec, prices, { workers: 0, progress: false, periodsPerYear: 365 });
      check(r);
      expect(r.ruinedLast).toBe(true);
      expect(r.best!.ruined).toBe(false);
      // The two solvent points first (in either order: their Sharpe ratios are equal up to rounding), the ruined one last.
      expect(r.top.map((p) => p.point).slice(0, 2).sort()).toEqual([0, 1]);
      expect(r.top[2].point).toBe(2);
      expect(r.top[2].ruined).toBe(true);
      // ruinedLast: false ranks by the metric alone: the ruined point comes first.
      const byMetric = await grid(spec, prices, { workers: 0, progress: false, periodsPerYear: 365, ruinedLast: false });
      check(byMetric);
      expect(byMetric.best!.point).toBe(2);
      expect(byMetric.best!.ruined).toBe(true);
      // Worker threads carry the ruin rows through shared memory: the same table.
      const threaded = await grid(spec, prices, { workers: 1, progress: false, periodsPerYear: 365 });
      check(threaded);
      expect(threaded.best!.point).toBe(r.best!.point);
    } finally {
      prices.free();
    }
  }, 30_000);

  it('grid(ruined point) metrics equal metrics(backtest(...).returns) of the same point bit for bit', async () => {
    const prices = crashPanel();
    try {
      const r = await grid(spec, prices, { workers: 0, progress: false, periodsPerYear: 365 });
      const w = tsm(prices, { lookback: 1, mode: 'long-cash' });
      const bt = backtest(prices, w, { leverage: 3, periodsPerYear: 365 });
      // The ruin row counts from the evaluation sample's first row; the date is the ruin bar's.
      expect(bt.startRow).toBeGreaterThan(0);
      expect(bt.ruinedRow).toBe(11 - bt.startRow);
      expect(bt.ruinedAt).toBe(prices.dates()[11]);
      const m = metrics(bt.returns, { periodsPerYear: 365, turnover: bt.turnover });
      for (const k of ['sharpe', 'cagr', 'maxDrawdown', 'sortino', 'totalReturn', 'turnover'] as const) {
        expect(r.table.getChild(k)!.get(2), k).toBe(m[k]);
      }
      release(bt);
      w.free();
    } finally {
      prices.free();
    }
  });
});

describe('walkForward: ruined points', () => {
  it('walkForward picks a point ruined within its training window only with ruinedLast: false', async () => {
    const prices = crashPanel();
    try {
      // Training window [0, 40) holds the crash (row 11): by Sharpe the ruined point wins it.
      const train = (L: number): number => metrics(tsmBrute(prices, L).returns.slice(0, 40), { periodsPerYear: 365 }).sharpe;
      expect(train(3)).toBeGreaterThan(Math.max(train(0.5), train(1)));
      const spec = 'strategy=tsm lookback=1 mode=long-cash rebalance=daily leverage=0.5,1,3';
      const o = { train: 40, test: 20, workers: 0, progress: false, periodsPerYear: 365 };
      const solventFirst = await walkForward(spec, prices, o);
      expect(solventFirst.windows[0].trainEnd).toBe(40);
      expect([0, 1]).toContain(solventFirst.windows[0].point);
      const byMetric = await walkForward(spec, prices, { ...o, ruinedLast: false });
      expect(byMetric.windows[0].point).toBe(2);
    } finally {
      prices.free();
    }
  }, 30_000);
});

describe('xmom grid: ruined points', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmom-ruin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `xmom ...args` (in process, from the repository root): exit status and stdout. */
  const xmom = (args: string[]): Promise<Run> => runXmom(args);

  it('xmom grid ranks the ruined point last by default and first by Sharpe with --no-ruined-last', async () => {
    const prices = crashPanel();
    const csv = join(dir, 'crash.csv');
    const d = prices.dates();
    writeFileSync(csv, `date,X\n${Array.from(prices.values, (x, t) => `${new Date(d[t]).toISOString().slice(0, 10)},${x}`).join('\n')}\n`);
    prices.free();
    const args = ['--json', 'grid', 'tsm', 'lookback=1', 'mode=long-cash', 'rebalance=daily', 'leverage=0.5,1,3', '--data', csv, '--workers', '0', '--periods-per-year', '365'];
    const ranked = await xmom(args);
    expect(ranked.status, ranked.stderr).toBe(0);
    const a = JSON.parse(ranked.stdout) as { best: { point: number; ruined: boolean }; ruined: number; ruinedLast: boolean };
    expect(a.ruined).toBe(1);
    expect(a.ruinedLast).toBe(true);
    expect(a.best.ruined).toBe(false);
    const byMetric = await xmom([...args, '--no-ruined-last']);
    expect(byMetric.status, byMetric.stderr).toBe(0);
    const b = JSON.parse(byMetric.stdout) as { best: { point: number; ruined: boolean }; ruinedLast: boolean };
    expect(b.ruinedLast).toBe(false);
    expect(b.best).toMatchObject({ point: 2, ruined: true });
  }, 60_000);
});
