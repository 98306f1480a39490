// Profile 'empyrical' reproduces empyrical 0.5.5 (without bottleneck: numpy's
// nan-functions), issue 12 item 8. The references below transcribe empyrical's Python:
//   sharpe_ratio:      len(r) < 2 -> nan; nanmean(r - rf) / nanstd(r - rf, ddof=1) * sqrt(ppy)
//   sortino_ratio:     len(r) < 2 -> nan; nanmean(r - req) * ppy / downside_risk(r, req)
//   downside_risk:     sqrt(nanmean(clip(r - req, -inf, 0) ** 2)) * sqrt(ppy)
//   annual_volatility: len(r) < 2 -> nan; nanstd(r, ddof=1) * ppy ** (1 / 2)
//   annual_return:     nanprod(1 + r) ** (1 / (len(r) / ppy)) - 1     (every row a period)
//   calmar_ratio:      annual_return / abs(max_drawdown) if max_drawdown < 0, nan if inf
//   value_at_risk:     np.percentile(r, 5)  (nan when a row is nan)
//   tail_ratio:        |percentile(r[~isnan], 95)| / |percentile(r[~isnan], 5)|
// with numpy's division (x / 0 = +-inf, 0 / 0 = nan). Dyadic inputs make every sum exact
// in any order, so those cases are compared with toBe; a random series is compared with
// plain sequential sums to 1e-12 relative.
import { describe, expect, it } from 'vitest';
import { metrics } from '../src/index.js';
import { rng } from './helpers.js';

const SQRT252 = Math.sqrt(252);

/** Plain references: sums in order over the non-NaN values. */
function valid(r: number[]): number[] {
  return r.filter((x) => !Number.isNaN(x));
}
function refMean(r: number[]): number {
  const v = valid(r);
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}
function refStd(r: number[]): number {
  const v = valid(r);
  if (v.length - 1 <= 0) return NaN;
  const m = refMean(v);
  let s = 0;
  for (const x of v) s += (x - m) * (x - m);
  return Math.sqrt(s / (v.length - 1));
}
function refDownside(r: number[], ppy: number): number {
  const sq = r.map((x) => (Number.isNaN(x) ? NaN : Math.min(x, 0) ** 2));
  return Math.sqrt(refMean(sq)) * Math.sqrt(ppy);
}

describe("metrics(r, {profile: 'empyrical'}) reproduces empyrical 0.5.5", () => {
  it('gives +inf Sharpe and Sortino for constant positive returns [0.5, 0.5, 0.5] (the default profile gives NaN)', () => {
    const e = metrics([0.5, 0.5, 0.5], { profile: 'empyrical' });
    expect(e.sharpe).toBe(Infinity);
    expect(e.sortino).toBe(Infinity);
    expect(e.annualVolatility).toBe(0);
    const d = metrics([0.5, 0.5, 0.5]);
    expect(d.sharpe).toBeNaN();
    expect(d.sortino).toBeNaN();
  });

  it('gives -inf Sharpe for constant negative returns and a finite Sortino -sqrt(252); NaN for all-zero returns (0 / 0)', () => {
    const e = metrics([-0.25, -0.25, -0.25], { profile: 'empyrical' });
    expect(e.sharpe).toBe(-Infinity);
    // nanmean * 252 / (sqrt(0.0625) * sqrt(252)) = -0.25 * 252 / (0.25 * sqrt(252)).
    expect(e.sortino).toBe((-0.25 * 252) / (Math.sqrt(0.0625) * SQRT252));
    const z = metrics([0, 0, 0], { profile: 'empyrical' });
    expect(z.sharpe).toBeNaN();
    expect(z.sortino).toBeNaN();
  });

  it('counts leading NaN rows as periods in the CAGR and its length checks: [NaN, NaN, 0.25, -0.125, 0.5, 0.25]', () => {
    const r = [NaN, NaN, 0.25, -0.125, 0.5, 0.25];
    const e = metrics(r, { profile: 'empyrical', periodsPerYear: 252 });
    const d = metrics(r, { periodsPerYear: 252 });
    const wealth = 1.25 * 0.875 * 1.5 * 1.25;
    // annual_return: 6 rows are 6 periods; the default profile counts the 4 valid returns.
    expect(Math.abs(e.cagr / (wealth ** (1 / (6 / 252)) - 1) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(d.cagr / (wealth ** (1 / (4 / 252)) - 1) - 1)).toBeLessThan(1e-14);
    expect(e.totalReturn).toBe(wealth - 1);
    expect(e.nPeriods).toBe(4);
    expect(e.nMissing).toBe(2);
    // Sharpe and volatility over the valid values (dyadic: exact).
    expect(e.sharpe).toBe((refMean(r) / refStd(r)) * SQRT252);
    expect(e.annualVolatility).toBe(refStd(r) * Math.sqrt(252));
    expect(e.sortino).toBe((refMean(r) * 252) / refDownside(r, 252));
    expect(e.maxDrawdown).toBe(d.maxDrawdown);
    expect(e.calmar).toBe(e.cagr / Math.abs(e.maxDrawdown));
    // np.percentile of a series with NaN is NaN; the default profile's VaR drops them.
    expect(e.valueAtRisk).toBeNaN();
    expect(d.valueAtRisk).not.toBeNaN();
  });

  it('len(returns) counts NaN rows: [NaN, 0.25] passes the length check but nanstd of one value is NaN', () => {
    const e = metrics([NaN, 0.25], { profile: 'empyrical' });
    expect(e.sharpe).toBeNaN();
    expect(e.annualVolatility).toBeNaN();
    expect(Math.abs(e.cagr / (1.25 ** (252 / 2) - 1) - 1)).toBeLessThan(1e-13); // two periods
  });

  it('gives an infinite tail ratio when the 5th percentile is 0: [0, 0, 0, 0.1] (default profile NaN)', () => {
    // percentile 95: index 2.85 -> 0 + 0.85 * 0.1 = 0.085; percentile 5: index 0.15 -> 0.
    expect(metrics([0, 0, 0, 0.1], { profile: 'empyrical' }).tailRatio).toBe(Infinity);
    expect(metrics([0, 0, 0, 0.1]).tailRatio).toBeNaN();
  });

  it('matches the plain formulas on 500 random returns with 30 leading and 10 scattered NaN rows, to 1e-12', () => {
    const u = rng(12);
    const r = Array.from({ length: 500 }, (_, t) => (t < 30 || u() < 0.02 ? NaN : 0.001 + 0.02 * (u() - 0.5)));
    const ppy = 365;
    const e = metrics(r, { profile: 'empyrical', periodsPerYear: ppy });
    const rel = (a: number, b: number): number => Math.abs(a / b - 1);
    let wealth = 1;
    for (const x of valid(r)) wealth *= 1 + x;
    expect(rel(e.cagr, wealth ** (1 / (r.length / ppy)) - 1)).toBeLessThan(1e-12);
    expect(rel(e.sharpe, (refMean(r) / refStd(r)) * Math.sqrt(ppy))).toBeLessThan(1e-12);
    expect(rel(e.annualVolatility, refStd(r) * Math.sqrt(ppy))).toBeLessThan(1e-12);
    expect(rel(e.sortino, (refMean(r) * ppy) / refDownside(r, ppy))).toBeLessThan(1e-12);
    expect(rel(e.downsideRisk, refDownside(r, ppy))).toBeLessThan(1e-12);
    // The same valid values without the NaN rows: the default profile's CAGR uses their count.
    const d = metrics(r, { periodsPerYear: ppy });
    expect(rel(d.cagr, wealth ** (1 / (valid(r).length / ppy)) - 1)).toBeLessThan(1e-12);
    expect(e.cagr).toBeLessThan(d.cagr);
  });

  it("a risk-free rate enters empyrical's Sharpe as r - rf over every row", () => {
    const r = [0.25, -0.125, 0.5, 0.25];
    const e = metrics(r, { profile: 'empyrical', riskFree: 0.125 });
    const ex = r.map((x) => x - 0.125);
    expect(e.sharpe).toBe((refMean(ex) / refStd(ex)) * SQRT252);
  });
});
