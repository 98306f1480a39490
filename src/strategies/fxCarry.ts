import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { isoDate } from '../data/dates.js';
import { checkOptions } from '../validate.js';
import { checkAligned, resolvePeriodsPerYear, withPrices, type PriceInput } from '../inputs/index.js';

export interface FxCarryOptions {
  /** Bars per year for the per-bar accrual; default inferred from the prices' dates (252 for weekdays), else 252. */
  periodsPerYear?: number;
}

/**
 * Carry-inclusive FX prices: a total-return index per currency that adds the interest
 * differential a long foreign-currency position earns (Baz et al. 2015 and the seed's
 * paper trade spot; the issue asks for carry), so that `backtest(fxCarryPrices(p, carry),
 * fxTrend(p))` accrues carry daily on the HELD weights (long earns, short pays the
 * differential), through the backtester's own drift, while the signal stays on spot.
 *
 * `carry`: a Panel with the prices' dates and currency columns (same order) of ANNUAL
 * rate differentials, foreign minus USD, as fractions (0.03 = 3%): row t is the rate
 * known at close t. Per bar c_t = (1 + carry_t)^(1 / periodsPerYear) - 1 (the
 * backtester's cash-rate convention), and
 *   P~_0 = P_0,  P~_t = P~_{t-1} (P_t / P_{t-1}) (1 + c_{t-1}),
 * i.e. the position held over bar t earns the spot return and the carry of row t-1.
 * Missing prices: P~ is NaN where P is; across a gap the spot ratio is taken from the
 * last valid price and the carry of every bar of the gap accrues (carry rows inside a
 * gap may be NaN: they accrue nothing). Rows before a currency's first price are NaN.
 *
 * Bad input (InputError): a carry panel whose currencies differ from the prices' (the
 * missing and extra ones named) or are in another order, whose dates differ (first
 * differing row and both dates), NaN carry where the currency has a price (currency
 * and date named), carry <= -1 or infinite. Copies; O(T N).
 */
export function fxCarryPrices(prices: PriceInput, carry: Panel, options: FxCarryOptions = {}): Panel {
  const fn = 'fxCarryPrices';
  checkOptions(fn, options, ['periodsPerYear']);
  return withPrices(fn, prices, (p) => {
    if (!(carry instanceof Panel)) throw new InputError(`${fn}: carry must be a Panel of annual rate differentials (foreign minus USD), one column per currency`);
    const missing = p.columns.filter((c) => !carry.columns.includes(c));
    const extra = carry.columns.filter((c) => !p.columns.includes(c));
    if (missing.length || extra.length) {
      throw new InputError(`${fn}: the carry panel's currencies do not match the prices'` +
        (missing.length ? `; missing from carry: ${missing.join(', ')}` : '') + (extra.length ? `; not in the prices: ${extra.join(', ')}` : ''));
    }
    checkAligned(fn, 'carry', carry, p);
    const dates = p.dates();
    const ppy = resolvePeriodsPerYear(fn, options.periodsPerYear, dates, 252);
    const T = p.nRows;
    const N = p.nCols;
    const P = p.values;
    const C = carry.values;
    const at = (t: number): string => (dates.length ? isoDate(dates[t]) : `row ${t}`);
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < N; j++) {
        const c = C[t * N + j];
        const x = P[t * N + j];
        if (c !== c) {
          if (x === x) throw new InputError(`${fn}: carry of ${p.columns[j]} is missing (NaN) on ${at(t)}, where the currency has a price; give every priced row a rate`);
        } else if (!(c > -1) || c === Infinity) {
          throw new InputError(`${fn}: carry of ${p.columns[j]} on ${at(t)} is ${c}; annual differentials must be finite and > -1 (fractions: 0.03 = 3%)`);
        }
      }
    }
    const out = p.like();
    const o = out.values;
    for (let j = 0; j < N; j++) {
      let lastPrice = NaN;
      let level = NaN;
      let accrued = 1;
      for (let t = 0; t < T; t++) {
        const k = t * N + j;
        if (t > 0 && lastPrice === lastPrice) {
          const c = C[k - N];
          if (c === c) accrued *= Math.pow(1 + c, 1 / ppy);
        }
        const x = P[k];
        if (x !== x) {
          o[k] = NaN;
          continue;
        }
        level = lastPrice === lastPrice ? level * (x / lastPrice) * accrued : x;
        lastPrice = x;
        accrued = 1;
        o[k] = level;
      }
    }
    return out;
  });
}
