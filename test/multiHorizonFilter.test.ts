import { describe, expect, it } from 'vitest';
import { Panel, backtest, grid, metrics, multiHorizonMomentum, readPanelFile } from '../src/index.js';
import { days, expectNoLookAhead, expectRows, expectThrows, prices, walk } from './strategyHelpers.js';
import { rng } from './helpers.js';

// Hand-computed case. horizons [1, 2], weights [0.5, 0.5], skip 0, topN 2, periodsPerYear 1
// (so a horizon of h bars is h years: rf_h = (1 + rf)^h - 1). BOND is the defensive column;
// its own score is the best of all, but it is never a candidate.
//   row 2: A: r1 = 125/110 - 1 = 0.13636, r2 = 0.25  -> m = 0.19318
//          B: r1 = 0,                     r2 = 0.05  -> m = 0.025
//          C: r1 = 117/130 - 1 = -0.1,    r2 = 0.17  -> m = 0.035
//   row 3: A: r1 = 130/125 - 1 = 0.04,    r2 = 130/110 - 1 = 0.18182 -> m = 0.11091
//          B: 0;  C: r1 = 0, r2 = 117/130 - 1 = -0.1 -> m = -0.05
// rf = 0.1: rf^m = 0.5 * 0.1 + 0.5 * 0.21 = 0.155: only A passes on row 2, nothing on row 3.
const HAND = {
  A: [100, 110, 125, 130],
  B: [100, 105, 105, 105],
  C: [100, 130, 117, 117],
  BOND: [1, 1.5, 2.5, 3],
};
const BASE = { horizons: [1, 2], weights: [0.5, 0.5], skip: 0, topN: 2, periodsPerYear: 1 } as const;

describe('multiHorizonMomentum(prices, { riskFree, defensive })', () => {
  it('without a rate or defensive column: the best two positive scores (BOND competes too)', () => {
    // A 0.193, BOND (r1 = 2.5/1.5 - 1 = 0.667, r2 = 1.5: 1.083) on row 2; on row 3 BOND
    // (r1 = 0.2, r2 = 1: 0.6) and A 0.111.
    expectRows(multiHorizonMomentum(prices(HAND), { horizons: [1, 2], weights: [0.5, 0.5], skip: 0, topN: 2 }), [
      [0, 0, 0, 0], [0, 0, 0, 0], [0.5, 0, 0, 0.5], [0.5, 0, 0, 0.5],
    ]);
  });

  it('riskFree 0.1 keeps only the scores above the rate blended over the horizons; empty slots in cash', () => {
    const p = prices({ A: HAND.A, B: HAND.B, C: HAND.C });
    expectRows(multiHorizonMomentum(p, { ...BASE, riskFree: 0.1 }), [[0, 0, 0], [0, 0, 0], [0.5, 0, 0], [0, 0, 0]]);
    // A zero rate is the plain rule: A and C (0.035 > B's 0.025) on row 2; A alone on row 3.
    expectRows(multiHorizonMomentum(p, { ...BASE, riskFree: 0 }), [[0, 0, 0], [0, 0, 0], [0.5, 0, 0.5], [0.5, 0, 0]]);
  });

  it('defensive takes the empty slots, is never a candidate, and the warm-up stays all cash', () => {
    const w = multiHorizonMomentum(prices(HAND), { ...BASE, riskFree: 0.1, defensive: 'BOND' });
    expectRows(w, [[0, 0, 0, 0], [0, 0, 0, 0], [0.5, 0, 0, 0.5], [0, 0, 0, 1]]);
    // Rate 0 with the defensive column: A and C on row 2; A and half in BOND on row 3.
    expectRows(multiHorizonMomentum(prices(HAND), { ...BASE, defensive: 'BOND' }), [[0, 0, 0, 0], [0, 0, 0, 0], [0.5, 0, 0.5, 0], [0.5, 0, 0, 0.5]]);
    // The defensive price missing on row 3: its share stays in cash there.
    const gap = prices({ ...HAND, BOND: [1, 1.5, 2.5, NaN] });
    expectRows(multiHorizonMomentum(gap, { ...BASE, riskFree: 0.1, defensive: 'BOND' }), [[0, 0, 0, 0], [0, 0, 0, 0], [0.5, 0, 0, 0.5], [0, 0, 0, 0]]);
  });

  it('riskFree as a series: the rate known on each date, scaled to each horizon', () => {
    // Row 2 at 0 (A and C pass), row 3 at 0.5: rf^m = 0.5 * 0.5 + 0.5 * 1.25 = 0.875, nothing passes.
    const rf = new Float64Array([0.3, 0.3, 0, 0.5]);
    expectRows(multiHorizonMomentum(prices(HAND), { ...BASE, riskFree: rf, defensive: 'BOND' }), [[0, 0, 0, 0], [0, 0, 0, 0], [0.5, 0, 0.5, 0], [0, 0, 0, 1]]);
    const one = Panel.fromRows(Array.from(rf), 4, 1, { index: days(4), columns: ['rf'] });
    expectRows(multiHorizonMomentum(prices(HAND), { ...BASE, riskFree: one, defensive: 'BOND' }), [[0, 0, 0, 0], [0, 0, 0, 0], [0.5, 0, 0.5, 0], [0, 0, 0, 1]]);
  });

  it('the rate is compounded over each horizon with periodsPerYear (365 from daily dates)', () => {
    // Daily dates: ppy 365. rf 0.5 annual: rf_1 = 1.5^(1/365) - 1, rf_2 = 1.5^(2/365) - 1.
    // B's row-2 score 0.025 beats 0.5 * (rf_1 + rf_2) = 0.00333 and stays a candidate.
    const p = prices({ A: HAND.A, B: HAND.B, C: HAND.C });
    const blend = 0.5 * (1.5 ** (1 / 365) - 1) + 0.5 * (1.5 ** (2 / 365) - 1);
    expect(0.025 > blend).toBe(true);
    const w = multiHorizonMomentum(p, { horizons: [1, 2], weights: [0.5, 0.5], skip: 0, topN: 3, riskFree: 0.5 });
    expectRows(w, [[0, 0, 0], [0, 0, 0], [1 / 3, 1 / 3, 1 / 3], [1 / 3, 0, 0]]);
  });

  it('weights at rows <= t do not change when prices (and rates) after t change', () => {
    const p = walk(31, 40, 5);
    const rf = new Float64Array(40).map((_, t) => 0.02 + 0.002 * t);
    expectNoLookAhead((x) => multiHorizonMomentum(x, { horizons: [3, 7], weights: [0.5, 0.5], topN: 2, riskFree: rf, defensive: 'c4' }), p, [9, 20, 33]);
    // Rates after t perturbed too: weights at rows <= t unchanged.
    const ref = multiHorizonMomentum(p, { horizons: [3, 7], weights: [0.5, 0.5], topN: 2, riskFree: rf, defensive: 'c4' });
    const u = rng(5);
    for (const t of [12, 25]) {
      const moved = rf.map((x, s) => (s > t ? x + 0.5 * u() : x));
      const w = multiHorizonMomentum(p, { horizons: [3, 7], weights: [0.5, 0.5], topN: 2, riskFree: moved, defensive: 'c4' });
      expect(Array.from(w.values.subarray(0, (t + 1) * 5))).toEqual(Array.from(ref.values.subarray(0, (t + 1) * 5)));
    }
  });

  it('rejects riskFree / defensive without topN, a bad defensive column, topN over the candidates and bad rates', () => {
    const p = prices(HAND);
    expectThrows(() => multiHorizonMomentum(p, { horizons: [1, 2], weights: [0.5, 0.5], riskFree: 0.1 }), /multiHorizonMomentum: riskFree, periodsPerYear and defensive shape target weights and need topN/);
    expectThrows(() => multiHorizonMomentum(p, { ...BASE, defensive: 'USDT' }), /multiHorizonMomentum: defensive must name a column of the prices, got "USDT"; columns are A, B, C, BOND/);
    expectThrows(() => multiHorizonMomentum(p, { ...BASE, topN: 4, defensive: 'BOND' }), /multiHorizonMomentum: topN 4 exceeds the 3 candidate assets \(the defensive 'BOND' is not a candidate\)/);
    expectThrows(() => multiHorizonMomentum(p, { ...BASE, riskFree: new Float64Array(3) }), /multiHorizonMomentum: riskFree has 3 rates for 4 rows of prices/);
    expectThrows(() => multiHorizonMomentum(p, { ...BASE, riskFree: new Float64Array([0, 0, -1, 0]) }), /multiHorizonMomentum: riskFree rate -1 at 2024-01-03 \(row 2\)/);
    expectThrows(() => multiHorizonMomentum(prices(HAND, false), { horizons: [1, 2], weights: [0.5, 0.5], skip: 0, topN: 2, riskFree: 0.02 }), /cannot infer periodsPerYear/);
  });
});

describe('grid over multiHorizonMomentum riskFree and defensive', () => {
  it('grid points equal multiHorizonMomentum + backtest + metrics, bit for bit', async () => {
    const p = readPanelFile('fixtures/crypto12.arrow');
    const spec = { strategy: 'multiHorizonMomentum' as const, params: { horizons: [[7, 30, 90]], weights: [[0.3, 0.4, 0.3]], topN: [3], riskFree: [0, 0.2], defensive: ['USDT'] }, backtest: { rebalance: ['weekly-sun'] } };
    const res = await grid(spec, p, { workers: 0, progress: false });
    const sharpe: number[] = [];
    [0, 0.2].forEach((rf, k) => {
      const w = multiHorizonMomentum(p, { topN: 3, riskFree: rf, defensive: 'USDT' });
      const r = backtest(p, w, { rebalance: 'weekly-sun' });
      const m = metrics(r.returns, { dates: r.dates, turnover: r.turnover });
      expect(res.table.getChild('sharpe')!.get(k), `riskFree ${rf}`).toBe(m.sharpe);
      expect(res.table.getChild('turnover')!.get(k), `riskFree ${rf}`).toBe(m.turnover);
      sharpe.push(m.sharpe);
      r.weights.free();
      r.contribution.free();
      w.free();
    });
    expect(sharpe[0]).not.toBe(sharpe[1]);
    p.free();
  });
});
