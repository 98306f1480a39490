import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import {
  InputError, Panel, backtest, deflatedSharpe, dualMomentum, expandGrid, expectedMaxSharpe, grid, normalCdf, pbo, probabilisticSharpe,
} from '../src/index.js';
import { normal, rng } from './helpers.js';

/** Standard normal CDF by composite Simpson integration of the density from -12 (independent of the library). */
function phiSimpson(x: number): number {
  const a = -12;
  const n = 200_000;
  const h = (x - a) / n;
  const f = (t: number): number => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let s = f(a) + f(x);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('normalCdf / probabilisticSharpe / expectedMaxSharpe / deflatedSharpe', () => {
  it('normalCdf(x) matches published values of the standard normal CDF to 1e-15', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(Math.abs(normalCdf(1.96) - 0.9750021048517795)).toBeLessThan(1e-15);
    expect(Math.abs(normalCdf(-1) - 0.15865525393145707)).toBeLessThan(1e-15);
    expect(Math.abs(normalCdf(3) - 0.9986501019683699)).toBeLessThan(1e-15);
    expect(Math.abs(normalCdf(-2.5) - phiSimpson(-2.5))).toBeLessThan(1e-12);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });

  it('probabilisticSharpe(sr, sr*, T, skew, kurt) is Z((sr - sr*) sqrt(T - 1) / sqrt(1 - skew sr + (kurt - 1) / 4 sr^2))', () => {
    // sr 0.1 over 101 normal returns: z = 1 / sqrt(1.005).
    expect(probabilisticSharpe(0.1, 0, 101)).toBeCloseTo(phiSimpson(1 / Math.sqrt(1.005)), 12);
    // Negative skew and fat tails widen the band: z = (0.1 - 0.05) * 10 / sqrt(1 + 0.2 + 9/4 * 0.01).
    expect(probabilisticSharpe(0.1, 0.05, 101, -2, 10)).toBeCloseTo(phiSimpson(0.5 / Math.sqrt(1.2225)), 12);
    expect(probabilisticSharpe(0.1, 0, 1)).toBeNaN();
  });

  it('deflatedSharpe reproduces the numerical example of Bailey & Lopez de Prado (2014): SR0 = 0.1132, DSR = 0.9004', () => {
    // 100 trials, annualised variance of the trials' Sharpe 1/2, best annualised Sharpe 2.5 over
    // five years of daily returns (T = 1250, 250 a year), skew -3, kurtosis 10.
    const r = deflatedSharpe({ sharpe: 2.5 / Math.sqrt(250), nObs: 1250, trials: 100, sharpeVariance: 0.5 / 250, skew: -3, kurtosis: 10 });
    expect(r.expectedMaxSharpe).toBeCloseTo(0.1132, 4);
    expect(r.dsr).toBeCloseTo(0.9004, 4);
    // The same z computed by hand from SR0.
    const z = ((2.5 / Math.sqrt(250) - r.expectedMaxSharpe) * Math.sqrt(1249)) / Math.sqrt(1 + 3 * (2.5 / Math.sqrt(250)) + (9 / 4) * (2.5 ** 2 / 250));
    expect(r.dsr).toBeCloseTo(phiSimpson(z), 12);
  });

  it('expectedMaxSharpe grows with the number of trials and is the mean for one trial', () => {
    expect(expectedMaxSharpe(1, 0.01)).toBe(0);
    const e10 = expectedMaxSharpe(10, 1);
    const e100 = expectedMaxSharpe(100, 1);
    expect(e10).toBeGreaterThan(1.5);
    expect(e100).toBeGreaterThan(e10);
    // Scales with the standard deviation of the trials' Sharpe ratios.
    expect(expectedMaxSharpe(100, 4)).toBeCloseTo(2 * e100, 14);
    expect(() => deflatedSharpe({ sharpe: 0.1, nObs: 1, trials: 5, sharpeVariance: 0.01 })).toThrow(InputError);
  });
});

/**
 * Four strategies over two blocks of two rows; every row pair is [m - 0.01, m + 0.01], so
 * each block's Sharpe is m / 0.0141421.
 *   block 0 means: A .03, B -.02, C .01, D 0   -> ascending ranks B D C A
 *   block 1 means: A .01, B .04, C -.01, D 0   -> ascending ranks C D A B
 * Train block 0: the best is A, third of four in block 1: w = 3/5, logit ln(1.5) > 0.
 * Train block 1: the best is B, worst in block 0: w = 1/5, logit ln(0.25) <= 0.
 */
const HAND = {
  A: [0.02, 0.04, 0.0, 0.02],
  B: [-0.03, -0.01, 0.03, 0.05],
  C: [0.0, 0.02, -0.02, 0.0],
  D: [-0.01, 0.01, -0.01, 0.01],
};

/** Brute-force CSCV: concatenate the chosen blocks' rows, Sharpe by its definition, average ranks. */
function cscvBrute(cols: Float64Array[], S: number): { pbo: number; logits: number[] } {
  const T = cols[0].length;
  const drop = T % S;
  const sub = (T - drop) / S;
  const sharpeOf = (x: number[]): number => {
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
    return m / Math.sqrt(v);
  };
  const rowsOf = (blocks: number[]): number[] => blocks.flatMap((b) => Array.from({ length: sub }, (_, k) => drop + b * sub + k));
  const logits: number[] = [];
  const choose = (from: number, picked: number[]): void => {
    if (picked.length === S / 2) {
      const test = Array.from({ length: S }, (_, b) => b).filter((b) => !picked.includes(b));
      const is = cols.map((c) => sharpeOf(rowsOf(picked).map((t) => c[t])));
      const oos = cols.map((c) => sharpeOf(rowsOf(test).map((t) => c[t])));
      const best = is.indexOf(Math.max(...is));
      const v = oos[best];
      const rank = oos.filter((x) => x < v).length + (oos.filter((x) => x === v).length + 1) / 2;
      const w = rank / (cols.length + 1);
      logits.push(Math.log(w / (1 - w)));
      return;
    }
    for (let b = from; b < S; b++) choose(b + 1, [...picked, b]);
  };
  choose(0, []);
  return { pbo: logits.filter((l) => l <= 0).length / logits.length, logits };
}

describe('pbo (CSCV)', () => {
  it('pbo(returns, { S: 2 }) on a hand-built case: logits ln(1.5) and ln(0.25), PBO 1/2', () => {
    const r = pbo(Object.values(HAND), { S: 2 });
    expect(r.combinations).toBe(2);
    expect(Array.from(r.logits)).toEqual([Math.log(0.6 / 0.4), Math.log(0.2 / 0.8)].map((x) => expect.closeTo(x, 14)) as unknown as number[]);
    expect(r.pbo).toBe(0.5);
    expect(r.probOosLoss).toBe(0.5);
    expect(r.isSharpe[0]).toBeCloseTo(0.03 / Math.sqrt(0.0002), 12);
    expect(r.oosSharpe[1]).toBeCloseTo(-0.02 / Math.sqrt(0.0002), 12);
  });

  it('drops the oldest T mod S rows, and reads a Panel (dates x trials) or a time-major matrix the same way', () => {
    const cols = Object.values(HAND).map((c) => [0.5, ...c]); // an extra, wild first row
    const a = pbo(cols, { S: 2 });
    expect(a.nObs).toBe(4);
    expect(a.pbo).toBe(0.5);
    const values = new Float64Array(5 * 4);
    cols.forEach((c, n) => c.forEach((x, t) => (values[t * 4 + n] = x)));
    expect(Array.from(pbo({ values, nRows: 5, nCols: 4 }, { S: 2 }).logits)).toEqual(Array.from(a.logits));
    const p = Panel.fromRows(values, 5, 4);
    expect(Array.from(pbo(p, { S: 2 }).logits)).toEqual(Array.from(a.logits));
    p.free();
  });

  it('agrees with a brute-force CSCV (concatenated rows, all C(S, S/2) combinations) on random trials', () => {
    const z = normal(rng(99));
    const cols = Array.from({ length: 7 }, (_, n) => Float64Array.from({ length: 63 }, () => 0.01 * z() + 0.0005 * n));
    const got = pbo(cols, { S: 6 });
    const want = cscvBrute(cols, 6);
    expect(got.combinations).toBe(20);
    expect(got.pbo).toBe(want.pbo);
    Array.from(got.logits).forEach((l, c) => expect(l).toBeCloseTo(want.logits[c], 9));
  });

  it('is high for skill-less trials and low when one trial has a persistent edge', () => {
    const z = normal(rng(5));
    const noise = Array.from({ length: 20 }, () => Float64Array.from({ length: 480 }, () => 0.01 * z()));
    const p0 = pbo(noise, { S: 8 }).pbo;
    expect(p0).toBeGreaterThan(0.3);
    const edge = noise.map((c, n) => (n === 4 ? c.map((x) => x + 0.004) : c));
    expect(pbo(edge, { S: 8 }).pbo).toBeLessThan(0.05);
  });

  it('rejects an odd S, too few rows and non-finite returns', () => {
    expect(() => pbo(Object.values(HAND), { S: 3 })).toThrow(/S must be an even integer/);
    expect(() => pbo(Object.values(HAND), { S: 6 })).toThrow(/too few for S = 6/);
    expect(() => pbo([[0.1, NaN, 0.2, 0.1], [0, 0, 0, 0]], { S: 2 })).toThrow(/non-finite return/);
  });
});

describe('grid overfitting statistics', () => {
  const table = tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url)));
  const prices = Panel.fromArrow(table.slice(0, 700));
  const spec = 'strategy=dualMomentum lookback=20,40,80,160 topN=1,2,4 rebalance=weekly';

  it('grid(..., { cscv }) is pbo() of the points\' backtest returns, and the deflated Sharpe uses every point as a trial', async () => {
    const r = await grid(spec, prices, { workers: 0, progress: false, cscv: { S: 8 } });
    const g = expandGrid(spec);
    // CSCV over every row (the points' returns row-aligned); the Sharpe ratios over each
    // point's evaluation sample, from the first row whose targets hold anything.
    const samples: Float64Array[] = [];
    const returns = Array.from({ length: g.count }, (_, i) => {
      const { lookback, topN } = g.params(i);
      const w = dualMomentum(prices, { lookback: lookback as number, topN: topN as number });
      const b = backtest(prices, w, { rebalance: { every: 'week', weekday: 1 }, includeWarmup: true });
      let start = 0;
      while (start < w.nRows && !w.row(start).some((v) => v !== 0)) start++;
      samples.push(b.returns.slice(start));
      w.free();
      b.weights.free();
      b.contribution.free();
      return b.returns;
    });
    const want = pbo(returns, { S: 8 });
    expect(r.pbo!.pbo).toBe(want.pbo);
    expect(Array.from(r.pbo!.logits)).toEqual(Array.from(want.logits));
    // Deflated Sharpe: per-period Sharpe of every point, their variance (ddof 1), the best
    // point's skew and kurtosis (pandas' bias-corrected skew, kurt + 3).
    const sr = samples.map((x) => {
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      return m / Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
    });
    const best = sr.indexOf(Math.max(...sr));
    expect(r.best!.point).toBe(best);
    const mean = sr.reduce((a, b) => a + b, 0) / sr.length;
    const variance = sr.reduce((a, b) => a + (b - mean) ** 2, 0) / (sr.length - 1);
    const x = samples[best];
    const n = x.length;
    const m = x.reduce((a, b) => a + b, 0) / n;
    const m2 = x.reduce((a, b) => a + (b - m) ** 2, 0);
    const m3 = x.reduce((a, b) => a + (b - m) ** 3, 0);
    const m4 = x.reduce((a, b) => a + (b - m) ** 4, 0);
    const skew = ((n * Math.sqrt(n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
    const kurt = (n * (n + 1) * (n - 1) * m4) / ((n - 2) * (n - 3) * m2 * m2) - (3 * (n - 1) ** 2) / ((n - 2) * (n - 3)) + 3;
    const d = r.deflatedSharpe!;
    expect(d.trials).toBe(12);
    expect(d.nObs).toBe(n);
    expect(d.sharpe).toBeCloseTo(sr[best], 12);
    expect(d.sharpeVariance).toBeCloseTo(variance, 14);
    expect(d.skew).toBeCloseTo(skew, 9);
    expect(d.kurtosis).toBeCloseTo(kurt, 9);
    expect(d.dsr).toBeCloseTo(deflatedSharpe({ sharpe: sr[best], nObs: n, trials: 12, sharpeVariance: variance, skew, kurtosis: kurt }).dsr, 9);
  });

  it('refuses cscv when the per-point returns would exceed maxBytes, before any work', async () => {
    await expect(grid(spec, prices, { workers: 0, progress: false, cscv: { S: 8, maxBytes: 1000 } }))
      .rejects.toThrow(/cscv keeps every point's returns: 12 points x 700 rows x 8 bytes = 0 MiB, above the limit of 0 MiB/);
  });
});
