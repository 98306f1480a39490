import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { benchmarkMetrics, metrics, rollingBeta } from '../src/index.js';
import { errorOf } from './helpers.js';

const FFN = '../shared/data/ffn_test_data.csv';
const SP500 = '../shared/data/vega_sp500_2000.csv';

/** Closes of one column of a CSV keyed by ISO date, parsed here with plain string splitting. */
function closes(path: string, column: string): Map<string, number> {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const j = header.indexOf(column);
  const out = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    let d = cells[0];
    const mdy = /^(\d+)\/(\d+)\/(\d{4})$/.exec(d);
    if (mdy) d = `${mdy[3]}-${mdy[1].padStart(2, '0')}-${mdy[2].padStart(2, '0')}`;
    out.set(d, Number(cells[j]));
  }
  return out;
}

/** Simple returns of a date-keyed close series, in date order: [dates, returns] (first row dropped). */
function returnsOf(c: Map<string, number>): [string[], number[]] {
  const keys = [...c.keys()].sort();
  const r: number[] = [];
  for (let i = 1; i < keys.length; i++) r.push(c.get(keys[i])! / c.get(keys[i - 1])! - 1);
  return [keys.slice(1), r];
}

const avg = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
const sd1 = (x: number[]): number => {
  const m = avg(x);
  return Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1));
};
/** empyrical 0.5.5 beta_aligned: nanmean(ind_res * r) / nanmean(ind_res ** 2), ind_res = b - mean(b). */
const betaOf = (r: number[], b: number[]): number => {
  const mb = avg(b);
  return avg(r.map((v, i) => (b[i] - mb) * v)) / avg(b.map((v) => (v - mb) ** 2));
};
/** empyrical annual_return: prod(1 + x) ** (ppy / len(x)) - 1. */
const annual = (x: number[], ppy: number): number => x.reduce((w, v) => w * (1 + v), 1) ** (ppy / x.length) - 1;

/** Relative agreement: |a - b| / |b| <= tol. */
function expectRel(a: number, b: number, tol: number, label: string): void {
  expect(Number.isFinite(b), `${label} reference is finite`).toBe(true);
  expect(Math.abs(a - b) / Math.max(Math.abs(b), 1e-12), `${label}: got ${a}, reference ${b}`).toBeLessThanOrEqual(tol);
}

describe.skipIf(!existsSync(FFN) || !existsSync(SP500))('benchmark-relative metrics on real data: AAPL (ffn test data) against the S&P 500 (vega-datasets), from ../shared/data (skipped when the folder is absent: it is not part of this repository)', () => {
  const [aDates, aRet] = returnsOf(closes(FFN, 'AAPL'));
  const [sDates, sRet] = returnsOf(closes(SP500, 'adjclose'));
  const ms = (d: string): number => Date.parse(`${d}T00:00:00Z`);
  // The reference pairs: AAPL return of each date with the S&P return of the same date.
  const sAt = new Map(sDates.map((d, i) => [d, sRet[i]]));
  const r: number[] = [];
  const b: number[] = [];
  aDates.forEach((d, i) => {
    const x = sAt.get(d);
    if (x !== undefined) {
      r.push(aRet[i]);
      b.push(x);
    }
  });
  const PPY = 252;

  // References follow empyrical 0.5.5 (stats.py: alpha_beta_aligned, up_capture, down_capture,
  // roll_beta) and quantstats 0.0.62 (stats.information_ratio, annualised here by sqrt(252));
  // tracking error is std(r - b, ddof=1) sqrt(252). Sums here are sequential, ours pairwise:
  // tolerance 1e-9 relative.
  const TOL = 1e-9;

  it('benchmarkMetrics(r, b, { dates, benchmarkDates }) matches empyrical/quantstats formulas on AAPL vs the S&P 500, 2004-2014', () => {
    const m = benchmarkMetrics(aRet, sRet, { dates: aDates.map(ms), benchmarkDates: sDates.map(ms), periodsPerYear: PPY });
    expect(m.nOverlap).toBe(r.length);
    expect(r.length).toBeGreaterThan(2400);
    const beta = betaOf(r, b);
    const alpha = (avg(r.map((v, i) => v - beta * b[i])) + 1) ** PPY - 1;
    const active = r.map((v, i) => v - b[i]);
    const up = b.map((v, i) => [r[i], v]).filter(([, v]) => v > 0);
    const down = b.map((v, i) => [r[i], v]).filter(([, v]) => v < 0);
    expectRel(m.beta, beta, TOL, 'beta');
    expectRel(m.alpha, alpha, TOL, 'alpha');
    expectRel(m.trackingError, sd1(active) * Math.sqrt(PPY), TOL, 'tracking error');
    expectRel(m.informationRatio, (avg(active) / sd1(active)) * Math.sqrt(PPY), TOL, 'information ratio');
    expectRel(m.upCapture, annual(up.map((p) => p[0]), PPY) / annual(up.map((p) => p[1]), PPY), TOL, 'up capture');
    expectRel(m.downCapture, annual(down.map((p) => p[0]), PPY) / annual(down.map((p) => p[1]), PPY), TOL, 'down capture');
    // A single stock against its index: beta near 1, more up than down capture.
    expect(m.beta).toBeGreaterThan(0.5);
    expect(m.beta).toBeLessThan(2);
  });

  it('metrics(r, { benchmark }) reports the same beta, alpha, tracking error, information ratio and captures as benchmarkMetrics', () => {
    const m = metrics(r, { benchmark: b, periodsPerYear: PPY });
    const bm = benchmarkMetrics(r, b, { periodsPerYear: PPY });
    for (const k of ['beta', 'alpha', 'trackingError', 'informationRatio', 'upCapture', 'downCapture'] as const) {
      expect(m[k], k).toBe(bm[k]);
    }
  });

  it('rollingBeta(r, b, 63) matches the empyrical beta of each trailing 63-row window, NaN for the first 62 rows', () => {
    const rb = rollingBeta(r, b, 63);
    expect(rb.length).toBe(r.length);
    for (let t = 0; t < 62; t++) expect(rb[t]).toBeNaN();
    for (let t = 62; t < r.length; t += 37) {
      expectRel(rb[t], betaOf(r.slice(t - 62, t + 1), b.slice(t - 62, t + 1)), TOL, `rolling beta at row ${t}`);
    }
  });

  it('benchmarkMetrics(r, b, { benchmarkDates }) with no overlapping dates is an InputError giving both date ranges', () => {
    const shifted = sDates.map((d) => ms(d) - 40 * 365 * 86_400_000);
    const msg = errorOf(() => benchmarkMetrics(aRet, sRet, { dates: aDates.map(ms), benchmarkDates: shifted }));
    expect(msg).toMatch(/no row where both are valid/);
    expect(msg).toContain('2004-03-11');
    expect(msg).toContain('1960-');
  });
});

describe('benchmarkMetrics / rollingBeta bad input', () => {
  it('benchmarkMetrics(r, b) with b of another length and no benchmarkDates is an InputError', () => {
    expect(errorOf(() => benchmarkMetrics([0.01, 0.02], [0.01]))).toMatch(/benchmark has 1 rows but the returns have 2/);
  });
  it('benchmarkMetrics(r, b, { benchmarkDates }) without dates is an InputError', () => {
    expect(errorOf(() => benchmarkMetrics([0.01], [0.01], { benchmarkDates: [0] }))).toMatch(/benchmarkDates needs dates/);
  });
  it('rollingBeta(r, b, 1) rejects a window below 2 (a beta needs two pairs)', () => {
    expect(errorOf(() => rollingBeta([0.01, 0.02], [0.01, 0.03], 1))).toMatch(/window/);
  });
  it('benchmarkStats via metrics: a constant benchmark gives NaN beta and captures, never infinity', () => {
    const m = metrics([0.01, -0.02, 0.03], { benchmark: [0, 0, 0] });
    expect(m.beta).toBeNaN();
    expect(m.upCapture).toBeNaN();
    expect(m.downCapture).toBeNaN();
    expect(m.trackingError).toBeGreaterThan(0);
  });
});
