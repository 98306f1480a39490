import { describe, expect, it } from 'vitest';
import {
  Panel, capPositions, csm, dualMomentum, inverseVol, multiHorizonMomentum, riskParity, scaleLeverage, tsm, volTarget, weighting,
} from '../src/index.js';
import { rng } from './helpers.js';
import { days, expectNoLookAhead, expectRows, expectThrows, prices, walk } from './strategyHelpers.js';

const { equalWeight } = weighting;

// ---------------------------------------------------------------------------------------
// Brute-force references, from the definitions, one column at a time on plain arrays.

/** One-bar simple returns p_t / p_{t-1} - 1 (NaN at row 0 and next to a missing price). */
function returnsOf(x: ArrayLike<number>): number[] {
  return Array.from(x, (v, t) => (t > 0 ? v / x[t - 1] - 1 : NaN));
}

/** Two-pass sample std (ddof 1) of r[t-w+1 .. t]; NaN unless all w values are present. */
function std2(r: number[], t: number, w: number): number {
  if (t - w + 1 < 0) return NaN;
  const xs = r.slice(t - w + 1, t + 1);
  if (xs.some(Number.isNaN)) return NaN;
  const m = xs.reduce((a, b) => a + b, 0) / w;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (w - 1));
}

/** Two-pass Pearson correlation of a and b over rows t-w+1 .. t; NaN unless all present and both vary. */
function corr2(a: number[], b: number[], t: number, w: number): number {
  if (t - w + 1 < 0) return NaN;
  const xs = a.slice(t - w + 1, t + 1);
  const ys = b.slice(t - w + 1, t + 1);
  if (xs.some(Number.isNaN) || ys.some(Number.isNaN)) return NaN;
  const mx = xs.reduce((s, v) => s + v, 0) / w;
  const my = ys.reduce((s, v) => s + v, 0) / w;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < w; k++) {
    sxy += (xs[k] - mx) * (ys[k] - my);
    sxx += (xs[k] - mx) ** 2;
    syy += (ys[k] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Per leg: longs share the sum of positive selection values in proportion to score, shorts likewise. */
function bruteLegs(sel: number[], score: number[], unit = false): number[] {
  const ok = score.map((s) => Number.isFinite(s) && s > 0);
  let gl = 0; let gs = 0; let sl = 0; let ss = 0;
  sel.forEach((s, j) => {
    if (s > 0) { gl += s; if (ok[j]) sl += score[j]; }
    if (s < 0) { gs -= s; if (ok[j]) ss += score[j]; }
  });
  if (unit) { gl = gl > 0 ? 1 : 0; gs = gs > 0 ? 1 : 0; }
  return sel.map((s, j) => (!ok[j] ? 0 : s > 0 ? (gl * score[j]) / sl : s < 0 ? (-gs * score[j]) / ss : 0));
}

/** A random selection panel mixing longs, shorts, zeros and NaN. */
function randomSelection(seed: number, like: Panel): Panel {
  const u = rng(seed);
  const choices = [1, -1, 0, NaN, 0.5, -2, 1, 0];
  const v = Float64Array.from({ length: like.size }, () => choices[Math.floor(u() * choices.length)]);
  return Panel.fromRows(v, like.nRows, like.nCols, like.labels());
}

function expectPanelClose(got: Panel, expected: number[][], tol: number, label: string): void {
  let nonzero = 0;
  for (let t = 0; t < got.nRows; t++) {
    for (let j = 0; j < got.nCols; j++) {
      const g = got.get(t, j);
      const e = expected[t][j];
      if (Number.isNaN(g)) expect.fail(`${label}: NaN at row ${t}, column ${j}`);
      if (!(Math.abs(g - e) <= tol * Math.max(1, Math.abs(e)))) expect.fail(`${label}: row ${t}, column ${j}: got ${g}, expected ${e}`);
      if (e !== 0) nonzero++;
    }
  }
  expect(nonzero, `${label}: the reference holds positions`).toBeGreaterThan(0);
}

// ---------------------------------------------------------------------------------------

describe('equalWeight (weighting)', () => {
  it('equalWeight(selection) gives each selected asset sign / (number selected), cash when none', () => {
    // row 0: A (+) and C (-) selected, B is 0, D NaN -> +1/2, -1/2.
    // row 1: only A (0.2) -> 1. row 2: nothing (NaN, 0) -> cash. row 3: three longs -> 1/3.
    const sel = Panel.fromRows([1, 0, -1, NaN, 0.2, 0, 0, 0, NaN, NaN, 0, 0, 7, 1, 0, 0.5], 4, 4);
    expectRows(equalWeight(sel), [
      [0.5, 0, -0.5, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
      [1 / 3, 1 / 3, 0, 1 / 3],
    ]);
  });

  it('equalWeight(multiHorizonMomentum(p, {topN})) holds 1 / (assets held) instead of 1 / topN', () => {
    // from the multiHorizonMomentum hand example: row 3 holds only D at 1/2; equalWeight makes it 1.
    const p = prices({ A: [100, 100, 110, 100], B: [100, 100, 120, 100], C: [100, 100, 90, 80], D: [100, 100, 105, 105] });
    expectRows(equalWeight(multiHorizonMomentum(p, { horizons: [1, 2], weights: [0.5, 0.5], skip: 0, topN: 2 })), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0.5, 0.5, 0, 0],
      [0, 0, 0, 1],
    ]);
  });

  it('equalWeight rejects infinite selections', () => {
    expectThrows(() => equalWeight(Panel.fromColumns({ A: [1, Infinity] }, { index: days(2) })), /equalWeight: selection is Infinity in column 'A' at 2024-01-02/);
  });
});

describe('scaleLeverage and capPositions', () => {
  it('scaleLeverage(w, 2) rescales each row to gross 2 keeping signs, and leaves flat rows flat', () => {
    // row 0: |0.5| + |-0.25| + |0.25| = 1 -> x2. row 1: 0.1 + 0.3 = 0.4 -> x5. row 2: flat. NaN reads 0.
    const w = Panel.fromRows([0.5, -0.25, 0.25, 0.1, NaN, 0.3, 0, 0, NaN], 3, 3);
    expectRows(scaleLeverage(w, 2), [
      [1, -0.5, 0.5],
      [0.5, 0, 1.5],
      [0, 0, 0],
    ], 1e-15);
  });

  it('capPositions(w, 0.3) clips to [-0.3, 0.3] and leaves the excess in cash', () => {
    const w = Panel.fromRows([0.5, -0.25, 0.25, 0.1, NaN, -0.9], 2, 3);
    expectRows(capPositions(w, 0.3), [
      [0.3, -0.25, 0.25],
      [0.1, 0, -0.3],
    ]);
  });

  it('scaleLeverage and capPositions reject bad arguments', () => {
    const w = Panel.fromRows([0.5, -0.25], 1, 2);
    expectThrows(() => scaleLeverage(w, -1), /scaleLeverage: gross must be in \(0, inf\), got -1/);
    // gross 0 empties every row: refused with the reason (issue 12).
    expectThrows(() => scaleLeverage(w, 0), /scaleLeverage: gross must be > 0 .*0 would empty every row and hold nothing/);
    expectThrows(() => capPositions(w, 0), /capPositions: maxAbs must be in \(0, inf\), got 0/);
    expectThrows(() => capPositions(Panel.fromRows([-Infinity, 0], 1, 2), 1), /capPositions: weights is -Infinity in column 'c0' at row 0/);
  });
});

describe('inverseVol', () => {
  it('inverseVol(sel, p, {window: 2}) gives the asset with half the volatility twice the weight', () => {
    // A moves +-1% (returns 0.01, -0.01: std 0.01 sqrt 2), B +-2% (std 0.02 sqrt 2).
    // w proportional to 1/sigma: A 2/3, B 1/3 of the selection's gross 1. Row 1 has one
    // return only (no std yet): cash. C is not selected.
    const p = prices({ A: [100, 101, 101 * 0.99, 101 * 0.99 * 1.01], B: [100, 102, 102 * 0.98, 102 * 0.98 * 1.02], C: [10, 11, 12, 13] });
    const sel = Panel.fromRows([0.5, 0.5, 0, 0.5, 0.5, 0, 0.5, 0.5, 0, 0.5, 0.5, 0], 4, 3, p.labels());
    expectRows(inverseVol(sel, p, { window: 2 }), [
      [0, 0, 0],
      [0, 0, 0],
      [2 / 3, 1 / 3, 0],
      [2 / 3, 1 / 3, 0],
    ], 1e-12);
  });

  it('inverseVol matches a brute-force two-pass std, per leg, on a random panel with gaps', () => {
    const p = walk(31, 40, 5);
    const sel = randomSelection(32, p);
    const window = 8;
    const r = Array.from({ length: 5 }, (_, j) => returnsOf(p.column(j)));
    const expected = Array.from({ length: 40 }, (_, t) => bruteLegs(Array.from(sel.row(t)), r.map((rj) => 1 / std2(rj, t, window))));
    expectPanelClose(inverseVol(sel, p, { window }), expected, 1e-12, 'wasm');
    expectPanelClose(inverseVol(sel, p, { window, backend: 'js' }), expected, 1e-12, 'js');
  });

  it('inverseVol(csm(p), p) weights at rows <= t do not change when prices after t change', () => {
    const p = walk(33, 30, 5);
    expectNoLookAhead((x) => inverseVol(csm(x, { lookback: 3, topN: 2 }), x, { window: 5 }), p, [6, 14, 27]);
  });

  it('inverseVol rejects misaligned selections, long windows and unknown options', () => {
    const p = walk(34, 10, 3);
    const sel = Panel.filled(10, 3, 1, p.labels());
    expectThrows(() => inverseVol(sel, p, { window: 10 }), /inverseVol: window 10 is not shorter than the history \(10 rows\)/);
    expectThrows(() => inverseVol(sel, p, { window: 1 }), /inverseVol: window must be an integer >= 2, got 1/);
    expectThrows(() => inverseVol(sel, p, { windw: 3 } as never), /inverseVol: unknown option 'windw'; valid options are window, backend/);
    expectThrows(() => inverseVol(Panel.filled(9, 3, 1), p), /inverseVol: selection is 9 x 3 but prices are 10 x 3/);
    expectThrows(() => inverseVol(Panel.filled(10, 3, 1, { columns: ['c0', 'x', 'c2'], index: days(10) }), p), /inverseVol: selection column 1 is 'x' but the prices' is 'c1'/);
    expectThrows(() => inverseVol(Panel.filled(10, 3, 1, { index: days(11).slice(1) }), p), /inverseVol: selection row 0 is dated 2024-01-02 but the prices' row is 2024-01-01/);
    const bad = p.clone();
    bad.values[3 * 3 + 1] = -5;
    expectThrows(() => inverseVol(sel, bad, { window: 3 }), /inverseVol: price -5 in column 'c1' at 2024-01-04/);
  });
});

describe('volTarget', () => {
  // A alternates +5% / -5%, B +1% / -1%, in phase. Window 2 on one-bar returns:
  // sigma_A = |0.05 - (-0.05)| / sqrt 2 = 0.05 sqrt 2, sigma_B = 0.01 sqrt 2.
  const A = [100, 105, 105 * 0.95, 105 * 0.95 * 1.05, 105 * 0.95 * 1.05 * 0.95];
  const B = [100, 101, 101 * 0.99, 101 * 0.99 * 1.01, 101 * 0.99 * 1.01 * 0.99];
  const AB = prices({ A, B });
  const HALF = Panel.filled(5, 2, 0.5, AB.labels());

  it('volTarget(w, p, asset mode) scales each weight by target / annualised vol, capped', () => {
    // periodsPerYear 4 -> annualised vol = 2 sigma: A 0.1 sqrt 2 -> scale 0.1 / (0.1 sqrt 2) = 1 / sqrt 2;
    // B 0.02 sqrt 2 -> 3.54, capped at 2. Rows 0-1: no std yet -> 0.
    const w = volTarget(HALF, AB, { target: 0.1, window: 2, periodsPerYear: 4 });
    const a = 0.5 / Math.SQRT2;
    expectRows(w, [[0, 0], [0, 0], [a, 1], [a, 1], [a, 1]], 1e-12);
  });

  it('volTarget(w, p, {mode: portfolio}) scales whole rows by target / vol of the book returns', () => {
    // Book return R_s = 0.5 r_A + 0.5 r_B = +0.03, -0.03, ... (rows 1..4, weights of row s-1).
    // Window 2 from row 2: sigma = 0.06 / sqrt 2, annualised x2 -> 0.06 sqrt 2;
    // scale = 0.1 / (0.06 sqrt 2) = 1.1785 (< cap 2): each weight 0.5 x 1.1785.
    const w = volTarget(HALF, AB, { target: 0.1, window: 2, periodsPerYear: 4, mode: 'portfolio' });
    const a = (0.5 * 0.1) / (0.06 * Math.SQRT2);
    expectRows(w, [[0, 0], [0, 0], [a, a], [a, a], [a, a]], 1e-12);
    // a 50% target hits the cap of 2: 0.5 x 2 = 1.
    expectRows(volTarget(HALF, AB, { target: 0.5, window: 2, periodsPerYear: 4, mode: 'portfolio' }), [[0, 0], [0, 0], [1, 1], [1, 1], [1, 1]]);
  });

  it('volTarget asset mode matches a brute-force rolling std on a random panel with gaps', () => {
    const p = walk(41, 40, 4);
    const w = randomSelection(42, p);
    const window = 6;
    const ann = Math.sqrt(365); // inferred from the 7-day calendar
    const r = Array.from({ length: 4 }, (_, j) => returnsOf(p.column(j)));
    const expected = Array.from({ length: 40 }, (_, t) => r.map((rj, j) => {
      const x = w.get(t, j);
      const scale = Math.min(1.5, 0.2 / (std2(rj, t, window) * ann));
      return x === 0 || Number.isNaN(x) || Number.isNaN(scale) ? 0 : x * scale;
    }));
    expectPanelClose(volTarget(w, p, { target: 0.2, window, cap: 1.5 }), expected, 1e-12, 'asset');
  });

  it('volTarget portfolio mode matches the brute-force std of the book return series', () => {
    const p = walk(43, 40, 4);
    const w = randomSelection(44, p);
    const window = 7;
    const ann = Math.sqrt(252);
    const r = Array.from({ length: 4 }, (_, j) => returnsOf(p.column(j)));
    // R_s = sum_j w_{s-1, j} r_{s, j}, skipping flat (0 / NaN) weights and missing returns
    const book = Array.from({ length: 40 }, (_, s) => {
      if (s === 0) return NaN;
      let sum = 0;
      for (let j = 0; j < 4; j++) {
        const x = w.get(s - 1, j);
        if (x !== 0 && !Number.isNaN(x) && !Number.isNaN(r[j][s])) sum += x * r[j][s];
      }
      return sum;
    });
    const expected = Array.from({ length: 40 }, (_, t) => {
      const scale = Math.min(2, 0.3 / (std2(book, t, window) * ann));
      return Array.from({ length: 4 }, (_, j) => {
        const x = w.get(t, j);
        return x === 0 || Number.isNaN(x) || Number.isNaN(scale) ? 0 : x * scale;
      });
    });
    expectPanelClose(volTarget(w, p, { window, periodsPerYear: 252, mode: 'portfolio' }), expected, 1e-12, 'portfolio');
  });

  it('volTarget(dualMomentum(p), p) weights at rows <= t do not change when prices after t change, in both modes', () => {
    const p = walk(45, 30, 5);
    expectNoLookAhead((x) => volTarget(dualMomentum(x, { lookback: 4, topN: 2 }), x, { window: 5 }), p, [5, 16, 28]);
    expectNoLookAhead((x) => volTarget(tsm(x, { lookback: 3, mode: 'long-short' }), x, { window: 4, mode: 'portfolio' }), p, [5, 16, 28]);
  });

  it('volTarget rejects bad targets, caps, modes, calendars and unknown options', () => {
    expectThrows(() => volTarget(HALF, AB, { target: 0, window: 2 }), /volTarget: target must be in \(0, inf\), got 0/);
    expectThrows(() => volTarget(HALF, AB, { cap: -1, window: 2 }), /volTarget: cap must be in \(0, inf\), got -1/);
    expectThrows(() => volTarget(HALF, AB, { mode: 'book' as never, window: 2 }), /volTarget: mode must be one of 'asset', 'portfolio', got "book"/);
    expectThrows(() => volTarget(HALF, AB), /volTarget: window 30 is not shorter than the history \(5 rows\)/);
    expectThrows(() => volTarget(HALF, AB, { window: 2, targetVol: 0.2 } as never), /volTarget: unknown option 'targetVol'; valid options are target, window, cap, periodsPerYear, mode, backend/);
    const undated = prices({ A, B }, false);
    expectThrows(() => volTarget(Panel.filled(5, 2, 0.5, undated.labels()), undated, { window: 2 }), /volTarget: cannot infer periodsPerYear: the prices carry no dates/);
    expectThrows(() => volTarget(HALF, AB, { window: 2, periodsPerYear: -4 }), /volTarget: periodsPerYear must be in \(0, inf\), got -4/);
  });
});

describe('riskParity', () => {
  it('riskParity penalises assets whose mean correlation with the others exceeds maxCorrelation', () => {
    // Window 4 of returns (a = 1%): A = (a, -a, a, -a), B = 2A, D = 3A, C = (a, a, -a, -a).
    // corr(A, B) = corr(A, D) = corr(B, D) = 1, corr(C, .) = 0 (orthogonal patterns).
    // sigma_A = s, sigma_B = 2s, sigma_D = 3s, sigma_C = s.
    // rho_A = rho_B = rho_D = (1 + 1 + 0) / 3 = 2/3; rho_C = 0. maxCorrelation 0.5:
    // penalty 4/3 for A, B, D; 1 for C. 1 / (sigma penalty): A 3/4, B 3/8, D 1/4, C 1 (times 1/s);
    // sum 19/8 -> A 6/19, B 3/19, D 2/19, C 8/19.
    const path = (rs: number[]): number[] => rs.reduce((ps, r) => [...ps, ps[ps.length - 1] * (1 + r)], [100]);
    const a = 0.01;
    const p = prices({
      A: path([a, -a, a, -a]),
      B: path([2 * a, -2 * a, 2 * a, -2 * a]),
      C: path([a, a, -a, -a]),
      D: path([3 * a, -3 * a, 3 * a, -3 * a]),
    });
    const w = riskParity(p, { window: 4, maxCorrelation: 0.5 });
    expectRows(w, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [6 / 19, 3 / 19, 8 / 19, 2 / 19]], 1e-12);
    // with the default 0.7 the mean correlation 2/3 is below the threshold: plain inverse vol
    // 1, 1/2, 1, 1/3 -> sum 17/6 -> 6/17, 3/17, 6/17, 2/17.
    expectRows(riskParity(p, { window: 4 }), [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [6 / 17, 3 / 17, 6 / 17, 2 / 17]], 1e-12);
  });

  /** Brute force: explicit correlation matrices and two-pass std at every row. */
  function bruteRiskParity(p: Panel, window: number, maxCorr: number, sel: Panel | null): number[][] {
    const N = p.nCols;
    const r = Array.from({ length: N }, (_, j) => returnsOf(p.column(j)));
    return Array.from({ length: p.nRows }, (_, t) => {
      const s = sel ? Array.from(sel.row(t)) : new Array<number>(N).fill(1);
      const sd = r.map((rj) => std2(rj, t, window));
      const cand = s.map((x, j) => x !== 0 && !Number.isNaN(x) && sd[j] > 0);
      const C = r.map((ri) => r.map((rj) => corr2(ri, rj, t, window)));
      const score = sd.map((sigma, i) => {
        if (!cand[i]) return NaN;
        const others = C[i].filter((c, j) => j !== i && cand[j] && !Number.isNaN(c));
        const rho = others.length ? others.reduce((x, y) => x + y, 0) / others.length : NaN;
        const penalty = others.length ? Math.max(1, rho / maxCorr) : 1;
        return 1 / (sigma * penalty);
      });
      return bruteLegs(s, score, sel === null);
    });
  }

  it('riskParity matches brute-force correlation matrices and two-pass std on a random panel', () => {
    // strongly co-moving assets (a common factor) so that the penalty is active
    const u = rng(51);
    const T = 45;
    const N = 5;
    const v = new Float64Array(T * N);
    const level = [100, 50, 20, 80, 10];
    for (let t = 0; t < T; t++) {
      const f = (u() - 0.5) * 0.04;
      for (let j = 0; j < N; j++) {
        level[j] *= 1 + f * (j < 3 ? 1 : 0.2) + (u() - 0.5) * 0.01 * (j + 1);
        v[t * N + j] = t === 20 && j === 4 ? NaN : level[j];
      }
    }
    const p = Panel.fromRows(v, T, N, { index: days(T) });
    const expected = bruteRiskParity(p, 10, 0.7, null);
    // the penalty must matter somewhere, or the test would not check it
    const plain = bruteRiskParity(p, 10, 1, null);
    expect(expected.some((row, t) => row.some((x, j) => Math.abs(x - plain[t][j]) > 1e-6))).toBe(true);
    expectPanelClose(riskParity(p, { window: 10 }), expected, 1e-11, 'no selection');
    expectPanelClose(riskParity(p, { window: 10, backend: 'js' }), expected, 1e-11, 'js');
    const sel = randomSelection(52, p);
    expectPanelClose(riskParity(p, { window: 10, selection: sel }), bruteRiskParity(p, 10, 0.7, sel), 1e-11, 'selection');
    // weights sum to 1 on every row with an estimate
    const w = riskParity(p, { window: 10 });
    for (let t = 10; t < T; t++) expect(Array.from(w.row(t)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('riskParity(p, {selection: dualMomentum(p)}) weights at rows <= t do not change when prices after t change', () => {
    const p = walk(53, 30, 4);
    expectNoLookAhead((x) => riskParity(x, { window: 6 }), p, [7, 15, 28]);
    expectNoLookAhead((x) => riskParity(x, { window: 5, maxCorrelation: 0.3, selection: dualMomentum(x, { lookback: 3, topN: 2 }) }), p, [7, 15, 28]);
  });

  it('scaleLeverage(capPositions(...)) and equalWeight(...) stay look-ahead free when composed', () => {
    const p = walk(54, 30, 5);
    expectNoLookAhead((x) => scaleLeverage(capPositions(csm(x, { lookback: 4, topN: 2 }), 0.3), 1.5), p, [6, 18, 27]);
    expectNoLookAhead((x) => equalWeight(multiHorizonMomentum(x, { horizons: [2, 5], weights: [0.5, 0.5], topN: 3 })), p, [8, 18, 27]);
  });

  it('riskParity rejects bad windows, correlations, selections and unknown options', () => {
    const p = walk(55, 12, 3);
    expectThrows(() => riskParity(p), /riskParity: window 90 is not shorter than the history \(12 rows\)/);
    expectThrows(() => riskParity(p, { window: 4, maxCorrelation: 0 }), /riskParity: maxCorrelation must be in \(0, 1\], got 0/);
    expectThrows(() => riskParity(p, { window: 4, maxCorrelation: 1.2 }), /riskParity: maxCorrelation must be in \(0, 1\], got 1.2/);
    expectThrows(() => riskParity(p, { window: 4, selection: Panel.filled(12, 2, 1) }), /riskParity: selection is 12 x 2 but prices are 12 x 3/);
    expectThrows(() => riskParity(p, { window: 4, maxCorr: 0.5 } as never), /riskParity: unknown option 'maxCorr'; valid options are window, maxCorrelation, selection, backend/);
  });
});
