import { describe, expect, it } from 'vitest';
import { makeTable } from 'apache-arrow';
import { Panel, InputError, backtest } from '../src/index.js';
import type { BacktestOptions, BacktestResult } from '../src/index.js';
import { stopEnds, parseCooloff } from '../src/backtest/stop.js';
import { expectClose, rng } from './helpers.js';

/**
 * An independent simulation in currency, written for this test only: a position value
 * per asset drifting with its price (NaN carries the last price), cash, targets of
 * decision row t + 1 - lag traded at close t on the flagged rows, each asset paying its
 * own rate on |traded value|, and the drawdown stop as documented in src/backtest/stop.ts
 * (peak of the marked equity, sell at the trigger close, re-enter at the first traded bar
 * at or after `ends[t]`, peak reset to the post-trade equity).
 */
interface BruteSpec {
  T: number;
  N: number;
  prices: Float64Array;
  weights: Float64Array;
  flags: Uint8Array;
  lag: number;
  rates: Float64Array;
  stop: { drawdown: number; ends: number[] } | null;
}

interface BruteOut {
  equity: number[];
  returns: number[];
  turnover: number[];
  stops: { triggeredRow: number; reentryRow: number | null; drawdown: number }[];
}

function brute(s: BruteSpec): BruteOut {
  const { T, N, prices, weights, flags, lag, rates } = s;
  const pos = new Array<number>(N).fill(0);
  const lastP = new Array<number>(N).fill(NaN);
  let cash = 1;
  let prevV = 1;
  let peak = 1;
  let flat = false;
  let reentryAt = 0;
  const out: BruteOut = { equity: [], returns: [], turnover: [], stops: [] };
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < N; j++) {
      const p = prices[t * N + j];
      if (!Number.isNaN(p)) {
        if (!Number.isNaN(lastP[j])) pos[j] *= p / lastP[j];
        lastP[j] = p;
      }
    }
    let V = cash + pos.reduce((a, b) => a + b, 0);
    const d = t + 1 - lag;
    let traded = d >= 0 && d < T && flags[d] === 1;
    let turnover = 0;
    const sellAll = (): void => {
      for (let j = 0; j < N; j++) {
        if (pos[j] === 0) continue;
        turnover += Math.abs(pos[j]) / V;
        cash += pos[j] - rates[j] * Math.abs(pos[j]);
        pos[j] = 0;
      }
    };
    let reentered = false;
    if (s.stop) {
      if (flat) {
        if (traded && t >= reentryAt) {
          flat = false;
          reentered = true;
          out.stops[out.stops.length - 1].reentryRow = t;
        } else traded = false;
      } else {
        peak = Math.max(peak, V);
        const dd = V / peak - 1;
        if (dd <= -s.stop.drawdown) {
          sellAll(); // turnover as fractions of the pre-sale equity V
          V = cash;
          flat = true;
          traded = false;
          reentryAt = s.stop.ends[t];
          out.stops.push({ triggeredRow: t, reentryRow: null, drawdown: dd });
        }
      }
    }
    if (traded) {
      const pre = V;
      let cost = 0;
      for (let j = 0; j < N; j++) {
        const target = weights[d * N + j] * pre;
        const diff = target - pos[j];
        if (Math.abs(diff) / pre > 1e-12 || (target === 0 && pos[j] !== 0)) {
          turnover += Math.abs(diff) / pre;
          cost += rates[j] * Math.abs(diff);
          cash -= diff;
          pos[j] = target;
        }
      }
      cash -= cost;
      V = pre - cost;
      if (reentered) peak = V;
    }
    out.equity.push(V);
    out.returns.push(V / prevV - 1);
    out.turnover.push(turnover);
    prevV = V;
  }
  return out;
}

/** A random case: walk prices (no gaps), long-only random targets, every `every`-th row traded. */
function randomCase(seed: number, T: number, N: number, every: number, vol: number): { p: Panel; w: Panel; spec: Omit<BruteSpec, 'lag' | 'rates' | 'stop'>; rows: number[] } {
  const u = rng(seed);
  const prices = new Float64Array(T * N);
  const weights = new Float64Array(T * N);
  for (let j = 0; j < N; j++) {
    let p = 50 + 100 * u();
    for (let t = 0; t < T; t++) {
      p *= Math.exp(vol * (u() - 0.5) * 2);
      prices[t * N + j] = p;
    }
  }
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let j = 0; j < N; j++) sum += weights[t * N + j] = u() < 0.2 ? 0 : u();
    for (let j = 0; j < N; j++) weights[t * N + j] = sum > 0 ? weights[t * N + j] / sum : 0;
  }
  const flags = new Uint8Array(T);
  const rows: number[] = [];
  for (let t = 0; t < T; t += every) {
    flags[t] = 1;
    rows.push(t);
  }
  const columns = Array.from({ length: N }, (_, j) => `A${j}`);
  return {
    p: Panel.fromRows(prices, T, N, { columns }),
    w: Panel.fromRows(weights, T, N, { columns }),
    spec: { T, N, prices, weights, flags },
    rows,
  };
}

const free = (...rs: BacktestResult[]): void => rs.forEach((r) => { r.weights.free(); r.contribution.free(); });

function expectSameRun(a: BacktestResult, b: BacktestResult, label: string): void {
  expectClose(a.returns, b.returns, 1e-12, `${label} returns`);
  expectClose(a.equity, b.equity, 1e-12, `${label} equity`);
  expectClose(a.turnover, b.turnover, 1e-12, `${label} turnover`);
  expectClose(a.costs, b.costs, 1e-12, `${label} costs`);
  expectClose(a.weights.values, b.weights.values, 1e-12, `${label} held`);
  expectClose(a.contribution.values, b.contribution.values, 1e-12, `${label} contribution`);
  expect(a.stops, `${label} stops`).toEqual(b.stops);
}

const utc = (s: string): number => Date.parse(`${s}T00:00:00Z`);

describe('per-asset fees and slippage', () => {
  const fees = { A0: 5, A1: 25, A2: 0, default: 12 };
  const slip = { A0: 3, A1: 1, A2: 7, A3: 2, A4: 40, A5: 9 };

  it('backtest(prices, weights, { feesBps: map, slippageBps: map }) charges each asset its own rate: brute force and wasm/js twins agree to 1e-12', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const N = 5 + (seed % 2); // even and odd widths (the kernels' lane tail)
      const { p, w, spec, rows } = randomCase(seed, 120, N, 1 + (seed % 3), 0.02);
      const rates = new Float64Array(N);
      for (let j = 0; j < N; j++) rates[j] = ((fees as Record<string, number>)[`A${j}`] ?? fees.default) / 1e4 + (slip as Record<string, number>)[`A${j}`] / 1e4;
      const lag = 1 + (seed % 2);
      const slipN = Object.fromEntries(Object.entries(slip).filter(([k]) => Number(k.slice(1)) < N));
      const o: BacktestOptions = { feesBps: fees, slippageBps: slipN, rebalance: rows, lag, includeWarmup: true };
      const rw = backtest(p, w, { ...o, backend: 'wasm' });
      const rj = backtest(p, w, { ...o, backend: 'js' });
      const b = brute({ ...spec, lag, rates, stop: null });
      expectClose(rw.equity, b.equity, 1e-12, `seed ${seed} equity vs brute force`);
      expectClose(rw.returns, b.returns, 1e-12, `seed ${seed} returns vs brute force`);
      expectClose(rw.turnover, b.turnover, 1e-12, `seed ${seed} turnover vs brute force`);
      expectSameRun(rj, rw, `seed ${seed} js vs wasm`);
      free(rw, rj);
      p.free();
      w.free();
    }
  });

  it('a map whose assets all cost the same is the number form, bit for bit (the scalar path)', () => {
    const { p, w, rows } = randomCase(7, 80, 3, 2, 0.02);
    const a = backtest(p, w, { feesBps: 10, slippageBps: 2, rebalance: rows });
    const b = backtest(p, w, { feesBps: { default: 10 }, slippageBps: { A0: 2, A1: 2, A2: 2 }, rebalance: rows });
    expectClose(b.returns, a.returns, 0, 'returns');
    expectClose(b.costs, a.costs, 0, 'costs');
    expect(a.costs.some((c) => c > 0)).toBe(true);
    free(a, b);
    p.free();
    w.free();
  });

  it('a one-row Panel or Arrow table of bps is the map with the same values; trades carry their asset\'s rate', () => {
    const { p, w, rows } = randomCase(3, 60, 3, 3, 0.02);
    const map = { A0: 4, A1: 30, A2: 11 };
    const row = Panel.fromRows([4, 30, 11], 1, 3, { columns: ['A0', 'A1', 'A2'] });
    const table = makeTable({ A2: new Float64Array([11]), A0: new Float64Array([4]), A1: new Float64Array([30]) });
    const a = backtest(p, w, { feesBps: map, rebalance: rows });
    const b = backtest(p, w, { feesBps: row, rebalance: rows });
    const c = backtest(p, w, { feesBps: table, rebalance: rows });
    expectSameRun(b, a, 'panel');
    expectSameRun(c, a, 'arrow');
    expect(a.trades.length).toBeGreaterThan(10);
    for (const t of a.trades) expect(t.cost).toBeCloseTo(t.traded * (map as Record<string, number>)[t.asset] / 1e4, 15);
    free(a, b, c);
    row.free();
    p.free();
    w.free();
  });

  it('bad cost maps are InputErrors naming the asset: unknown, missing without default, negative, NaN, a panel of two rows', () => {
    const { p, w } = randomCase(2, 10, 2, 1, 0.01);
    const err = (o: BacktestOptions): string => {
      try {
        backtest(p, w, o);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err({ feesBps: { A0: 1, A1: 1, BTC: 3 } })).toMatch(/unknown asset 'BTC'/);
    expect(err({ feesBps: { A0: 1 } })).toMatch(/feesBps has no value for 'A1'/);
    expect(err({ slippageBps: { A0: -1, default: 2 } })).toMatch(/slippageBps\.A0 must be a finite number >= 0/);
    expect(err({ feesBps: { A0: NaN, A1: 1 } })).toMatch(/feesBps\.A0/);
    expect(err({ feesBps: { default: 'x' } as never })).toMatch(/feesBps\.default/);
    const two = Panel.fromRows([1, 2, 3, 4], 2, 2, { columns: ['A0', 'A1'] });
    expect(err({ feesBps: two })).toMatch(/exactly one row .*got 2 rows/);
    two.free();
    p.free();
    w.free();
  });
});

describe('drawdown stop', () => {
  it('a hand-built book: sold at the close 20% below the peak, flat two bars, re-entered at the peak-reset close', () => {
    // One asset, fully invested every day, lag 1, no costs. Equity 1, 1, then 0.8 at row 2:
    // drawdown -0.2 <= -0.15 triggers a sale at that close; cool-off 2 bars: flat over rows 3
    // and 4, re-entry at the close of row 4 (price 75) with equity 0.8; then 0.8 * 90 / 75 and
    // 0.8 * 100 / 75. A fall to 0.8 * 64 / 75 is 36% below the new peak 0.8 * 100 / 75
    // (> 15%): second trigger at row 7; the cool-off ends after the last row (no re-entry).
    const prices = [100, 100, 80, 70, 75, 90, 100, 64, 60];
    const p = Panel.fromRows(prices, 9, 1, { columns: ['X'] });
    const w = Panel.fromRows(new Array(9).fill(1), 9, 1, { columns: ['X'] });
    for (const backend of ['wasm', 'js'] as const) {
      const r = backtest(p, w, { stop: { drawdown: 0.15, cooloff: 2 }, backend });
      const e = 0.8 / 75;
      expectClose(r.equity, [1, 1, 0.8, 0.8, 0.8, e * 90, e * 100, e * 64, e * 64], 1e-15, `${backend} equity`);
      expectClose(r.grossExposure, [1, 1, 0, 0, 1, 1, 1, 0, 0], 1e-15, `${backend} gross`);
      expect(r.stops.map((s) => [s.triggered, s.reentry, s.triggeredRow, s.reentryRow])).toEqual([[2, 4, 2, 4], [7, null, 7, null]]);
      expectClose(r.stops.map((s) => s.drawdown), [-0.2, -0.36], 1e-14, `${backend} drawdowns`);
      free(r);
    }
    p.free();
    w.free();
  });

  it('selling and re-entering pay the fees: a hand-computed equity path with 100 bps', () => {
    const p = Panel.fromRows([100, 100, 80, 80, 80], 5, 1, { columns: ['X'] });
    const hold = Panel.fromRows([1, 1, 1, 1, 1], 5, 1, { columns: ['X'] });
    const r = backtest(p, hold, { feesBps: 100, stop: { drawdown: 0.1, cooloff: 1 }, includeWarmup: true });
    // Row 0: units 0.01, cash -0.01, V0 = 0.99.
    // Row 1: Vpre 0.99, h = 1 / 0.99, trade -0.01/0.99 of Vpre: units 0.0099, cash -0.01 + 0.01 - 0.0001 => V1 = 0.9899.
    const v1 = 0.99 - 0.0001;
    // Row 2: Vpre = cash + 0.0099 * 80 = -0.0001 + 0.792 = 0.7919; the peak is still the
    // initial 1 (marked equity 0.99 never exceeded it); dd = -0.2081 <= -0.1: sell 0.792 paying 1%.
    const vpre2 = -0.0001 + 0.0099 * 80;
    const v2 = vpre2 - 0.01 * 0.792;
    // Row 3: re-entry (cool-off 1 bar): buy v2 of X, paying 1%.
    const v3 = v2 - 0.01 * v2;
    // Row 4: the held weight v2 / v3 is traded back to 1: sells v2 - v3 paying 1%.
    const v4 = v3 - 0.01 * (v2 - v3);
    expectClose(r.equity, [0.99, v1, v2, v3, v4], 1e-14, 'equity');
    expect(r.stops.map((s) => [s.triggered, s.reentry])).toEqual([[2, 3]]);
    expectClose([r.stops[0].drawdown], [vpre2 - 1], 1e-14, 'drawdown');
    expectClose([r.costs[2], r.costs[3]], [0.01 * 0.792 / vpre2, 0.01], 1e-14, 'costs');
    free(r);
    p.free();
    hold.free();
  });

  it('random books with per-asset costs, schedules and lags: stops, equity and turnover match the brute force; wasm and js twins agree to 1e-12', () => {
    let fired = 0;
    let reentered = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const N = 3 + (seed % 4);
      const T = 300;
      const { p, w, spec, rows } = randomCase(100 + seed, T, N, 1 + (seed % 4), 0.04);
      const bps = Object.fromEntries(Array.from({ length: N }, (_, j) => [`A${j}`, (seed * 7 + j * 13) % 40]));
      const rates = new Float64Array(N).map((_, j) => bps[`A${j}`] / 1e4);
      const lag = 1 + (seed % 2);
      const cooloff = 1 + (seed % 9);
      const drawdown = 0.05 + 0.01 * (seed % 10);
      const o: BacktestOptions = { feesBps: bps, rebalance: rows, lag, includeWarmup: true, stop: { drawdown, cooloff } };
      const rw = backtest(p, w, { ...o, backend: 'wasm' });
      const rj = backtest(p, w, { ...o, backend: 'js' });
      const ends = Array.from({ length: T }, (_, t) => t + cooloff);
      const b = brute({ ...spec, lag, rates, stop: { drawdown, ends } });
      expectClose(rw.equity, b.equity, 1e-12, `seed ${seed} equity`);
      expectClose(rw.returns, b.returns, 1e-12, `seed ${seed} returns`);
      expectClose(rw.turnover, b.turnover, 1e-12, `seed ${seed} turnover`);
      expect(rw.stops.map((e) => [e.triggeredRow, e.reentryRow]), `seed ${seed} stops`).toEqual(b.stops.map((e) => [e.triggeredRow, e.reentryRow]));
      expectClose(rw.stops.map((e) => e.drawdown), b.stops.map((e) => e.drawdown), 1e-12, `seed ${seed} drawdowns`);
      for (const e of rw.stops) expect(e.drawdown).toBeLessThanOrEqual(-drawdown);
      expectSameRun(rj, rw, `seed ${seed} js vs wasm`);
      fired += rw.stops.length;
      reentered += rw.stops.filter((e) => e.reentryRow !== null).length;
      free(rw, rj);
      p.free();
      w.free();
    }
    // The cases exercise the stop: many triggers, most followed by a re-entry.
    expect(fired).toBeGreaterThan(30);
    expect(reentered).toBeGreaterThan(20);
  });

  it('no look-ahead: changing prices after row t leaves returns, equity and stops up to t unchanged', () => {
    const T = 250;
    const N = 4;
    const base = randomCase(77, T, N, 1, 0.04);
    const o: BacktestOptions = { feesBps: { A0: 5, default: 20 }, includeWarmup: true, stop: { drawdown: 0.08, cooloff: 3 } };
    const r0 = backtest(base.p, base.w, o);
    expect(r0.stops.length).toBeGreaterThan(2);
    for (const cut of [20, r0.stops[0].triggeredRow - 1, r0.stops[0].triggeredRow, r0.stops[1].triggeredRow + 1, 200]) {
      const prices = Float64Array.from(base.spec.prices);
      const u = rng(cut);
      for (let k = (cut + 1) * N; k < T * N; k++) prices[k] *= 0.5 + u();
      const p = Panel.fromRows(prices, T, N, { columns: base.p.columns });
      const r = backtest(p, base.w, o);
      expectClose(r.equity.subarray(0, cut + 1), r0.equity.subarray(0, cut + 1), 0, `cut ${cut} equity`);
      expectClose(r.returns.subarray(0, cut + 1), r0.returns.subarray(0, cut + 1), 0, `cut ${cut} returns`);
      const upTo = (rs: BacktestResult): number[] => rs.stops.filter((e) => e.triggeredRow <= cut).map((e) => e.triggeredRow);
      expect(upTo(r), `cut ${cut} stops`).toEqual(upTo(r0));
      free(r);
      p.free();
    }
    free(r0);
    base.p.free();
    base.w.free();
  });

  it('cool-off periods: stopEnds(1w / 1m / 3 bars) is the first row on or after the trigger date plus the period', () => {
    const dates = Float64Array.from(['2024-01-30', '2024-01-31', '2024-02-05', '2024-02-07', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-29', '2024-04-01'].map(utc));
    expect(Array.from(stopEnds('t', parseCooloff('t', '1w'), dates, 9))).toEqual([3, 3, 4, 4, 7, 7, 7, 9, 9]);
    // 2024-01-31 + 1m = 2024-02-29 (month end to month end), 2024-02-29 + 1m = 2024-03-31 (row 8);
    // 2024-01-30 + 1m = 2024-02-29 (clamped); 2024-02-28 + 1m = 2024-03-28 (row 7).
    expect(Array.from(stopEnds('t', parseCooloff('t', '1m'), dates, 9))).toEqual([5, 5, 7, 7, 7, 8, 8, 9, 9]);
    expect(Array.from(stopEnds('t', parseCooloff('t', 3), dates, 9))).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(parseCooloff('t', '2w')).toEqual({ days: 14 });
    expect(parseCooloff('t', '3m')).toEqual({ months: 3 });
    expect(parseCooloff('t', '1y')).toEqual({ months: 12 });
    expect(parseCooloff('t', '5')).toEqual({ bars: 5 });
  });

  it('a dated book with cooloff 1w re-enters at the first bar a week after the trigger', () => {
    const day = 86_400_000;
    const d0 = utc('2024-03-01');
    const prices = [100, 100, 70, 70, 70, 70, 70, 70, 70, 72, 75];
    const dates = prices.map((_, t) => d0 + t * day);
    const p = Panel.fromRows(prices, prices.length, 1, { columns: ['X'], index: dates });
    const w = Panel.fromRows(prices.map(() => 1), prices.length, 1, { columns: ['X'], index: dates });
    const r = backtest(p, w, { stop: { drawdown: 0.25, cooloff: '1w' } });
    expect(r.stops.map((s) => [s.triggered, s.reentry, s.triggeredRow, s.reentryRow])).toEqual([[dates[2], dates[9], 2, 9]]);
    expectClose([r.stops[0].drawdown], [-0.3], 1e-14, 'drawdown');
    expectClose(r.equity, [1, 1, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7 * 75 / 72], 1e-15, 'equity');
    free(r);
    p.free();
    w.free();
  });

  it('bad stop options are InputErrors naming the field: drawdown outside (0, 1), a malformed cool-off, a period without dates', () => {
    const p = Panel.fromRows([1, 2, 3], 3, 1, { columns: ['X'] });
    const w = Panel.fromRows([1, 1, 1], 3, 1, { columns: ['X'] });
    expect(() => backtest(p, w, { stop: { drawdown: 1, cooloff: 1 } })).toThrow(/stop\.drawdown must be a number in \(0, 1\)/);
    expect(() => backtest(p, w, { stop: { drawdown: 0, cooloff: 1 } })).toThrow(InputError);
    expect(() => backtest(p, w, { stop: { drawdown: 0.2, cooloff: '1q' } })).toThrow(/stop\.cooloff must be a number of bars/);
    expect(() => backtest(p, w, { stop: { drawdown: 0.2, cooloff: 0 } })).toThrow(/stop\.cooloff/);
    expect(() => backtest(p, w, { stop: { drawdown: 0.2 } as never })).toThrow(/stop\.cooloff is required/);
    expect(() => backtest(p, w, { stop: { drawdown: 0.2, cooloff: '1m' } })).toThrow(/needs prices with dates/);
    p.free();
    w.free();
  });
});
