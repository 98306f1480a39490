import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import {
  Panel, InputError, bazSignal, fxTrend, readCsv, ecbToUsd, G10_CURRENCIES, BAZ_SEED_WEIGHTS, syntheticFx,
  fxCarryPrices, EM_CURRENCIES, backtest,
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

  it("fxTrend(G10, { portfolio: 'cross-sectional' }) on the ECB rates matches the row-by-row brute force, for leverage and grossLeverage", () => {
    const ecb = readCsv(readFileSync(ECB, 'utf8'), { order: 'descending', ignoreColumns: [''] });
    const fx = ecbToUsd(ecb, G10_CURRENCIES);
    const signals = fx.columns.map((_, j) => bruteBaz(Array.from(fx.column(j)), DEFAULT).signal);
    for (const sizing of [{ leverage: 5 }, { grossLeverage: 3 }]) {
      const w = fxTrend(fx, { portfolio: 'cross-sectional', ...sizing });
      expectClose(w.values, bruteBook(signals, fx.nRows, 'cross-sectional', sizing), 1e-9, `G10 cross-sectional ${JSON.stringify(sizing)}`);
      w.free();
    }
    const ts = fxTrend(fx, { grossLeverage: 3 });
    expectClose(ts.values, bruteBook(signals, fx.nRows, 'time-series', { grossLeverage: 3 }), 1e-9, 'G10 time-series gross 3');
  });

  it('fxTrend on the EM_CURRENCIES preset (currencies listing 1999-2011) keeps late currencies flat until their signal exists', () => {
    const ecb = readCsv(readFileSync(ECB, 'utf8'), { order: 'descending', ignoreColumns: [''] });
    const fx = ecbToUsd(ecb, EM_CURRENCIES);
    expect(fx.columns).toEqual(EM_CURRENCIES.map((c) => `${c}USD`));
    const w = fxTrend(fx, { portfolio: 'cross-sectional', grossLeverage: 1 });
    const ils = fx.columns.indexOf('ILSUSD');
    const first = Array.from(fx.column(ils)).findIndex((x) => !Number.isNaN(x));
    for (let t = 0; t < first + 313; t++) expect(w.values[t * fx.nCols + ils]).toBe(0);
    expect(w.values[(first + 400) * fx.nCols + ils]).not.toBe(0);
  });
});

/**
 * The cross-sectional / gross-scaled book by brute force over the rows, from per-column
 * brute-force signals: demean over the currencies with a valid signal (at least 2, else
 * flat), NaN -> 0, then either leverage / N or gross / sum |row|.
 */
function bruteBook(signals: number[][], T: number, portfolio: 'time-series' | 'cross-sectional', sizing: { leverage?: number; grossLeverage?: number }): number[] {
  const N = signals.length;
  const out: number[] = [];
  for (let t = 0; t < T; t++) {
    const valid = signals.map((s) => s[t]).filter((x) => !Number.isNaN(x));
    let centre = 0;
    if (portfolio === 'cross-sectional') centre = valid.length >= 2 ? valid.reduce((a, b) => a + b, 0) / valid.length : NaN;
    const row = signals.map((s) => (Number.isNaN(s[t] - centre) ? 0 : s[t] - centre));
    const gross = row.reduce((a, x) => a + Math.abs(x), 0);
    const k = sizing.grossLeverage !== undefined ? (gross > 0 ? sizing.grossLeverage / gross : 0) : sizing.leverage! / N;
    for (const x of row) out.push(k * x);
  }
  return out;
}

const CRYPTO = new URL('../fixtures/crypto12.csv', import.meta.url);

describe('fxTrend portfolios and sizing', () => {
  it("fxTrend(p, { portfolio: 'cross-sectional' }) on the crypto12 fixture (coins listing late) matches the row-by-row brute force, dollar-neutral", () => {
    const p = readCsv(readFileSync(CRYPTO, 'utf8'));
    const signals = p.columns.map((_, j) => bruteBaz(Array.from(p.column(j)), DEFAULT).signal);
    for (const sizing of [{ leverage: 5 }, { grossLeverage: 1 }]) {
      const w = fxTrend(p, { portfolio: 'cross-sectional', ...sizing });
      expectClose(w.values, bruteBook(signals, p.nRows, 'cross-sectional', sizing), 1e-9, `crypto ${JSON.stringify(sizing)}`);
      let checked = 0;
      for (let t = 400; t < p.nRows; t++) {
        const row = Array.from(w.values.subarray(t * p.nCols, (t + 1) * p.nCols));
        const net = row.reduce((a, b) => a + b, 0);
        expect(Math.abs(net)).toBeLessThan(1e-12);
        if ('grossLeverage' in sizing) expect(row.reduce((a, b) => a + Math.abs(b), 0)).toBeCloseTo(1, 12);
        checked++;
      }
      expect(checked).toBeGreaterThan(2000);
      w.free();
    }
    p.free();
  });

  it("fxTrend(p, { grossLeverage: 2 }) makes sum |w| exactly 2 on every row with a signal; leverage stays the signal multiplier 5 s / N", () => {
    const p = dated(walk(3, 500, 4));
    const s = bazSignal(p).signal;
    const g = fxTrend(p, { grossLeverage: 2 });
    const l = fxTrend(p, { leverage: 5 });
    for (let t = 313; t < 500; t++) {
      let gross = 0;
      for (let j = 0; j < 4; j++) {
        gross += Math.abs(g.values[t * 4 + j]);
        expect(l.values[t * 4 + j]).toBe((5 * s.values[t * 4 + j]) / 4);
        expect(Math.sign(g.values[t * 4 + j])).toBe(Math.sign(s.values[t * 4 + j]));
      }
      expect(gross).toBeCloseTo(2, 12);
    }
    for (let t = 0; t < 313; t++) for (let j = 0; j < 4; j++) expect(g.values[t * 4 + j]).toBe(0);
  });

  it("fxTrend(p, { portfolio: 'cross-sectional' }) has no look-ahead: perturbing prices after row t leaves weights at rows <= t unchanged", () => {
    const base = walk(11, 420, 5);
    const ref = fxTrend(base, { portfolio: 'cross-sectional', grossLeverage: 1 });
    for (const t of [330, 380, 418]) {
      const v = base.values.slice();
      for (let k = (t + 1) * 5; k < v.length; k++) v[k] *= 1.5;
      const out = fxTrend(Panel.fromRows(v, 420, 5), { portfolio: 'cross-sectional', grossLeverage: 1 });
      for (let k = 0; k < (t + 1) * 5; k++) expect(Object.is(out.values[k], ref.values[k])).toBe(true);
    }
  });

  it('fxTrend(p, opts) rejects both leverage and grossLeverage, an unknown portfolio and grossLeverage <= 0', () => {
    const p = walk(2, 400, 3);
    expect(errorOf(() => fxTrend(p, { leverage: 5, grossLeverage: 1 }))).toMatch(/not both/);
    expect(errorOf(() => fxTrend(p, { portfolio: 'ranked' as never }))).toMatch(/portfolio.*time-series.*cross-sectional/s);
    expect(errorOf(() => fxTrend(p, { grossLeverage: 0 }))).toMatch(/grossLeverage/);
  });
});

describe('fxCarryPrices(prices, carry)', () => {
  const D = (d: number): number => Date.UTC(2024, 0, d);
  const prices = (): Panel => Panel.fromColumns({ EUR: [1.1, 1.2, NaN, 1.0], JPY: [0.01, 0.01, 0.011, 0.011] }, { index: [D(1), D(2), D(3), D(4)] });

  it('fxCarryPrices accrues (1 + c)^(1/ppy) per bar on top of the spot ratio, across a missing price too (hand-computed)', () => {
    const c = Panel.fromColumns({ EUR: [0.02, 0.04, NaN, 0.01], JPY: [-0.05, -0.05, -0.05, -0.05] }, { index: [D(1), D(2), D(3), D(4)] });
    const out = fxCarryPrices(prices(), c, { periodsPerYear: 365 });
    const b = (x: number): number => (1 + x) ** (1 / 365);
    expectClose(out.column(0), [1.1, 1.2 * b(0.02), NaN, 1.2 * b(0.02) * (1.0 / 1.2) * b(0.04)], 1e-14, 'EUR');
    expectClose(out.column(1), [0.01, 0.01 * b(-0.05), 0.011 * b(-0.05) ** 2, 0.011 * b(-0.05) ** 3], 1e-14, 'JPY');
  });

  it('backtest on fxCarryPrices earns the held weight x (spot return and the bar\'s carry): w ((1 + r)(1 + c_bar) - 1)', () => {
    const spot = [1.1, 1.12, 1.09, 1.15, 1.14];
    const days = [D(1), D(2), D(3), D(4), D(5)];
    const p = Panel.fromColumns({ EUR: spot }, { index: days });
    const c = Panel.fromColumns({ EUR: [0.03, 0.03, -0.02, 0.05, 0.05] }, { index: days });
    const w = Panel.fromColumns({ EUR: [-0.5, -0.5, -0.5, -0.5, -0.5] }, { index: days });
    const r = backtest(fxCarryPrices(p, c, { periodsPerYear: 252 }), w, { allowShort: true, periodsPerYear: 252 });
    const carry = [0.03, 0.03, -0.02, 0.05, 0.05];
    for (let t = 1; t < 5; t++) {
      const want = -0.5 * ((spot[t] / spot[t - 1]) * (1 + carry[t - 1]) ** (1 / 252) - 1);
      expect(r.returns[t], `bar ${t}`).toBeCloseTo(want, 14);
    }
    r.weights.free();
    r.contribution.free();
  });

  it('fxCarryPrices names what does not match: currencies, dates, NaN carry on a priced row', () => {
    const idx = { index: [D(1), D(2), D(3), D(4)] };
    expect(errorOf(() => fxCarryPrices(prices(), Panel.fromColumns({ EUR: [0, 0, 0, 0], GBP: [0, 0, 0, 0] }, idx))))
      .toMatch(/missing from carry: JPY; not in the prices: GBP/);
    expect(errorOf(() => fxCarryPrices(prices(), Panel.fromColumns({ EUR: [0, 0, 0, 0], JPY: [0, 0, 0, 0] }, { index: [D(1), D(2), D(3), D(5)] }))))
      .toMatch(/row 3 is dated 2024-01-05.*2024-01-04/);
    expect(errorOf(() => fxCarryPrices(prices(), Panel.fromColumns({ EUR: [0, 0, 0, 0], JPY: [0, NaN, 0, 0] }, idx))))
      .toMatch(/carry of JPY is missing \(NaN\) on 2024-01-02/);
  });
});
