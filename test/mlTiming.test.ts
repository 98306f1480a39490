import { describe, expect, it } from 'vitest';
import { Panel, csm, mlRebalanceTiming } from '../src/index.js';
import { days, expectThrows, walk } from './strategyHelpers.js';
import { rng } from './helpers.js';

function fromRows(r: number[][], columns: string[]): Panel {
  return Panel.fromRows(r.flat(), r.length, columns.length, { columns, index: days(r.length) });
}

describe('mlRebalanceTiming(prices, weights)', () => {
  // r: row1 A +1 B 0; row2 A 0 B +1; row3 A -0.5 B 0. Targets alternate A, B, A, B.
  const prices = fromRows([[1, 1], [2, 1], [2, 2], [1, 2]], ['A', 'B']);
  const targets = fromRows([[1, 0], [0, 1], [1, 0], [0, 1]], ['A', 'B']);

  it('mlRebalanceTiming labels each period by whether the traded book beat the held one, and trains only on periods already ended (hand example)', () => {
    const res = mlRebalanceTiming(prices, targets, { schedule: 'daily', feesBps: 0, minTrain: 2, volWindow: 2 });
    expect(res.candidates).toEqual([0, 1, 2, 3]);
    // c0: G([1,0]) = 2 > G(cash) = 1; c1: G([0,1]) = 2 > G([1,0]) = 1; c2: G([1,0]) = 0.5 < G([0,1]) = 1; c3: no next period
    expect(res.labels).toEqual([1, 1, 0, NaN]);
    expect(res.trainSizes).toEqual([0, 1, 2, 3]);
    expect(res.byModel).toEqual([0, 0, 1, 1]);
    // c2: trained on labels [1, 1] only -> rebalance; its label is 0 -> the one scored decision missed.
    expect(res.decisions.slice(0, 3)).toEqual([1, 1, 1]);
    expect(res.hitRate).toBe(0);
    // features: [realisedVol, dispersion, signalChange, turnover]
    expect(res.features[0]).toEqual([0, 0, 1, 1]);
    expect(res.features[1]).toEqual([0, 0.5, 2, 2]);
    expect(res.features[2]).toEqual([0, 0.5, 2, 2]);
    const f3 = res.features[3];
    expect(f3[0]).toBeCloseTo(0.75 / Math.SQRT2, 15); // std(0.5, -0.25), ddof 1
    expect(f3.slice(1)).toEqual([0.25, 2, 2]);
    expect(res.rebalance.slice(0, 3)).toEqual(days(4).slice(0, 3));
  });

  it('mlRebalanceTiming with fees of 100% learns to keep the book: every model decision holds', () => {
    const p = walk(3, 200, 5);
    const w = csm(p, { lookback: 10, topN: 2, bottomN: 0 });
    const res = mlRebalanceTiming(p, w, { schedule: 'daily', feesBps: 10_000, minTrain: 10 });
    expect(res.labels.slice(0, -1).every((x) => x === 0)).toBe(true);
    expect(res.byModel.filter((x) => x === 1).length).toBeGreaterThan(100);
    res.decisions.forEach((d, i) => expect(d).toBe(res.byModel[i] ? 0 : 1));
    expect(res.hitRate).toBe(1);
  });

  it('mlRebalanceTiming uses rows <= t only: perturbing prices (and the weights computed from them) after t leaves every decision at or before t unchanged', () => {
    const T = 400;
    const p = walk(17, T, 6);
    const run = (x: Panel) => mlRebalanceTiming(x, csm(x, { lookback: 20, topN: 2, bottomN: 0 }), { schedule: 'weekly-sun', minTrain: 8, feesBps: 20 });
    const base = run(p);
    expect(base.byModel.filter((x) => x === 1).length).toBeGreaterThan(20);
    expect(base.decisions.some((d, i) => base.byModel[i] && d === 0) && base.decisions.some((d, i) => base.byModel[i] && d === 1)).toBe(true);
    const u = rng(8);
    let moved = false;
    for (const t of [120, 200, 300]) {
      const q = p.clone();
      const v = q.values;
      for (let k = (t + 1) * 6; k < v.length; k++) v[k] *= 0.3 + 1.4 * u();
      const got = run(q);
      base.candidates.forEach((c, i) => {
        if (c > t) return;
        expect(got.decisions[i], `decision at row ${c} after perturbing rows > ${t}`).toBe(base.decisions[i]);
        expect(got.features[i]).toEqual(base.features[i]);
      });
      if (got.decisions.some((d, i) => d !== base.decisions[i])) moved = true;
    }
    expect(moved, 'the perturbation must change some later decision').toBe(true);
  });

  it('mlRebalanceTiming rejects too few candidate dates, stating the minimum, and NaN or misaligned weights', () => {
    expectThrows(() => mlRebalanceTiming(prices, targets, { schedule: 'daily', minTrain: 3 }), /the schedule gives 4 candidate dates; at least minTrain \+ 2 = 5 are needed/);
    const bad = targets.clone();
    bad.values[3] = NaN;
    expectThrows(() => mlRebalanceTiming(prices, bad, { schedule: 'daily', minTrain: 2 }), /weight NaN in column 'B' at 2024-01-02/);
    const other = fromRows([[1, 0], [0, 1], [1, 0], [0, 1]], ['A', 'C']);
    expectThrows(() => mlRebalanceTiming(prices, other, { schedule: 'daily', minTrain: 2 }), /weights column 1 is 'C' but the prices' is 'B'/);
    expectThrows(() => mlRebalanceTiming(prices, targets, { minTrain: 1 }), /minTrain must be an integer >= 2, got 1/);
    expectThrows(() => mlRebalanceTiming(prices, targets, { timing: 'ml' } as never), /unknown option 'timing'/);
  });
});
