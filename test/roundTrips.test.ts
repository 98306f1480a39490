import { describe, expect, it } from 'vitest';
import { Panel, backtest, metrics, roundTrips } from '../src/index.js';
import type { RoundTrip } from '../src/index.js';
import { errorOf, randomValues, rng } from './helpers.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2024, 0, 1);
const dates = Array.from({ length: 7 }, (_, t) => D0 + t * DAY);

// A hand-built case with known trades (lag 1: the target of row t is traded at close t).
//   A long 0.5 from close 0, closed at close 2; short 0.4 from close 4, still open at the end.
//   B long 0.5 from close 0, flipped to short 0.5 at close 3, closed at close 4;
//     long 0.3 from close 5, still open.
const PA = [100, 110, 95, 99, 120, 90, 90];
const PB = [50, 50, 55, 60, 48, 48, 60];
const WA = [0.5, 0.5, 0, 0, -0.4, -0.4, -0.4];
const WB = [0.5, 0.5, 0.5, -0.5, 0, 0.3, 0.3];
const CAPITAL = 10_000;

/**
 * Brute force in units and cash (not weights): at each close every asset is traded to
 * target x equity / price units (daily rebalancing, no costs); a bar's currency P&L of an
 * asset is units x price change; contribution divides it by the previous equity.
 */
function brute(): { pnl: number[][]; contrib: number[][] } {
  const P = [PA, PB];
  const W = [WA, WB];
  const units = [0, 0];
  let cash = CAPITAL;
  let equity = CAPITAL;
  const pnl = [new Array<number>(7).fill(0), new Array<number>(7).fill(0)];
  const contrib = [new Array<number>(7).fill(0), new Array<number>(7).fill(0)];
  for (let t = 0; t < 7; t++) {
    let v = cash;
    for (let j = 0; j < 2; j++) {
      if (t > 0) {
        pnl[j][t] = units[j] * (P[j][t] - P[j][t - 1]);
        contrib[j][t] = pnl[j][t] / equity;
      }
      v += units[j] * P[j][t];
    }
    equity = v;
    cash = equity;
    for (let j = 0; j < 2; j++) {
      units[j] = (W[j][t] * equity) / P[j][t];
      cash -= units[j] * P[j][t];
    }
  }
  return { pnl, contrib };
}

const sumRows = (x: number[], from: number, to: number): number => {
  let s = 0;
  for (let t = from; t <= to; t++) s += x[t];
  return s;
};

function expectedTrips(): RoundTrip[] {
  const { pnl, contrib } = brute();
  const trip = (j: number, asset: string, side: 'long' | 'short', entry: number, exit: number, weight: number, ret: number, open: boolean): RoundTrip => {
    const last = open ? 6 : exit;
    return {
      asset, side, entryRow: entry, exitRow: open ? -1 : exit, entryDate: dates[entry], exitDate: open ? NaN : dates[exit],
      weight, return: ret, contribution: sumRows(contrib[j], entry + 1, last), pnl: sumRows(pnl[j], entry + 1, last), bars: last - entry, open,
    };
  };
  return [
    trip(0, 'A', 'long', 0, 2, 0.5, 95 / 100 - 1, false),
    trip(0, 'A', 'short', 4, -1, -0.4, -(90 / 120 - 1), true),
    trip(1, 'B', 'long', 0, 3, 0.5, 60 / 50 - 1, false),
    trip(1, 'B', 'short', 3, 4, -0.5, -(48 / 60 - 1), false),
    trip(1, 'B', 'long', 5, -1, 0.3, 60 / 48 - 1, true),
  ];
}

function run(): ReturnType<typeof backtest> {
  const prices = Panel.fromColumns({ A: PA, B: PB }, { index: dates });
  const weights = Panel.fromColumns({ A: WA, B: WB }, { index: dates });
  try {
    return backtest(prices, weights, { initialCapital: CAPITAL, allowShort: true });
  } finally {
    prices.free();
    weights.free();
  }
}

describe('roundTrips(result)', () => {
  it('roundTrips(result) gives exactly the known trades of a hand-built case: opens, closes, a flip, open trips marked to market', () => {
    const result = run();
    try {
      const got = roundTrips(result);
      const want = expectedTrips();
      expect(got.map((t) => [t.asset, t.side, t.entryRow, t.exitRow, t.entryDate, t.exitDate, t.bars, t.open]))
        .toEqual(want.map((t) => [t.asset, t.side, t.entryRow, t.exitRow, t.entryDate, t.exitDate, t.bars, t.open]));
      for (let i = 0; i < want.length; i++) {
        expect(got[i].weight, `trip ${i} weight`).toBeCloseTo(want[i].weight, 12);
        expect(got[i].return, `trip ${i} return`).toBeCloseTo(want[i].return, 12);
        expect(got[i].contribution, `trip ${i} contribution`).toBeCloseTo(want[i].contribution, 12);
        expect(Math.abs(got[i].pnl - want[i].pnl), `trip ${i} pnl ${got[i].pnl} vs ${want[i].pnl}`).toBeLessThan(1e-8);
      }
    } finally {
      result.weights.free();
      result.contribution.free();
    }
  });

  it('metrics(returns, { roundTrips }) gives per-trade hit rate, average win/loss, profit factor and expectancy of the closed trips', () => {
    const result = run();
    try {
      const m = metrics(result.returns, { dates: result.dates, roundTrips: roundTrips(result) });
      const closed = expectedTrips().filter((t) => !t.open);
      const wins = closed.filter((t) => t.contribution > 0);
      const losses = closed.filter((t) => t.contribution < 0);
      // The case has both winners and losers, so no statistic below is trivially NaN.
      expect(wins.length).toBeGreaterThan(0);
      expect(losses.length).toBeGreaterThan(0);
      const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(m.tradeCount).toBe(3);
      expect(m.tradeOpenCount).toBe(2);
      expect(m.tradeHitRate).toBeCloseTo(wins.length / (wins.length + losses.length), 14);
      expect(m.tradeAverageWin).toBeCloseTo(avg(wins.map((t) => t.return)), 12);
      expect(m.tradeAverageLoss).toBeCloseTo(avg(losses.map((t) => t.return)), 12);
      const gain = wins.reduce((a, t) => a + t.contribution, 0);
      const pain = -losses.reduce((a, t) => a + t.contribution, 0);
      expect(m.tradeProfitFactor).toBeCloseTo(gain / pain, 12);
      expect(m.tradeExpectancy).toBeCloseTo(avg(closed.map((t) => t.contribution)), 12);
    } finally {
      result.weights.free();
      result.contribution.free();
    }
  });

  it('metrics(returns) without roundTrips reports every trade* statistic as NaN, apart from the per-bar hitRate', () => {
    const m = metrics([0.01, -0.02, 0.03]);
    expect(m.tradeHitRate).toBeNaN();
    expect(m.tradeProfitFactor).toBeNaN();
    expect(m.hitRate).toBeCloseTo(2 / 3, 14);
  });

  it('roundTrips(result) on 20 random backtests (gaps, flips, partial resizes, fees): trips tile each held stretch, returns are the price ratios, contributions add up', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const T = 120;
      const N = 4;
      const pv = randomValues(seed, { nRows: T, nCols: N, nanRate: 0.05, lateRate: 0, allNanRate: 0 });
      for (let j = 0; j < N; j++) if (Number.isNaN(pv[j])) pv[j] = 50; // every asset priced at row 0
      const u = rng(seed + 100);
      const wv = new Float64Array(T * N);
      const held = new Array<number>(N).fill(0);
      const rebalance: number[] = [];
      for (let t = 0; t < T; t++) {
        // rebalance now and then, on rows where every asset has a price (a trade needs one)
        let priced = true;
        for (let j = 0; j < N; j++) if (Number.isNaN(pv[t * N + j])) priced = false;
        if (priced && u() < 0.3) {
          rebalance.push(t);
          for (let j = 0; j < N; j++) if (u() < 0.5) held[j] = [0, 0, 0.2, 0.3, -0.25][Math.floor(u() * 5)];
        }
        for (let j = 0; j < N; j++) wv[t * N + j] = held[j];
      }
      const prices = Panel.fromRows(pv, T, N);
      const weights = Panel.fromRows(wv, T, N);
      // Every row (includeWarmup), so the result's rows are the prices' rows.
      const r = backtest(prices, weights, { allowShort: true, feesBps: 5, rebalance, includeWarmup: true });
      const trips = roundTrips(r);
      const w = r.weights.values;
      const c = r.contribution.values;
      for (let j = 0; j < N; j++) {
        const mine = trips.filter((t) => t.asset === r.columns[j]);
        // Independent: the held stretches of column j, split where the sign changes.
        const stretches: [number, number][] = [];
        let start = -1;
        for (let t = 0; t < T; t++) {
          const s = Math.sign(w[t * N + j]);
          const prev = start >= 0 ? Math.sign(w[start * N + j]) : 0;
          if (start >= 0 && s !== prev) {
            stretches.push([start, t]);
            start = -1;
          }
          if (start < 0 && s !== 0) start = t;
        }
        if (start >= 0) stretches.push([start, T - 1]);
        expect(mine.map((t) => [t.entryRow, t.open ? T - 1 : t.exitRow]), `seed ${seed} asset ${j}`).toEqual(stretches);
        let total = 0;
        for (let t = 1; t < T; t++) total += c[t * N + j];
        expect(mine.reduce((a, t) => a + t.contribution, 0)).toBeCloseTo(total, 12);
        for (const trip of mine) {
          // price return from the last valid price at entry to the last valid price at exit
          const lastValid = (row: number): number => {
            for (let k = row; k >= 0; k--) if (!Number.isNaN(pv[k * N + j])) return pv[k * N + j];
            return NaN;
          };
          const exit = trip.open ? T - 1 : trip.exitRow;
          const side = trip.side === 'long' ? 1 : -1;
          expect(trip.return, `seed ${seed} asset ${j} entry ${trip.entryRow}`).toBeCloseTo(side * (lastValid(exit) / lastValid(trip.entryRow) - 1), 10);
        }
      }
      prices.free();
      weights.free();
      r.weights.free();
      r.contribution.free();
    }
  });

  it('roundTrips(x) rejects something that is not a backtest result, naming what it needs', () => {
    expect(errorOf(() => roundTrips({} as never))).toMatch(/BacktestResult.*weights and contribution/);
    expect(errorOf(() => metrics([0.01], { roundTrips: 3 as never }))).toMatch(/roundTrips must be/);
  });
});
