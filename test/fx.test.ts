import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import {
  Panel, InputError, bazSignal, fxTrend, readCsv, ecbToUsd, G10_CURRENCIES, BAZ_SEED_WEIGHTS, syntheticFx,
} from '../src/index.js';
import { errorOf, expectClose, randomValues, rng } from './helpers.js';

/**
 * pandas ewm(alpha, adjust=True, ignore_na=False).mean() by its definition: the
 * weighted average of the observed values with weight (1 - alpha)^(t - i), kept as a
 * running numerator and denominator (NaN rows add nothing but still age the weights).
 */
function bruteEwm(x: number[], alpha: number): number[] {
  let num = 0;
  let den = 0;
  return x.map((v) => {
    num *= 1 - alpha;
    den *= 1 - alpha;
    if (!Number.isNaN(v)) {
      num += v;
      den += 1;
    }
    return den > 0 ? num / den : NaN;
  });
}

/** pandas rolling(w).std() (ddof 1, min_periods w) by two passes over each window. */
function bruteStd(x: number[], w: number): number[] {
  return x.map((_, t) => {
    if (t < w - 1) return NaN;
    const win = x.slice(t - w + 1, t + 1);
    if (win.some(Number.isNaN)) return NaN;
    const m = win.reduce((s, v) => s + v, 0) / w;
    return Math.sqrt(win.reduce((s, v) => s + (v - m) ** 2, 0) / (w - 1));
  });
}

interface Spec { pairs: [number, number][]; weights: number[]; wP: number; wY: number }
const DEFAULT: Spec = { pairs: [[8, 24], [16, 48], [32, 96]], weights: [1 / 3, 1 / 3, 1 / 3], wP: 63, wY: 252 };

/** Baz et al. from DOMAIN.md, one column at a time, from the brute-force pieces above. */
function bruteBaz(price: number[], s: Spec): { x: number[][]; y: number[][]; z: number[][]; u: number[][]; signal: number[] } {
  const sdP = bruteStd(price, s.wP);
  const out = { x: [] as number[][], y: [] as number[][], z: [] as number[][], u: [] as number[][], signal: price.map(() => 0) };
  s.pairs.forEach(([S, L], k) => {
    const fast = bruteEwm(price, 1 / S);
    const slow = bruteEwm(price, 1 / L);
    const x = fast.map((f, t) => f - slow[t]);
    const y = x.map((v, t) => v / sdP[t]);
    const sdY = bruteStd(y, s.wY);
    const z = y.map((v, t) => v / sdY[t]);
    const u = z.map((v) => (v * Math.exp((-v * v) / 4)) / 0.89);
    out.signal = out.signal.map((acc, t) => acc + s.weights[k] * u[t]);
    out.x.push(x);
    out.y.push(y);
    out.z.push(z);
    out.u.push(u);
  });
  return out;
}

function checkAgainstBrute(prices: Panel, spec: Spec, options: object, tol: number): void {
  const b = bazSignal(prices, options);
  for (let j = 0; j < prices.nCols; j++) {
    const ref = bruteBaz(Array.from(prices.column(j)), spec);
    const c = prices.columns[j];
    spec.pairs.forEach((_, k) => {
      expectClose(b.x[k].column(j), ref.x[k], tol, `${c} x[${k}]`);
      expectClose(b.y[k].column(j), ref.y[k], tol, `${c} y[${k}]`);
      expectClose(b.z[k].column(j), ref.z[k], tol, `${c} z[${k}]`);
      expectClose(b.u[k].column(j), ref.u[k], tol, `${c} u[${k}]`);
    });
    expectClose(b.signal.column(j), ref.signal, tol, `${c} signal`);
  }
}

const walk = (seed: number, T: number, N: number): Panel => Panel.fromRows(randomValues(seed, { nRows: T, nCols: N, nanRate: 0, lateRate: 0, allNanRate: 0 }), T, N);
const dated = (p: Panel): Panel => {
  const d = Array.from({ length: p.nRows }, (_, t) => Date.UTC(2000, 0, 3 + t));
  return Panel.fromRows(p.values, p.nRows, p.nCols, { columns: p.columns, index: d });
};

describe('bazSignal', () => {
  it('bazSignal uses alpha = 1/n (not span n): x by hand on a 5-row series', () => {
    const p = Panel.fromColumns({ a: [1, 2, 4, 3, 5] });
    const b = bazSignal(p, { pairs: [[8, 24]], priceStdWindow: 2, signalStdWindow: 2 });
    // adjusted EWMA at row 1: (x1 + (1 - a) x0) / (1 + (1 - a)), a = 1/8 and 1/24
    const e8 = (2 + (7 / 8) * 1) / (1 + 7 / 8);
    const e24 = (2 + (23 / 24) * 1) / (1 + 23 / 24);
    expect(b.x[0].get(0, 0)).toBe(0);
    expect(b.x[0].get(1, 0)).toBeCloseTo(e8 - e24, 15);
    // with span 8 (alpha 2/9) the value would differ in the third digit
    expect(Math.abs(b.x[0].get(1, 0) - ((2 + (7 / 9)) / (16 / 9) - e24))).toBeGreaterThan(1e-3);
    // y at row 1 = x / std(1, 2) = x / sqrt(0.5)
    expect(b.y[0].get(1, 0)).toBeCloseTo((e8 - e24) / Math.SQRT1_2, 14);
    expect(Number.isNaN(b.y[0].get(0, 0))).toBe(true);
  });

  it('bazSignal(prices, small windows) matches a brute-force Baz with late listings and a gap', () => {
    const T = 120;
    const v = randomValues(11, { nRows: T, nCols: 3, nanRate: 0, lateRate: 0, allNanRate: 0 });
    for (let t = 0; t < 15; t++) v[t * 3 + 2] = NaN; // column 2 lists at row 15
    v[50 * 3 + 1] = NaN; // a missing price in column 1
    const p = Panel.fromRows(v, T, 3);
    const spec: Spec = { pairs: [[2, 6], [4, 12]], weights: [0.7, 0.3], wP: 10, wY: 20 };
    checkAgainstBrute(p, spec, { pairs: spec.pairs, weights: spec.weights, priceStdWindow: 10, signalStdWindow: 20 }, 1e-10);
  });

  it('bazSignal(prices) with the defaults matches the brute force; NaN for the first 313 rows, then finite', () => {
    const p = walk(5, 420, 3);
    checkAgainstBrute(p, DEFAULT, {}, 1e-10);
    const s = bazSignal(p).signal;
    for (let j = 0; j < 3; j++) {
      const c = s.column(j);
      expect(c.slice(0, 313).every(Number.isNaN)).toBe(true);
      expect(c.slice(313).every(Number.isFinite)).toBe(true);
    }
  });

  it("bazSignal(prices, { weights: the seed's 0.2/0.5/0.3 }) weights the three responses", () => {
    const p = walk(6, 400, 2);
    checkAgainstBrute(p, { ...DEFAULT, weights: [...BAZ_SEED_WEIGHTS] }, { weights: BAZ_SEED_WEIGHTS }, 1e-10);
  });

  it("bazSignal gives the same values with backend 'wasm' and 'js'", () => {
    const p = walk(7, 500, 5);
    const a = bazSignal(p, { backend: 'wasm' });
    const b = bazSignal(p, { backend: 'js' });
    expectClose(a.signal.values.slice(), b.signal.values.slice(), 1e-12, 'signal');
  });

  it('bazSignal rejects unknown options, bad pairs and weights, short histories and non-positive prices', () => {
    const p = dated(walk(8, 400, 2));
    expect(errorOf(() => bazSignal(p, { window: 3 } as never))).toContain("unknown option 'window'");
    expect(errorOf(() => bazSignal(p, { pairs: [[24, 8]] }))).toContain('pairs[0]');
    expect(errorOf(() => bazSignal(p, { pairs: [[8, 24]], weights: [0.5, 0.5] }))).toContain('1 numbers');
    expect(errorOf(() => bazSignal(walk(8, 313, 2)))).toContain('313 rows');
    const v = p.values.slice();
    v[120 * 2 + 1] = 0;
    const bad = Panel.fromRows(v, 400, 2, { columns: ['EURUSD', 'JPYUSD'], index: p.index });
    const m = errorOf(() => bazSignal(bad));
    expect(m).toContain("'JPYUSD'");
    expect(m).toContain('2000-05-02'); // row 120 after 2000-01-03
  });
});

describe('fxTrend', () => {
  it('fxTrend(prices) = 5 * signal / N where the signal exists, 0 (flat) in the warm-up', () => {
    const p = walk(9, 400, 4);
    const s = bazSignal(p).signal;
    const w = fxTrend(p);
    let n = 0;
    for (let i = 0; i < s.size; i++) {
      const e = Number.isNaN(s.values[i]) ? 0 : (5 * s.values[i]) / 4;
      expect(Object.is(w.values[i], e)).toBe(true);
      if (e !== 0) n++;
    }
    expect(n).toBe((400 - 313) * 4);
    const w2 = fxTrend(p, { leverage: 2, weights: BAZ_SEED_WEIGHTS });
    const s2 = bazSignal(p, { weights: BAZ_SEED_WEIGHTS }).signal;
    expect(w2.get(399, 1)).toBe((2 * s2.get(399, 1)) / 4);
    expect(errorOf(() => fxTrend(p, { leverage: 0 }))).toContain('leverage');
    expect(errorOf(() => fxTrend(p, { lev: 5 } as never))).toContain("unknown option 'lev'");
  });

  it('fxTrend on the synthetic fx10 market: daily long/short weights bounded by leverage / N', () => {
    const p = syntheticFx({ start: '2015-01-01', end: '2018-12-31' });
    const w = fxTrend(p);
    const bound = 5 / 10 / 0.89 * Math.SQRT2 * Math.exp(-0.5); // max |u| = sqrt(2) e^(-1/2) / 0.89
    let longs = 0;
    let shorts = 0;
    let max = 0;
    for (const x of w.values) {
      max = Math.max(max, Math.abs(x));
      if (x > 0) longs++;
      if (x < 0) shorts++;
    }
    expect(max).toBeLessThanOrEqual(bound + 1e-15);
    expect(longs).toBeGreaterThan(0);
    expect(shorts).toBeGreaterThan(0);
  });
});

describe('look-ahead', () => {
  for (const [name, run] of [
    ['fxTrend', (p: Panel) => fxTrend(p)],
    ['bazSignal', (p: Panel) => bazSignal(p).signal],
  ] as const) {
    it(`${name}: perturbing every price after row t leaves rows <= t bit-identical`, () => {
      const T = 450;
      const N = 3;
      const base = walk(21, T, N);
      const ref = run(base);
      const u = rng(5);
      for (const t of [320, 360, 420]) {
        const v = base.values.slice();
        for (let k = (t + 1) * N; k < v.length; k++) v[k] *= Math.exp(0.2 * (u() - 0.5));
        const out = run(Panel.fromRows(v, T, N));
        for (let k = 0; k < (t + 1) * N; k++) if (!Object.is(out.values[k], ref.values[k])) expect.fail(`t=${t}: cell ${k} changed`);
        let later = false;
        for (let k = (t + 1) * N; k < v.length; k++) if (!Object.is(out.values[k], ref.values[k])) later = true;
        expect(later).toBe(true);
      }
    });
  }
});

const ECB = new URL('../../shared/data/ecb_eurofxref_hist.csv', import.meta.url);

describe.skipIf(!existsSync(ECB))('real data: G10 rates from ../shared/data (skipped when the folder is absent: it is not part of this repository)', () => {
  it('bazSignal on the ECB G10 rates (foreign/USD) matches the brute force; fxTrend = 5 signal / 9', () => {
    const ecb = readCsv(readFileSync(ECB, 'utf8'), { order: 'descending', ignoreColumns: [''] });
    const fx = ecbToUsd(ecb, G10_CURRENCIES);
    expect(fx.nRows).toBe(6747);
    checkAgainstBrute(fx, DEFAULT, {}, 1e-9);
    const s = bazSignal(fx).signal;
    const w = fxTrend(fx);
    for (let i = 313 * 9; i < s.size; i += 97) expect(w.values[i]).toBe((5 * s.values[i]) / 9);
  });
});
