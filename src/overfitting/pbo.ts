/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation
 * (Bailey, Borwein, Lopez de Prado & Zhu 2015, "The Probability of Backtest
 * Overfitting", J. Computational Finance 20(4)). With the T x N matrix of the N trials'
 * returns:
 *  1. drop the first T mod S rows (the oldest) and cut the rest into S blocks of equal
 *     length, in time order;
 *  2. for each of the C(S, S/2) ways to pick S/2 blocks as the training set J (the other
 *     S/2 being the test set J-bar), compute every trial's Sharpe ratio (mean / std,
 *     ddof 1, per period) on J and on J-bar;
 *  3. n* = the trial with the best Sharpe on J (the first one on ties); w = its rank
 *     among the test Sharpe ratios (1 = worst, average rank on ties) / (N + 1);
 *     logit = ln(w / (1 - w));
 *  4. PBO = the share of combinations whose logit is <= 0 (the in-sample best ranks in
 *     the bottom half out of sample).
 * A Sharpe ratio that is undefined (zero variance) ranks below every defined one.
 * The same steps as pypbo `pbo.py` (`pbo`: residual rows dropped from the start,
 * `scipy.stats.rankdata` average ranks, `np.argmax`, w = rank / (N + 1)); combinations in
 * `itertools.combinations` (lexicographic) order.
 * Sums per block are formed once, so a combination costs O(S N): O(C(S, S/2) S N) in
 * all (S = 16: 12,870 combinations) plus O(T N) for the block sums.
 */
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';

export interface PboOptions {
  /** Number of blocks, even, 2..24 (default 16, as the paper suggests). */
  S?: number;
}

export const PBO_DEFAULTS = Object.freeze({ S: 16 });

export interface PboResult {
  /** Probability of backtest overfitting: share of combinations with logit <= 0. */
  pbo: number;
  /** The logit of each combination. */
  logits: Float64Array;
  /** Training / test Sharpe ratio (per period) of the in-sample best, per combination. */
  isSharpe: Float64Array;
  oosSharpe: Float64Array;
  /** Share of combinations where the in-sample best loses out of sample (test Sharpe < 0). */
  probOosLoss: number;
  S: number;
  combinations: number;
  nStrategies: number;
  /** Rows used (T minus the dropped oldest T mod S rows) and rows per block. */
  nObs: number;
  blockRows: number;
}

/**
 * Returns of N trials: a Panel (T dates x N trials, time-major), one array per trial,
 * or `{ values, nRows, nCols }` time-major (values[t * nCols + n]).
 */
export type PboInput = Panel | readonly ArrayLike<number>[] | { values: ArrayLike<number>; nRows: number; nCols: number };

/** PBO of a matrix of trial returns (see the module doc). */
export function pbo(returns: PboInput, options: PboOptions = {}): PboResult {
  const fn = 'pbo';
  let get: (t: number, n: number) => number;
  let T: number;
  let N: number;
  if (returns instanceof Panel) {
    const v = returns.values.slice();
    T = returns.nRows;
    N = returns.nCols;
    get = (t, n) => v[t * N + n];
  } else if (Array.isArray(returns)) {
    const cols = returns as readonly ArrayLike<number>[];
    N = cols.length;
    T = N ? cols[0].length : 0;
    cols.forEach((c, n) => {
      if (c.length !== T) throw new InputError(`${fn}: trial ${n} has ${c.length} returns, trial 0 has ${T}; all must have the same length`);
    });
    get = (t, n) => cols[n][t];
  } else {
    const m = returns as { values: ArrayLike<number>; nRows: number; nCols: number };
    T = m.nRows;
    N = m.nCols;
    if (m.values.length !== T * N) throw new InputError(`${fn}: values has ${m.values.length} entries for ${T} x ${N}`);
    get = (t, n) => m.values[t * N + n];
  }
  return pboOf(fn, get, T, N, options.S ?? PBO_DEFAULTS.S);
}

/** PBO over trials given by `get(t, n)`; the grid passes its point-major returns store directly. */
export function pboOf(fn: string, get: (t: number, n: number) => number, T: number, N: number, S: number): PboResult {
  if (!Number.isInteger(S) || S < 2 || S > 24 || S % 2 !== 0) throw new InputError(`${fn}: S must be an even integer in 2..24, got ${S}`);
  if (N < 2) throw new InputError(`${fn}: needs at least 2 trials, got ${N}`);
  const dropped = T % S;
  const sub = Math.floor(T / S);
  if (sub * (S / 2) < 2) throw new InputError(`${fn}: ${T} rows are too few for S = ${S} blocks (each half needs at least 2 rows)`);
  // Block sums and sums of squares, block-major: sum[s * N + n].
  const sum = new Float64Array(S * N);
  const sq = new Float64Array(S * N);
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      let a = 0;
      let b = 0;
      for (let t = dropped + s * sub, end = t + sub; t < end; t++) {
        const x = get(t, n);
        if (!Number.isFinite(x)) throw new InputError(`${fn}: trial ${n} has a non-finite return (${x}) at row ${t}; CSCV needs complete series`);
        a += x;
        b += x * x;
      }
      sum[s * N + n] = a;
      sq[s * N + n] = b;
    }
  }
  const half = S / 2;
  const rows = half * sub;
  const combos = binomial(S, half);
  const logits = new Float64Array(combos);
  const isSharpe = new Float64Array(combos);
  const oosSharpe = new Float64Array(combos);
  const isSum = new Float64Array(N);
  const isSq = new Float64Array(N);
  const oosSum = new Float64Array(N);
  const oosSq = new Float64Array(N);
  const oos = new Float64Array(N);
  const sharpe = (a: number, b: number): number => {
    const m = a / rows;
    const v = (b - a * m) / (rows - 1);
    return v > 0 ? m / Math.sqrt(v) : -Infinity;
  };
  let c = 0;
  let below = 0;
  let losses = 0;
  // Every choice of `half` training blocks, in lexicographic order (as itertools.combinations).
  const pick = Int32Array.from({ length: half }, (_, i) => i);
  for (let more = true; more; ) {
    let mask = 0;
    for (let i = 0; i < half; i++) mask |= 1 << pick[i];
    isSum.fill(0);
    isSq.fill(0);
    oosSum.fill(0);
    oosSq.fill(0);
    for (let s = 0; s < S; s++) {
      const inTrain = (mask >> s) & 1;
      const a = inTrain ? isSum : oosSum;
      const b = inTrain ? isSq : oosSq;
      for (let n = 0, k = s * N; n < N; n++, k++) {
        a[n] += sum[k];
        b[n] += sq[k];
      }
    }
    let best = 0;
    let bestValue = -Infinity;
    for (let n = 0; n < N; n++) {
      const v = sharpe(isSum[n], isSq[n]);
      if (n === 0 || v > bestValue) {
        best = n;
        bestValue = v;
      }
      oos[n] = sharpe(oosSum[n], oosSq[n]);
    }
    const v = oos[best];
    let less = 0;
    let equal = 0;
    for (let n = 0; n < N; n++) {
      if (oos[n] < v) less++;
      else if (oos[n] === v) equal++;
    }
    const w = (less + (equal + 1) / 2) / (N + 1);
    const logit = Math.log(w / (1 - w));
    logits[c] = logit;
    isSharpe[c] = bestValue === -Infinity ? NaN : bestValue;
    oosSharpe[c] = v === -Infinity ? NaN : v;
    if (logit <= 0) below++;
    if (v < 0) losses++;
    c++;
    // Next combination: bump the rightmost index that can move, reset the ones after it.
    let i = half - 1;
    while (i >= 0 && pick[i] === S - half + i) i--;
    if (i < 0) more = false;
    else {
      pick[i]++;
      for (let j = i + 1; j < half; j++) pick[j] = pick[j - 1] + 1;
    }
  }
  return { pbo: below / combos, logits, isSharpe, oosSharpe, probOosLoss: losses / combos, S, combinations: combos, nStrategies: N, nObs: T - dropped, blockRows: sub };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}
