import { describe, expect, it } from 'vitest';
import { Float64, vectorFromArray } from 'apache-arrow';
import {
  compareMetrics, DEFAULT_EVENTS, drawdownSeries, drawdownTable, InputError, METRIC_PROFILES, metrics,
  regimeSplit, rollingSharpe, rollingVolatility,
} from '../src/index.js';
import { expectClose, normal, rng } from './helpers.js';

const DAY = 86_400_000;
const SQRT252 = Math.sqrt(252);

/** Naive (loop, in-order) mean and sample std: an implementation independent of src/. */
function naiveMean(a: number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}
function naiveStd(a: number[], ddof = 1): number {
  const m = naiveMean(a);
  let s = 0;
  for (const v of a) s += (v - m) ** 2;
  return Math.sqrt(s / (a.length - ddof));
}

/** |actual - expected| <= tol * |expected| (for large numbers such as a compounded CAGR). */
function expectRel(actual: number, expected: number, tol = 1e-13): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.abs(expected));
}

/** Seeded daily returns, N(mu, sigma). */
function randomReturns(seed: number, n: number, mu = 0.0005, sigma = 0.01): number[] {
  const z = normal(rng(seed));
  return Array.from({ length: n }, () => mu + sigma * z());
}

/** Consecutive calendar days (a 7-day crypto calendar) from a UTC date. */
function calendarDays(n: number, start = Date.UTC(2020, 0, 1)): number[] {
  return Array.from({ length: n }, (_, t) => start + t * DAY);
}

describe('metrics: returns, volatility, Sharpe, Sortino', () => {
  // r = [0.1, -0.05, 0.02]: wealth 1.1 * 0.95 * 1.02 = 1.0659.
  // mean = 0.07 / 3; deviations 0.23/3, -0.22/3, -0.01/3; sum of squares = 0.1014 / 9,
  // so var(ddof=1) = 0.1014 / 18.
  const r = [0.1, -0.05, 0.02];

  it('metrics(r) gives total return prod(1 + r) - 1 and CAGR wealth^(252 / n) - 1', () => {
    const m = metrics(r, { periodsPerYear: 252 });
    expect(m.totalReturn).toBeCloseTo(0.0659, 15);
    expectRel(m.cagr, 1.0659 ** (252 / 3) - 1);
    expect(m.nPeriods).toBe(3);
  });

  it('metrics(r) gives annual volatility std(ddof=1) * sqrt(252)', () => {
    expect(metrics(r).annualVolatility).toBeCloseTo(Math.sqrt(0.1014 / 18) * SQRT252, 14);
  });

  it('metrics(r) gives Sharpe mean / std(ddof=1) * sqrt(252) (empyrical sharpe_ratio)', () => {
    expect(metrics(r).sharpe).toBeCloseTo((0.07 / 3) / Math.sqrt(0.1014 / 18) * SQRT252, 13);
  });

  it('metrics(r, {riskFree}) subtracts a per-period risk-free rate before the Sharpe ratio', () => {
    // r - rf has the same std; the mean drops by rf.
    const rf = 0.001;
    expect(metrics(r, { riskFree: rf }).sharpe).toBeCloseTo((0.07 / 3 - rf) / Math.sqrt(0.1014 / 18) * SQRT252, 12);
  });

  it('metrics(r) gives Sortino with downside deviation sqrt(mean(min(r, 0)^2)) over all periods', () => {
    // min(r, 0) = [0, -0.05, 0]: mean square = 0.0025 / 3.
    // Sortino = mean * 252 / (sqrt(0.0025 / 3) * sqrt(252)).
    const m = metrics(r);
    expect(m.downsideRisk).toBeCloseTo(Math.sqrt(0.0025 / 3) * SQRT252, 14);
    expect(m.sortino).toBeCloseTo(((0.07 / 3) * 252) / (Math.sqrt(0.0025 / 3) * SQRT252), 12);
  });

  it('metrics(r, {requiredReturn}) measures the Sortino ratio against that threshold', () => {
    // req = 0.02: r - req = [0.08, -0.07, 0]; mean = 0.01 / 3; downside mean square = 0.0049 / 3.
    const m = metrics(r, { requiredReturn: 0.02 });
    expect(m.sortino).toBeCloseTo(((0.01 / 3) * 252) / (Math.sqrt(0.0049 / 3) * SQRT252), 12);
  });

  it('metrics agrees with the empyrical formulas on a 500-bar random series', () => {
    const x = randomReturns(11, 500);
    const m = metrics(x, { periodsPerYear: 365 });
    let w = 1;
    for (const v of x) w *= 1 + v;
    expect(m.cagr).toBeCloseTo(w ** (1 / (500 / 365)) - 1, 12);
    expect(m.annualVolatility).toBeCloseTo(naiveStd(x) * Math.sqrt(365), 13);
    expect(m.sharpe).toBeCloseTo(naiveMean(x) / naiveStd(x) * Math.sqrt(365), 11);
    const down = naiveMean(x.map((v) => Math.min(v, 0) ** 2));
    expect(m.sortino).toBeCloseTo((naiveMean(x) * 365) / (Math.sqrt(down) * Math.sqrt(365)), 11);
  });
});

describe('metrics: drawdown', () => {
  it('metrics(r) finds the max drawdown, its peak, trough, recovery and duration in bars', () => {
    // wealth 1.1, 0.88, 0.924, 1.1088, 1.097712: peak row 0 (1.1), trough row 1 (-20%),
    // back above 1.1 at row 3 -> duration 3 bars; a second 1% dip from row 3 to the end (1 bar).
    const m = metrics([0.1, -0.2, 0.05, 0.2, -0.01]);
    expect(m.maxDrawdown).toBeCloseTo(-0.2, 15);
    expect([m.maxDrawdownPeak, m.maxDrawdownTrough, m.maxDrawdownRecovery]).toEqual([0, 1, 3]);
    expect(m.maxDrawdownDuration).toBe(3);
    expect(m.longestDrawdownDuration).toBe(3);
  });

  it('metrics(r) counts the start as a peak: a first-bar loss is a drawdown from wealth 1', () => {
    // wealth 0.9, 0.945, 1.0395: peak = the start (row -1), trough row 0, recovered at row 2.
    const m = metrics([-0.1, 0.05, 0.1]);
    expect(m.maxDrawdown).toBeCloseTo(-0.1, 15);
    expect(m.maxDrawdownPeak).toBe(-1);
    expect(m.maxDrawdownTrough).toBe(0);
    expect(m.maxDrawdownRecovery).toBe(2);
    expect(m.maxDrawdownDuration).toBe(3);
  });

  it('metrics(r) measures an unrecovered drawdown to the last bar and reports its dates', () => {
    // wealth 1.05, 1.1025, 0.99225, 1.0418625 (< 1.1025): peak row 1, trough row 2, no recovery.
    const dates = calendarDays(4);
    const m = metrics([0.05, 0.05, -0.1, 0.05], { dates });
    expect(m.maxDrawdown).toBeCloseTo(-0.1, 15);
    expect(m.maxDrawdownRecovery).toBeNaN();
    expect(m.maxDrawdownDuration).toBe(3 - 1);
    expect(m.maxDrawdownPeakDate).toBe(dates[1]);
    expect(m.maxDrawdownTroughDate).toBe(dates[2]);
    expect(m.maxDrawdownRecoveryDate).toBeNaN();
  });

  it('metrics(r) gives Calmar CAGR / |max drawdown|, and NaN when there is no drawdown', () => {
    const r = [0.1, -0.2, 0.05, 0.2, -0.01];
    const w = 1.1 * 0.8 * 1.05 * 1.2 * 0.99;
    expect(metrics(r).calmar).toBeCloseTo((w ** (252 / 5) - 1) / 0.2, 10);
    const up = metrics([0.01, 0.02]);
    expect(up.maxDrawdown).toBe(0);
    expect(up.calmar).toBeNaN();
    expect(up.maxDrawdownDuration).toBe(0);
  });

  it('drawdownSeries(r) is wealth / running peak - 1 with the start as a peak; NaN bars stay NaN', () => {
    // wealth 1.1, 0.88, (NaN: unchanged), 0.924, 1.1088, 1.097712.
    const dd = drawdownSeries(new Float64Array([0.1, -0.2, NaN, 0.05, 0.2, -0.01]));
    expectClose(dd, [0, 0.88 / 1.1 - 1, NaN, 0.924 / 1.1 - 1, 0, 1.097712 / 1.1088 - 1], 1e-13);
    expectClose(drawdownSeries([-0.1]), [-0.1], 1e-15);
  });
});

describe('metrics: NaN, empty, one element, zero volatility', () => {
  it('metrics(r) drops NaN returns before computing and keeps drawdown rows in input terms', () => {
    const a = metrics([0.1, NaN, -0.05, 0.02]);
    const b = metrics([0.1, -0.05, 0.02]);
    expect(a.nPeriods).toBe(3);
    expect(a.nMissing).toBe(1);
    for (const k of ['totalReturn', 'cagr', 'annualVolatility', 'sharpe', 'sortino', 'maxDrawdown', 'valueAtRisk', 'skew'] as const) {
      expect(a[k], k).toBe(b[k]);
    }
    // Peak at row 0, trough at input row 2 (row 1 is the NaN), never recovered: 3 - 1 - 0 = 3 bars.
    expect(a.maxDrawdownTrough).toBe(2);
    expect(a.maxDrawdownDuration).toBe(3);
  });

  it('metrics(Arrow Vector) reads nulls as missing returns', () => {
    const v = vectorFromArray([0.1, null, -0.05, 0.02], new Float64());
    const m = metrics(v);
    expect(m.nMissing).toBe(1);
    expect(m.totalReturn).toBeCloseTo(0.0659, 15);
  });

  it('metrics([]) returns NaN statistics without throwing', () => {
    const m = metrics([]);
    expect(m.nPeriods).toBe(0);
    for (const k of ['totalReturn', 'cagr', 'annualVolatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'valueAtRisk',
      'conditionalValueAtRisk', 'hitRate', 'skew', 'kurtosis', 'tailRatio', 'omega', 'stability'] as const) {
      expect(m[k], k).toBeNaN();
    }
  });

  it('metrics([x]) defines only the one-bar statistics (no volatility, Sharpe or moments)', () => {
    const m = metrics([-0.03]);
    expect(m.totalReturn).toBeCloseTo(-0.03, 15);
    expect(m.cagr).toBeCloseTo(0.97 ** 252 - 1, 12);
    expect(m.maxDrawdown).toBeCloseTo(-0.03, 15);
    expect(m.maxDrawdownDuration).toBe(1);
    expect(m.valueAtRisk).toBe(-0.03);
    for (const k of ['annualVolatility', 'sharpe', 'sortino', 'skew', 'kurtosis', 'omega', 'stability'] as const) {
      expect(m[k], k).toBeNaN();
    }
  });

  it('metrics(constant returns) gives zero volatility and NaN (never Infinity) Sharpe and Sortino', () => {
    const m = metrics([0.01, 0.01, 0.01, 0.01, 0.01]);
    expect(m.annualVolatility).toBe(0);
    expect(m.sharpe).toBeNaN();
    expect(m.sortino).toBeNaN();
    expect(m.calmar).toBeNaN();
    expect(m.skew).toBe(0); // pandas' rule for zero variance
    expect(m.kurtosis).toBe(0);
    expect(m.stability).toBeCloseTo(1, 14); // cumulative log returns on a straight line
    const z = metrics([0, 0, 0]);
    expect(z.sharpe).toBeNaN();
    expect(z.hitRate).toBeNaN();
    expect(z.profitFactor).toBeNaN();
    for (const v of Object.values(metrics([0.02, 0.02, 0.03]))) {
      if (typeof v === 'number') expect(Math.abs(v)).not.toBe(Infinity);
    }
  });
});

describe('metrics: VaR, CVaR, tail ratio', () => {
  // 20 returns, given shuffled; sorted: s0 = -0.10, s1 = -0.08, ..., s18 = 0.07, s19 = 0.09.
  const sortedR = [-0.1, -0.08, -0.06, -0.05, -0.04, -0.03, -0.02, -0.015, -0.01, -0.005,
    0, 0.005, 0.01, 0.02, 0.025, 0.03, 0.04, 0.05, 0.07, 0.09];
  const shuffled = [0.03, -0.05, 0.09, -0.1, 0.005, 0.02, -0.015, 0.05, -0.08, 0, 0.07, -0.03, 0.01, -0.06, 0.025,
    -0.005, 0.04, -0.02, -0.04, -0.01];

  it('metrics(r) gives historical VaR = np.percentile(r, 5), linear interpolation', () => {
    // virtual index (20 - 1) * 0.05 = 0.95: s0 + 0.95 (s1 - s0) = -0.10 + 0.95 * 0.02 = -0.081.
    expect(shuffled.slice().sort((a, b) => a - b)).toEqual(sortedR);
    expect(metrics(shuffled).valueAtRisk).toBeCloseTo(-0.081, 15);
  });

  it('metrics(r) gives CVaR = mean of the returns at or below VaR', () => {
    // Only s0 = -0.10 is <= -0.081.
    expect(metrics(shuffled).conditionalValueAtRisk).toBeCloseTo(-0.1, 15);
    // 41 returns: index 40 * 0.05 = 2 exactly -> VaR = s2; CVaR = mean(s0, s1, s2).
    const r41 = Array.from({ length: 41 }, (_, i) => (i - 20) / 100); // -0.20 .. 0.20
    const m = metrics(r41);
    expect(m.valueAtRisk).toBeCloseTo(-0.18, 15);
    expect(m.conditionalValueAtRisk).toBeCloseTo((-0.2 - 0.19 - 0.18) / 3, 15);
  });

  it('metrics(r) CVaR averages the floor((n - 1) c) + 1 lowest returns even when ties cross the cutoff (empyrical)', () => {
    // n = 21: k = floor(20 * 0.05) = 1 -> the 2 lowest (-0.3, -0.1), although a third -0.1 ties with VaR.
    const r = [-0.3, -0.1, -0.1, ...Array.from({ length: 18 }, (_, i) => i / 100)];
    const m = metrics(r);
    expect(m.valueAtRisk).toBeCloseTo(-0.1, 15);
    expect(m.conditionalValueAtRisk).toBeCloseTo(-0.2, 15);
  });

  it('metrics(r) gives tail ratio |p95| / |p5|', () => {
    // p95: index 19 * 0.95 = 18.05 -> 0.07 + 0.05 * 0.02 = 0.071; p5 = -0.081.
    expect(metrics(shuffled).tailRatio).toBeCloseTo(0.071 / 0.081, 14);
  });
});

describe('metrics: hit rate, wins and losses, turnover, omega, moments, stability', () => {
  it('metrics(r) counts the hit rate over nonzero bars and averages wins and losses', () => {
    // wins 0.02, 0.03; losses -0.01, -0.02; two flat bars not counted.
    const m = metrics([0.02, -0.01, 0, 0.03, -0.02, 0]);
    expect(m.hitRate).toBe(0.5);
    expect(m.averageWin).toBeCloseTo(0.025, 15);
    expect(m.averageLoss).toBeCloseTo(-0.015, 15);
    expect(m.winLossRatio).toBeCloseTo(0.025 / 0.015, 14);
    expect(m.profitFactor).toBeCloseTo(0.05 / 0.03, 14);
    expect(m.bestPeriod).toBe(0.03);
    expect(m.worstPeriod).toBe(-0.02);
  });

  it('metrics(r, {turnover}) averages the turnover series, skipping NaN, and annualises it', () => {
    const m = metrics([0, 0.01, 0.02, -0.01, 0.01], { turnover: [0, 0.5, 0, 1, NaN], periodsPerYear: 52 });
    expect(m.turnover).toBeCloseTo(1.5 / 4, 15);
    expect(m.annualTurnover).toBeCloseTo((1.5 / 4) * 52, 13);
    expect(metrics([0.01, 0.02]).turnover).toBeNaN();
  });

  it('metrics(r) gives omega = sum of gains / sum of losses over the per-period threshold', () => {
    const r = [0.02, -0.01, 0.03, -0.02];
    expect(metrics(r).omega).toBeCloseTo(0.05 / 0.03, 14);
    // Annual threshold 10% -> per period (1.1)^(1/252) - 1.
    const thr = 1.1 ** (1 / 252) - 1;
    const gains = r.filter((v) => v > thr).reduce((s, v) => s + (v - thr), 0);
    const losses = r.filter((v) => v < thr).reduce((s, v) => s + (thr - v), 0);
    expect(metrics(r, { omegaThreshold: 0.1 }).omega).toBeCloseTo(gains / losses, 13);
  });

  it('metrics(r) gives pandas bias-corrected skew and excess kurtosis', () => {
    // x = [1, 2, 3, 10]: mean 4, deviations -3, -2, -1, 6; sums: m2 = 50, m3 = 180, m4 = 1394.
    // skew = n sqrt(n-1) / (n-2) * m3 / m2^1.5; kurt = n(n+1)(n-1) m4 / ((n-2)(n-3) m2^2) - 3(n-1)^2 / ((n-2)(n-3)).
    const m = metrics([1, 2, 3, 10]);
    expect(m.skew).toBeCloseTo(((4 * Math.sqrt(3)) / 2) * (180 / 50 ** 1.5), 13);
    expect(m.kurtosis).toBeCloseTo((4 * 5 * 3 * 1394) / (2 * 1 * 2500) - (3 * 9) / 2, 12);
    expect(m.kurtosis).toBeCloseTo(3.228, 12);
    expect(metrics([1, 2]).skew).toBeNaN();
    expect(metrics([1, 2, 3]).kurtosis).toBeNaN();
  });

  it('metrics(r) gives stability = R^2 of cumulative log returns on time', () => {
    const x = randomReturns(5, 60, 0.001, 0.02);
    const y: number[] = [];
    let acc = 0;
    for (const v of x) y.push((acc += Math.log(1 + v)));
    const t = y.map((_, i) => i);
    const my = naiveMean(y);
    const mt = naiveMean(t);
    let sty = 0;
    let stt = 0;
    let syy = 0;
    for (let i = 0; i < y.length; i++) {
      sty += (t[i] - mt) * (y[i] - my);
      stt += (t[i] - mt) ** 2;
      syy += (y[i] - my) ** 2;
    }
    expect(metrics(x).stability).toBeCloseTo((sty * sty) / (stt * syy), 12);
  });
});

describe('metrics: beta and alpha', () => {
  const b = randomReturns(21, 300, 0.0003, 0.012);

  it('metrics(2 * b, {benchmark: b}) gives beta 2 and alpha 0', () => {
    const m = metrics(b.map((v) => 2 * v), { benchmark: b });
    expect(m.beta).toBeCloseTo(2, 13);
    expect(m.alpha).toBeCloseTo(0, 13);
  });

  it('metrics(2 * b + c, {benchmark: b}) gives beta 2 and alpha (1 + c)^ppy - 1 (empyrical alpha)', () => {
    const m = metrics(b.map((v) => 2 * v + 0.0004), { benchmark: b, periodsPerYear: 252 });
    expect(m.beta).toBeCloseTo(2, 12);
    expect(m.alpha).toBeCloseTo(1.0004 ** 252 - 1, 11);
  });

  it('metrics(2 * b, {benchmark: b, riskFree}) gives alpha (1 + rf)^ppy - 1: (r - rf) - 2 (b - rf) = rf', () => {
    const m = metrics(b.map((v) => 2 * v), { benchmark: b, riskFree: 0.0001 });
    expect(m.beta).toBeCloseTo(2, 12);
    expect(m.alpha).toBeCloseTo(1.0001 ** 252 - 1, 11);
  });

  it('metrics(r, {benchmark}) uses only the rows where both series are valid', () => {
    // Row 1 of the benchmark is missing and row 2 of the strategy: both rows drop out.
    const bb = [0.01, NaN, 0.02, -0.01, 0.03, -0.02];
    const r = [0.025, 0.5, NaN, -0.015, 0.065, -0.035]; // 2 b + 0.005 on the joint rows
    const m = metrics(r, { benchmark: bb });
    expect(m.beta).toBeCloseTo(2, 13);
    expect(m.alpha).toBeCloseTo(1.005 ** 252 - 1, 11);
  });

  it('metrics(r, {benchmark: constant}) gives NaN beta (zero benchmark variance)', () => {
    expect(metrics([0.01, 0.02, 0.03], { benchmark: [0.01, 0.01, 0.01] }).beta).toBeNaN();
  });
});

describe('metrics: profiles and periods per year', () => {
  const r = [0.02, -0.01, 0.03, -0.02];

  it('METRIC_PROFILES names xmom (the default), empyrical, quantstats and ffn', () => {
    expect(Object.keys(METRIC_PROFILES).sort()).toEqual(['empyrical', 'ffn', 'quantstats', 'xmom']);
    expect(metrics([0.01, 0.02]).profile).toBe('xmom');
  });

  it('the profiles give the same Sharpe ratio but their own Sortino conventions', () => {
    // rf = 0.001: e = r - rf = [0.019, -0.011, 0.029, -0.021], mean(e) = 0.004.
    // empyrical (threshold = requiredReturn 0, rf unused): mean(r) = 0.005, downside^2 = (0.0001 + 0.0004) / 4.
    // quantstats: downside^2 = (0.011^2 + 0.021^2) / 4 = 0.0001405.
    // ffn: std(ddof=1) of min(e, 0) = [0, -0.011, 0, -0.021]: mean -0.008, sum sq dev 0.000306 -> var 0.000102.
    const opts = { riskFree: 0.001 };
    const emp = metrics(r, { ...opts, profile: 'empyrical' });
    const qs = metrics(r, { ...opts, profile: 'quantstats' });
    const ffn = metrics(r, { ...opts, profile: 'ffn', dates: calendarDays(4) , periodsPerYear: 252 });
    expect(qs.sharpe).toBe(emp.sharpe);
    expect(ffn.sharpe).toBe(emp.sharpe);
    expect(emp.sortino).toBeCloseTo((0.005 * SQRT252) / Math.sqrt(0.0005 / 4), 12);
    expect(qs.sortino).toBeCloseTo((0.004 / Math.sqrt(0.0001405)) * SQRT252, 12);
    expect(ffn.sortino).toBeCloseTo((0.004 / Math.sqrt(0.000102)) * SQRT252, 12);
  });

  it("profile 'quantstats' gives Gaussian VaR mean + std * Phi^-1(0.05) and CVaR below it", () => {
    const x = randomReturns(3, 200, 0, 0.02);
    const m = metrics(x, { profile: 'quantstats' });
    const z = -1.6448536269514722; // Phi^-1(0.05), the 95% one-sided normal quantile
    const v = naiveMean(x) + naiveStd(x) * z;
    expect(m.valueAtRisk).toBeCloseTo(v, 14);
    const below = x.filter((u) => u < v);
    expect(below.length).toBeGreaterThan(0);
    expect(m.conditionalValueAtRisk).toBeCloseTo(naiveMean(below), 14);
    // The historical VaR of the default profile is a different number.
    expect(Math.abs(metrics(x).valueAtRisk - m.valueAtRisk)).toBeGreaterThan(1e-6);
  });

  it("profile 'ffn' computes CAGR over calendar time (days / 365.25) and needs dates", () => {
    // wealth 1.21 over 730.5 days = 2 years of 365.25 days -> CAGR 10%.
    const d0 = Date.UTC(2020, 0, 1);
    const m = metrics([0.1, 0.1], { profile: 'ffn', dates: [d0, d0 + 730.5 * DAY], periodsPerYear: 252 });
    expect(m.cagr).toBeCloseTo(0.1, 14);
    expectRel(metrics([0.1, 0.1], { periodsPerYear: 252 }).cagr, 1.21 ** 126 - 1);
    expect(() => metrics([0.1, 0.1], { profile: 'ffn' })).toThrow(InputError);
  });

  it('metrics(r, {dates}) infers 365 for a 7-day calendar, 252 for business days, 52 weekly, 12 monthly', () => {
    const x = randomReturns(9, 60);
    expect(metrics(x, { dates: calendarDays(60) }).periodsPerYear).toBe(365);
    const bdays: number[] = [];
    for (let d = Date.UTC(2021, 0, 4); bdays.length < 60; d += DAY) {
      const dow = new Date(d).getUTCDay();
      if (dow !== 0 && dow !== 6) bdays.push(d);
    }
    expect(metrics(x, { dates: bdays }).periodsPerYear).toBe(252);
    expect(metrics(x, { dates: x.map((_, i) => Date.UTC(2020, 0, 3) + 7 * i * DAY) }).periodsPerYear).toBe(52);
    expect(metrics(x, { dates: x.map((_, i) => Date.UTC(2000, i, 28)) }).periodsPerYear).toBe(12);
    expect(metrics(x).periodsPerYear).toBe(252);
    // The annualisation follows: volatility scales with sqrt(365).
    expect(metrics(x, { dates: calendarDays(60) }).annualVolatility).toBeCloseTo(naiveStd(x) * Math.sqrt(365), 13);
  });

  it('metrics rejects unknown options, infinite returns, misaligned series and unknown profiles', () => {
    expect(() => metrics([0.1], { periodPerYear: 12 } as never)).toThrow(/unknown option 'periodPerYear'/);
    expect(() => metrics([0.1, Infinity])).toThrow(InputError);
    expect(() => metrics([0.1, 0.2], { benchmark: [0.1] })).toThrow(/benchmark has 1 rows/);
    expect(() => metrics([0.1, 0.2], { profile: 'pyfolio' as never })).toThrow(InputError);
    expect(() => metrics([0.1, 0.2], { varCutoff: 1.5 })).toThrow(InputError);
  });
});

describe('rollingSharpe / rollingVolatility', () => {
  const r = [0.01, -0.02, 0.03, 0, 0.05, 0.01];

  it('rollingSharpe(r, 3) is mean / std(ddof=1) * sqrt(252) of each trailing window, NaN in the warm-up', () => {
    const out = rollingSharpe(r, 3);
    const expected = r.map((_, t) => {
      if (t < 2) return NaN;
      const w = r.slice(t - 2, t + 1);
      return (naiveMean(w) / naiveStd(w)) * SQRT252;
    });
    expectClose(out, expected, 1e-12);
  });

  it('rollingVolatility(r, 4, {periodsPerYear: 365}) is the annualised trailing std', () => {
    const out = rollingVolatility(r, 4, { periodsPerYear: 365 });
    const expected = r.map((_, t) => (t < 3 ? NaN : naiveStd(r.slice(t - 3, t + 1)) * Math.sqrt(365)));
    expectClose(out, expected, 1e-13);
  });

  it('rollingSharpe gives NaN for a window with a missing return or zero volatility', () => {
    const out = rollingSharpe([0.01, NaN, 0.02, 0.01, 0.01, 0.01, 0.03], 3);
    expect(Number.isNaN(out[2]) && Number.isNaN(out[3])).toBe(true); // the NaN is in these windows
    expect(out[4]).not.toBeNaN();
    expect(out[5]).toBeNaN(); // [0.01, 0.01, 0.01]: zero volatility
  });

  it('rollingSharpe(r, window > length) is an InputError unless minPeriods allows partial windows', () => {
    expect(() => rollingSharpe(r, 10)).toThrow(/window 10 is longer than the data/);
    const out = rollingSharpe(r, 10, { minPeriods: 3 });
    expect(out[2]).toBeCloseTo((naiveMean(r.slice(0, 3)) / naiveStd(r.slice(0, 3))) * SQRT252, 12);
  });
});

describe('regimeSplit', () => {
  const T = 400;
  const z = normal(rng(99));
  const prices: number[] = [];
  let p = 100;
  for (let t = 0; t < T; t++) prices.push((p *= Math.exp(0.0003 + 0.015 * z())));
  const strat = randomReturns(7, T, 0.0004, 0.01);

  /** Brute-force trend labels: close at t-1 vs the mean of closes t-w .. t-1. */
  function trendLabels(px: number[], w: number): (string | null)[] {
    return px.map((_, t) => {
      if (t < w) return null;
      const ma = naiveMean(px.slice(t - w, t));
      return px[t - 1] > ma ? 'above' : 'below';
    });
  }

  it("regimeSplit(r, prices, {kind: 'trend'}) labels a bar by the previous close vs its moving average", () => {
    const s = regimeSplit(strat, prices, { kind: 'trend', window: 50 });
    expect(s.labels).toEqual(trendLabels(prices, 50));
    expect(s.unknownBars).toBe(50);
  });

  it('regimeSplit computes each regime metrics on that regime bars only', () => {
    const s = regimeSplit(strat, prices, { kind: 'trend', window: 50 });
    const labels = trendLabels(prices, 50);
    for (const name of ['above', 'below'] as const) {
      const own = strat.filter((_, t) => labels[t] === name);
      const stats = s.regimes[name]!;
      expect(stats.bars).toBe(own.length);
      expect(stats.metrics.nPeriods).toBe(own.length);
      expect(stats.metrics.totalReturn).toBeCloseTo(own.reduce((w, v) => w * (1 + v), 1) - 1, 12);
      expect(stats.metrics.sharpe).toBeCloseTo((naiveMean(own) / naiveStd(own)) * SQRT252, 10);
    }
    expect(s.regimes.above!.share + s.regimes.below!.share).toBeCloseTo(1, 15);
  });

  it("regimeSplit(r, prices, {kind: 'volatility'}) compares the last rolling vol with the running median", () => {
    const w = 20;
    const s = regimeSplit(strat, prices, { kind: 'volatility', window: w });
    // Brute force: vol at s = std of the w returns ending at s; the median of all vols at <= t-1.
    const ret = prices.map((v, t) => (t === 0 ? NaN : v / prices[t - 1] - 1));
    const vol = prices.map((_, t) => (t < w ? NaN : naiveStd(ret.slice(t - w + 1, t + 1))));
    const expected = prices.map((_, t) => {
      const hist = vol.slice(0, t).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      if (t === 0 || Number.isNaN(vol[t - 1]) || hist.length < w) return null;
      const h = hist.length;
      const med = h % 2 ? hist[(h - 1) / 2] : (hist[h / 2 - 1] + hist[h / 2]) / 2;
      return vol[t - 1] > med ? 'high' : 'low';
    });
    expect(s.labels).toEqual(expected);
    expect(s.regimes.high!.bars).toBeGreaterThan(50);
    expect(s.regimes.low!.bars).toBeGreaterThan(50);
  });

  it('regimeSplit has no look-ahead: changing prices at or after row t leaves the labels of rows <= t unchanged', () => {
    for (const kind of ['trend', 'volatility'] as const) {
      const base = regimeSplit(strat, prices, { kind, window: 30 }).labels;
      for (const t of [60, 150, 333]) {
        const perturbed = prices.map((v, i) => (i >= t ? v * (i % 2 ? 3 : 0.2) : v));
        const returns2 = strat.map((v, i) => (i > t ? -v : v));
        const after = regimeSplit(returns2, perturbed, { kind, window: 30 }).labels;
        expect(after.slice(0, t + 1), `${kind} at ${t}`).toEqual(base.slice(0, t + 1));
        expect(after.slice(t + 2)).not.toEqual(base.slice(t + 2)); // the perturbation does matter later
      }
    }
  });

  it('regimeSplit rejects non-positive prices, misaligned prices and a window as long as the data', () => {
    expect(() => regimeSplit([0.1, 0.2, 0.3], [1, -1, 2], { window: 1 })).toThrow(/must be positive/);
    expect(() => regimeSplit([0.1, 0.2], [1, 2, 3])).toThrow(InputError);
    expect(() => regimeSplit([0.1, 0.2, 0.3], [1, 2, 3], { window: 3 })).toThrow(/not shorter than the data/);
  });
});

describe('drawdownTable', () => {
  it('drawdownTable(r, dates, events) gives total return and max drawdown inside each date range', () => {
    const dates = calendarDays(8, Date.UTC(2020, 1, 1)); // 2020-02-01 .. 2020-02-08
    const r = [0.05, 0.1, -0.1, -0.1, 0.3, 0.02, -0.5, 0.01];
    const rows = drawdownTable(r, dates, [
      // Feb 2 .. Feb 5: 0.1, -0.1, -0.1, 0.3 -> wealth 1.1, 0.99, 0.891, 1.1583; peak 1.1, trough 0.891.
      { name: 'inside', start: '2020-02-02', end: '2020-02-05' },
      // Feb 7 only: the first bar's loss is a drawdown from the range's start.
      { name: 'one bar', start: Date.UTC(2020, 1, 7), end: Date.UTC(2020, 1, 7) },
      { name: 'outside', start: '2021-01-01', end: '2021-12-31' },
    ]);
    expect(rows.map((x) => x.name)).toEqual(['inside', 'one bar', 'outside']);
    expect(rows[0].bars).toBe(4);
    expect(rows[0].totalReturn).toBeCloseTo(1.1 * 0.9 * 0.9 * 1.3 - 1, 14);
    expect(rows[0].maxDrawdown).toBeCloseTo(0.891 / 1.1 - 1, 14);
    expect(rows[0].peakDate).toBe(dates[1]);
    expect(rows[0].troughDate).toBe(dates[3]);
    expect(rows[1].maxDrawdown).toBeCloseTo(-0.5, 15);
    expect(rows[2].bars).toBe(0);
    expect(rows[2].maxDrawdown).toBeNaN();
  });

  it("DEFAULT_EVENTS lists seed 000's four stress periods", () => {
    expect(DEFAULT_EVENTS.map((e) => e.name)).toEqual([
      'Dot-com crash (2000-02)', 'Financial crisis (2008-09)', 'COVID crash (2020)', 'Crypto winter (2022)',
    ]);
    const d = calendarDays(366, Date.UTC(2020, 0, 1));
    const rows = drawdownTable(d.map(() => 0.001), d);
    expect(rows[2].bars).toBe(366); // all of 2020
    expect(rows[0].bars).toBe(0);
  });
});

describe('compareMetrics', () => {
  it('compareMetrics({...}) puts each series metrics side by side in the given order', () => {
    const a = randomReturns(1, 100);
    const b = randomReturns(2, 100);
    const cmp = compareMetrics({ Strategy: { returns: a, turnover: a.map(() => 0.1) }, 'Buy & hold BTC': b }, { periodsPerYear: 365 });
    expect(cmp.names).toEqual(['Strategy', 'Buy & hold BTC']);
    const sharpeRow = cmp.rows.find((row) => row.key === 'sharpe')!;
    expect(sharpeRow.values[0]).toBeCloseTo((naiveMean(a) / naiveStd(a)) * Math.sqrt(365), 11);
    expect(sharpeRow.values[1]).toBeCloseTo((naiveMean(b) / naiveStd(b)) * Math.sqrt(365), 11);
    expect(cmp.metrics[0].turnover).toBeCloseTo(0.1, 15);
    expect(cmp.metrics[1].turnover).toBeNaN();
    expect(() => compareMetrics({})).toThrow(InputError);
  });
});
