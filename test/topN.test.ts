import { describe, expect, it } from 'vitest';
import { Panel, dualMomentum, multiHorizonMomentum, pctChange, rank, shift } from '../src/index.js';
import { engine } from '../src/engine/wasm.js';
import { twin } from '../src/twin/index.js';
import type { Kernels } from '../src/engine/kernels.js';
import { randomValues, rng } from './helpers.js';

// The top-N kernels against the construction they replace: a full descending 'first'
// rank of every row (the `rank` kernel, pandas semantics) and 1 / topN on ranks <= topN.

const BACKENDS: [string, Kernels][] = [['wasm', engine()], ['js', twin]];

/** Prices 1..4 (few distinct values: lookback returns tie often), with NaN gaps. */
function tiedPrices(seed: number, T: number, N: number): Panel {
  const u = rng(seed);
  const v = new Float64Array(T * N);
  for (let i = 0; i < v.length; i++) v[i] = u() < 0.08 ? NaN : 1 + Math.floor(u() * 4);
  return Panel.fromRows(v, T, N);
}

function walkPrices(seed: number, T: number, N: number): Panel {
  return Panel.fromRows(randomValues(seed, { nRows: T, nCols: N, nanRate: 0.05, lateRate: 0.3, allNanRate: 0.1 }), T, N);
}

/** The previous dualMomentum, written out: filter, full rank, 1 / topN on ranks <= topN, defensive rule. */
function dualReference(p: Panel, lookback: number, skip: number, topN: number, def: number, rfL: Float64Array | null): number[] {
  const lagged = skip > 0 ? shift(p, { periods: skip }) : p;
  const ret = pctChange(lagged, { periods: lookback });
  const T = p.nRows;
  const N = p.nCols;
  const r = ret.values.slice();
  const f = new Float64Array(T * N);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < N; j++) f[t * N + j] = j !== def && r[t * N + j] - (rfL ? rfL[t] : 0) > 0 ? r[t * N + j] : NaN;
  }
  const passed = Panel.fromRows(f, T, N);
  const d = rank(passed, { method: 'first', ascending: false }).values.slice();
  const px = p.values;
  const w: number[] = [];
  for (let t = 0; t < T; t++) {
    let valid = 0;
    let held = 0;
    for (let j = 0; j < N; j++) if (j !== def && !Number.isNaN(r[t * N + j])) valid++;
    for (let j = 0; j < N; j++) {
      const hold = d[t * N + j] <= topN;
      w.push(hold ? 1 / topN : 0);
      if (hold) held++;
    }
    if (def >= 0 && valid > 0 && held < topN && !Number.isNaN(px[t * N + def])) w[t * N + def] = (topN - held) / topN;
  }
  if (lagged !== p) lagged.free();
  ret.free();
  passed.free();
  return w;
}

const cells = (p: Panel): number[] => Array.from(p.values);

describe('topNWeights(x, valid, prices, out, T, N, topN, def)', () => {
  it('gives 1 / topN exactly to the cells whose descending first rank is <= topN, on rows with NaN and ties (wasm and twin)', () => {
    const T = 300;
    for (const N of [1, 3, 12, 40]) {
      const u = rng(N);
      const v = new Float64Array(T * N);
      // Integers 0..5 and their negatives, -0 among them, NaN: ties everywhere.
      for (let i = 0; i < v.length; i++) v[i] = u() < 0.15 ? NaN : (u() < 0.5 ? -1 : 1) * Math.floor(u() * 6);
      const x = Panel.fromRows(v, T, N);
      const d = rank(x, { method: 'first', ascending: false }).values.slice();
      for (const topN of [1, 2, 5, N]) {
        const want = Array.from(d, (r) => (r <= topN ? 1 / topN : 0));
        for (const [name, k] of BACKENDS) {
          const out = x.like();
          k.topNWeights(x.ptr, 0, 0, out.ptr, T, N, topN, -1);
          expect(cells(out), `${name} N=${N} topN=${topN}`).toEqual(want);
          out.free();
        }
      }
      x.free();
    }
  });

  it('gives the defensive column (topN - held) / topN only where some candidate is valid and its price is present', () => {
    // 4 assets, defensive column 3; topN 3. valid per row given; x: one positive per row 0 and 2.
    const x = Panel.fromRows([0.5, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 0.1, 0.2, NaN, NaN, NaN, NaN, NaN, NaN], 4, 4);
    const valid = Panel.fromRows([2, 1, 3, 0], 4, 1);
    const px = Panel.fromRows([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, NaN, 1, 1, 1, 1], 4, 4);
    for (const [name, k] of BACKENDS) {
      const out = x.like();
      k.topNWeights(x.ptr, valid.ptr, px.ptr, out.ptr, 4, 4, 3, 3);
      expect(cells(out), name).toEqual([
        1 / 3, 0, 0, 2 / 3, // one held, two slots to the defensive asset
        0, 0, 0, 1, // none held but a candidate is valid: all defensive
        1 / 3, 1 / 3, 0, 0, // defensive price missing: its third stays in cash
        0, 0, 0, 0, // no valid candidate: no signal, all cash
      ]);
      out.free();
    }
  });
});

describe('topNOrder(x, order, T, N, depth) and topNFromOrder(order, valid, prices, out, T, N, depth, topN, def)', () => {
  it('lists each row\'s columns by descending first rank (-1 past the valid ones), and its books equal topNWeights for every topN <= depth', () => {
    const T = 200;
    for (const N of [1, 5, 12, 40]) {
      const u = rng(100 + N);
      const v = new Float64Array(T * N);
      for (let i = 0; i < v.length; i++) v[i] = u() < 0.2 ? NaN : (u() < 0.5 ? -1 : 1) * Math.floor(u() * 6);
      const x = Panel.fromRows(v, T, N);
      const d = rank(x, { method: 'first', ascending: false }).values.slice();
      const valid = Panel.fromRows(Array.from({ length: T }, (_, t) => t % 3), T, 1);
      const px = Panel.fromRows(Array.from(v, (_, i) => (i % 7 === 0 ? NaN : 1)), T, N);
      for (const depth of [1, 3, Math.min(N, 16)]) {
        // Column of rank k + 1 in row t, brute force from the rank kernel.
        const want: number[] = [];
        for (let t = 0; t < T; t++) {
          for (let k = 0; k < depth; k++) {
            let c = -1;
            for (let j = 0; j < N; j++) if (d[t * N + j] === k + 1) c = j;
            want.push(c);
          }
        }
        for (const [name, k] of BACKENDS) {
          const order = new Panel(T, depth);
          k.topNOrder(x.ptr, order.ptr, T, N, depth);
          expect(cells(order), `${name} N=${N} depth=${depth}`).toEqual(want);
          for (let topN = 1; topN <= depth; topN++) {
            for (const def of [-1, N - 1]) {
              const a = x.like();
              const b = x.like();
              k.topNFromOrder(order.ptr, valid.ptr, px.ptr, a.ptr, T, N, depth, topN, def);
              k.topNWeights(x.ptr, valid.ptr, px.ptr, b.ptr, T, N, topN, def);
              expect(cells(a), `${name} N=${N} depth=${depth} topN=${topN} def=${def}`).toEqual(cells(b));
              a.free();
              b.free();
            }
          }
          order.free();
        }
      }
      [x, valid, px].forEach((q) => q.free());
    }
  });
});

describe('dualMomentum(prices, options) through the top-N kernels', () => {
  it('gives the weights of the full-rank construction on random panels with gaps, late listings and tied returns (both backends)', () => {
    const panels = [walkPrices(1, 400, 12), walkPrices(2, 300, 7), tiedPrices(3, 300, 9), tiedPrices(4, 250, 30)];
    for (const [pi, p] of panels.entries()) {
      for (const [lookback, skip] of [[20, 0], [60, 5], [1, 0]]) {
        for (const topN of [1, 3, Math.min(5, p.nCols - 1)]) {
          for (const def of [-1, p.nCols - 1]) {
            const defensive = def < 0 ? undefined : p.columns[def];
            const want = dualReference(p, lookback, skip, topN, def, null);
            for (const backend of ['wasm', 'js'] as const) {
              const w = dualMomentum(p, { lookback, skip, topN, defensive, backend });
              expect(cells(w), `panel ${pi} L=${lookback} skip=${skip} topN=${topN} def=${def} ${backend}`).toEqual(want);
              w.free();
            }
          }
        }
      }
    }
    panels.forEach((p) => p.free());
  });

  it('applies a per-date risk-free series as the reference does (rf_L = (1 + rf)^(L / ppy) - 1)', () => {
    const p = walkPrices(5, 300, 8);
    const u = rng(9);
    const rates = Float64Array.from({ length: 300 }, () => 0.5 * u() - 0.1);
    const lookback = 40;
    const rfL = rates.map((x) => (1 + x) ** (lookback / 252) - 1);
    const want = dualReference(p, lookback, 0, 3, -1, rfL);
    for (const backend of ['wasm', 'js'] as const) {
      const w = dualMomentum(p, { lookback, topN: 3, riskFree: rates, periodsPerYear: 252, backend });
      expect(cells(w), backend).toEqual(want);
      w.free();
    }
    p.free();
  });
});

describe('multiHorizonMomentum(prices, { topN }) through the top-N kernel', () => {
  it('gives 1 / topN to the cells whose positive score ranks <= topN (descending, first), on random panels with gaps and ties', () => {
    for (const p of [walkPrices(11, 300, 10), tiedPrices(12, 300, 10)]) {
      const horizons = [5, 20, 60];
      const weights = [0.3, 0.4, 0.3];
      const score = multiHorizonMomentum(p, { horizons, weights, skip: 1 });
      const s = score.values;
      const positive = Panel.fromRows(Array.from(s, (x) => (x > 0 ? x : NaN)), p.nRows, p.nCols);
      const d = rank(positive, { method: 'first', ascending: false }).values.slice();
      for (const topN of [1, 3, 10]) {
        const want = Array.from(d, (r) => (r <= topN ? 1 / topN : 0));
        for (const backend of ['wasm', 'js'] as const) {
          const w = multiHorizonMomentum(p, { horizons, weights, skip: 1, topN, backend });
          expect(cells(w), `topN ${topN} ${backend}`).toEqual(want);
          w.free();
        }
      }
      score.free();
      positive.free();
      p.free();
    }
  });
});
