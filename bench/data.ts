// Seeded benchmark data: geometric Brownian motion price panels with scattered gaps and
// late listings, so every run (and every before/after comparison) times the same bytes.
import { Panel } from '../src/index.js';
import { mulberry32 } from '../src/data/random.js';

/** mulberry32, the project's seeded PRNG (src/data/random.ts). */
export { mulberry32 };

/** Standard normal draws by Box-Muller from a uniform source. */
export function gaussian(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export interface GbmSpec {
  nRows: number;
  nCols: number;
  seed: number;
  /** Probability that a cell is missing (a scattered NaN). Default 0.002. */
  nanRate?: number;
  /** Probability that an asset lists late (NaN before a random row in the first half). Default 0.1. */
  lateRate?: number;
  /** Annualised drift and volatility range (per asset, uniform in [volLo, volHi]). */
  drift?: number;
  volLo?: number;
  volHi?: number;
}

export interface GbmData {
  nRows: number;
  nCols: number;
  /** Prices, time-major: prices[t * nCols + j]. */
  prices: Float64Array;
  /** Simple returns p_t / p_{t-1} - 1, NaN where either price is missing. */
  returns: Float64Array;
}

/**
 * Daily GBM prices: p_t = p_{t-1} exp((mu - s^2/2) / 252 + s z / sqrt(252)), starting
 * in [10, 1000]. The path keeps evolving under a missing cell; only the observation is NaN.
 */
export function gbm(spec: GbmSpec): GbmData {
  const { nRows: T, nCols: N, seed, nanRate = 0.002, lateRate = 0.1, drift = 0.05, volLo = 0.15, volHi = 0.8 } = spec;
  const u = mulberry32(seed);
  const z = gaussian(u);
  const prices = new Float64Array(T * N);
  const returns = new Float64Array(T * N);
  for (let j = 0; j < N; j++) {
    const vol = volLo + (volHi - volLo) * u();
    const mu = (drift - 0.5 * vol * vol) / 252;
    const sd = vol / Math.sqrt(252);
    const start = u() < lateRate ? Math.floor(u() * (T / 2)) : 0;
    let p = 10 + 990 * u();
    let prev = NaN;
    for (let t = 0; t < T; t++) {
      p *= Math.exp(mu + sd * z());
      const obs = t < start || u() < nanRate ? NaN : p;
      prices[t * N + j] = obs;
      returns[t * N + j] = obs / prev - 1;
      prev = obs;
    }
  }
  return { nRows: T, nCols: N, prices, returns };
}

/** Business-day dates (Mon-Fri) from 2010-01-04, as epoch ms, for a panel index. */
export function businessDays(n: number): number[] {
  const out: number[] = [];
  const day = 86_400_000;
  for (let ms = Date.UTC(2010, 0, 4); out.length < n; ms += day) {
    const wd = new Date(ms).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(ms);
  }
  return out;
}

/** A Panel (with business-day dates) holding time-major values. */
export function toPanel(values: Float64Array, nRows: number, nCols: number, withDates = true): Panel {
  return Panel.fromRows(values, nRows, nCols, withDates ? { index: businessDays(nRows) } : {});
}

/** The columns of a time-major array as plain number[] series (the naive baselines' input). */
export function toColumns(values: Float64Array, nRows: number, nCols: number): number[][] {
  const cols: number[][] = [];
  for (let j = 0; j < nCols; j++) {
    const c: number[] = new Array(nRows);
    for (let t = 0; t < nRows; t++) c[t] = values[t * nCols + j];
    cols.push(c);
  }
  return cols;
}

/** The rows of a time-major array as plain number[] cross-sections. */
export function toRowArrays(values: Float64Array, nRows: number, nCols: number): number[][] {
  const rows: number[][] = [];
  for (let t = 0; t < nRows; t++) rows.push(Array.from(values.subarray(t * nCols, (t + 1) * nCols)));
  return rows;
}
