import { DecisionTreeClassifier } from 'ml-cart';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkInt, checkNumber, checkOptions } from '../validate.js';
import { rowLabel } from '../inputs/index.js';
import { checkAligned } from '../inputs/index.js';
import { scheduleRows } from '../backtest/schedule.js';
import { pctChange } from '../kernels/returns.js';
import { rollingStd } from '../kernels/rolling.js';
import type { RebalanceSchedule } from '../backtest/options.js';

export interface MlTimingOptions {
  /** Candidate decision rows (default `'weekly-sun'`, the seed's "weekly, Sunday 00:00 UTC"); any `backtest` schedule. */
  schedule?: RebalanceSchedule;
  /** Trading cost in basis points of the turnover, charged in the label (default 10). */
  feesBps?: number;
  /** Rows of the realised-volatility feature (default 20). */
  volWindow?: number;
  /** Labelled periods needed before the model decides (default 20); before that every candidate rebalances. */
  minTrain?: number;
  /** Most recent labelled periods the model trains on (default: all, an expanding window). */
  trainWindow?: number;
  /** Depth of the CART tree (default 3). */
  maxDepth?: number;
}

/** Defaults of `mlRebalanceTiming` (one place). */
export const ML_TIMING_DEFAULTS = { schedule: 'weekly-sun' as RebalanceSchedule, feesBps: 10, volWindow: 20, minTrain: 20, maxDepth: 3 } as const;

const OPTIONS = ['schedule', 'feesBps', 'volWindow', 'minTrain', 'trainWindow', 'maxDepth'] as const;

/** Feature names, in the order of `MlTimingResult.features` rows. */
export const ML_TIMING_FEATURES = ['realisedVol', 'dispersion', 'signalChange', 'turnover'] as const;

export interface MlTimingResult {
  /** Dates (epoch ms; row numbers without dates) to rebalance on: pass as `backtest(prices, weights, { rebalance })`. */
  rebalance: number[];
  /** Candidate rows of the schedule, ascending. */
  candidates: number[];
  /** Per candidate: 1 rebalanced, 0 kept the book. */
  decisions: number[];
  /** Per candidate: 1 model decision, 0 warm-up (fewer than minTrain labelled periods: rebalanced). */
  byModel: number[];
  /** Per candidate: labelled periods the model trained on (all ended at or before the candidate's row). */
  trainSizes: number[];
  /** Per candidate: the features (ML_TIMING_FEATURES order), from rows <= the candidate. */
  features: number[][];
  /** Per candidate: 1 if rebalancing beat holding net of fees up to the next candidate, 0 if not, NaN for the last (no next period). */
  labels: number[];
  /** Out-of-sample hit rate: share of model decisions whose label matched the prediction (NaN when none is labelled). */
  hitRate: number;
}

/**
 * ML timing of rebalances (seed 000, notebook 12 "ML for rebalancing timing"): at each
 * candidate row c of `schedule`, a CART classifier (ml-cart, gini, mljs) decides
 * whether to trade the book to the target weights of row c or keep the current
 * (drifted) book until the next candidate.
 *
 * Simulation (lag 1, as `backtest`'s default: traded at the close of c, earning from
 * c + 1): r = 1-row simple returns (a missing return earns 0); the held weights drift,
 * h_j <- h_j (1 + r_j) / (1 + sum_k h_k r_k), cash earning 0. Features at c, from rows
 * <= c only (the `pctChange` and `rollingStd` kernels): realisedVol = pandas
 * `ew.rolling(volWindow).std()` of the equal-weight return ew of the valid assets; dispersion = cross-sectional std (ddof 0) of
 * r_c; signalChange = sum |w_c - w_last| (w_last the target last traded);
 * turnover = sum |w_c - h_c|; a feature still NaN (warm-up) is 0. Label of candidate c_k (the next candidate c_{k+1}): with
 * G(x) = prod over rows (c_k, c_{k+1}] of the growth of a book starting at x,
 * label = 1 when G(w_c) (1 - feesBps 1e-4 turnover) > G(h_c), else 0. It is known at
 * the close of c_{k+1}, so the model deciding at c_j trains on candidates k < j (the
 * last `trainWindow` of them): walk-forward, strictly no data after c_j. Until
 * `minTrain` labels exist every candidate rebalances (the plain schedule).
 *
 * Errors (before any work): unknown options; weights not lined up with the prices or
 * NaN (naming column and date); fewer than minTrain + 2 candidate rows (minTrain
 * labelled periods, one decision, and its outcome), naming the counts.
 * Complexity O(T N) for the simulation plus one tree fit per model decision.
 */
export function mlRebalanceTiming(prices: Panel, weights: Panel, options: MlTimingOptions = {}): MlTimingResult {
  const fn = 'mlRebalanceTiming';
  checkOptions(fn, options, OPTIONS);
  const o = options ?? {};
  const feesBps = checkNumber(fn, 'feesBps', o.feesBps ?? ML_TIMING_DEFAULTS.feesBps, { lo: 0 });
  const volWindow = checkInt(fn, 'volWindow', o.volWindow ?? ML_TIMING_DEFAULTS.volWindow, 2);
  const minTrain = checkInt(fn, 'minTrain', o.minTrain ?? ML_TIMING_DEFAULTS.minTrain, 2);
  const trainWindow = o.trainWindow === undefined ? Infinity : checkInt(fn, 'trainWindow', o.trainWindow, minTrain);
  const maxDepth = checkInt(fn, 'maxDepth', o.maxDepth ?? ML_TIMING_DEFAULTS.maxDepth, 1);
  if (!(prices instanceof Panel)) throw new InputError(`${fn}: prices must be a Panel`);
  checkAligned(fn, 'weights', weights, prices);
  const T = prices.nRows;
  const N = prices.nCols;
  const w = Float64Array.from(weights.values);
  for (let k = 0; k < w.length; k++) {
    if (!Number.isFinite(w[k])) throw new InputError(`${fn}: weight ${w[k]} in column '${prices.columns[k % N]}' at ${rowLabel(prices, Math.floor(k / N))}; target weights must be finite`);
  }
  const rows = scheduleRows(fn, prices, o.schedule ?? ML_TIMING_DEFAULTS.schedule);
  const candidates: number[] = [];
  for (let t = 0; t < T; t++) if (rows[t]) candidates.push(t);
  if (candidates.length < minTrain + 2) {
    throw new InputError(`${fn}: the schedule gives ${candidates.length} candidate dates; at least minTrain + 2 = ${minTrain + 2} are needed (${minTrain} labelled periods to train on, one decision and its outcome)`);
  }
  const rp = pctChange(prices, 1); // r_t = p_t / p_{t-1} - 1, NaN where either is missing
  const r = Float64Array.from(rp.values);
  rp.free();
  const ew = new Float64Array(T).fill(NaN); // equal-weight return of the valid assets
  const disp = new Float64Array(T).fill(NaN);
  for (let t = 0; t < T; t++) {
    let n = 0;
    let s = 0;
    for (let j = 0; j < N; j++) if (r[t * N + j] === r[t * N + j]) { n++; s += r[t * N + j]; }
    if (n === 0) continue;
    const m = s / n;
    let ss = 0;
    for (let j = 0; j < N; j++) if (r[t * N + j] === r[t * N + j]) ss += (r[t * N + j] - m) ** 2;
    ew[t] = m;
    disp[t] = Math.sqrt(ss / n);
  }
  const vol = rollingStd(ew, volWindow); // pandas ew.rolling(volWindow).std(): NaN until volWindow valid rows
  const grow = (x: Float64Array, from: number, to: number): number => {
    const h = Float64Array.from(x);
    let g = 1;
    for (let t = from + 1; t <= to; t++) g *= drift(h, r, t, N);
    return g;
  };
  const fee = feesBps * 1e-4;
  const features: number[][] = [];
  const labels: number[] = [];
  const decisions: number[] = [];
  const byModel: number[] = [];
  const trainSizes: number[] = [];
  const held = new Float64Array(N);
  const last = new Float64Array(N);
  let hits = 0;
  let scored = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    const target = w.subarray(c * N, (c + 1) * N);
    let signalChange = 0;
    let turnover = 0;
    for (let j = 0; j < N; j++) {
      signalChange += Math.abs(target[j] - last[j]);
      turnover += Math.abs(target[j] - held[j]);
    }
    const f = [vol[c], disp[c], signalChange, turnover].map((x) => (Number.isFinite(x) ? x : 0));
    features.push(f);
    // Labels of candidates k < i are known at the close of c_{k+1} <= c.
    const lo = Math.max(0, i - trainWindow);
    const n = i - lo;
    trainSizes.push(n);
    let act = 1;
    if (n >= minTrain) {
      const tree = new DecisionTreeClassifier({ gainFunction: 'gini', maxDepth, minNumSamples: 3 });
      tree.train(features.slice(lo, i), labels.slice(lo, i));
      act = tree.predict([f])[0] === 1 ? 1 : 0;
      byModel.push(1);
    } else {
      byModel.push(0);
    }
    decisions.push(act);
    const next = i + 1 < candidates.length ? candidates[i + 1] : -1;
    const label = next < 0 ? NaN : grow(target, c, next) * (1 - fee * turnover) > grow(held, c, next) ? 1 : 0;
    labels.push(label);
    if (byModel[i] && label === label) { scored++; if (label === act) hits++; }
    if (act) { held.set(target); last.set(target); }
    const end = next < 0 ? T - 1 : next;
    for (let t = c + 1; t <= end; t++) drift(held, r, t, N);
  }
  const dates = prices.index ? prices.dates() : null;
  const rebalance = candidates.filter((_, i) => decisions[i] === 1).map((c) => (dates ? dates[c] : c));
  return { rebalance, candidates, decisions, byModel, trainSizes, features, labels, hitRate: scored ? hits / scored : NaN };
}

/** Moves the weights h through row t's returns (missing = 0) and returns the book's growth 1 + sum h r. */
function drift(h: Float64Array, r: Float64Array, t: number, N: number): number {
  let g = 1;
  for (let j = 0; j < N; j++) {
    const x = r[t * N + j];
    if (x === x) g += h[j] * x;
  }
  if (g > 0) {
    for (let j = 0; j < N; j++) {
      const x = r[t * N + j];
      h[j] = (h[j] * (1 + (x === x ? x : 0))) / g;
    }
  }
  return g;
}
