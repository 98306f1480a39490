import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { checkEligible, maskIneligible } from '../universe/eligible.js';
import type { BackendOption } from '../kernels/dispatch.js';
import { pctChange, shift } from '../kernels/returns.js';
import { kernelsFor } from '../kernels/dispatch.js';
import type { Kernels } from '../engine/kernels.js';
import { topNBook, topNOrderOf } from '../kernels/weights.js';
import { checkInt, checkNumber, checkOptions } from '../validate.js';
import { checkLookback } from './common.js';
import { withPrices, type PriceInput } from './prices.js';

export interface MultiHorizonOptions extends BackendOption {
  /** Lookbacks in bars (default [7, 30, 90]: a week, a month, a quarter of crypto days). */
  horizons?: readonly number[];
  /** Weight of each horizon's return (default [0.3, 0.4, 0.3]); same length as horizons. */
  weights?: readonly number[];
  /** Most recent bars skipped before measuring (default 1, against short-term reversal). */
  skip?: number;
  /**
   * When given, return target weights instead of scores: the topN assets with the
   * highest POSITIVE score, 1 / topN each (empty slots in cash).
   */
  topN?: number;
  /**
   * 0/1 eligibility Panel from `universe` (same dates and columns as the prices): an
   * asset with 0 on a row has no signal there, so it is its score is NaN and it is never selected.
   */
  eligible?: Panel;
}

/** Defaults of `multiHorizonMomentum`, the seed's LOOKBACK_PERIODS / PERIOD_WEIGHTS (one place). */
export const MULTI_HORIZON_DEFAULTS = { horizons: [7, 30, 90], weights: [0.3, 0.4, 0.3], skip: 1 } as const;

const MULTI_HORIZON_OPTIONS = ['horizons', 'weights', 'skip', 'topN', 'eligible', 'backend'] as const;

/**
 * Multi-horizon momentum score (seed 000 `calculate_crypto_momentum`):
 * m_t = sum_k w_k * (p_{t-skip} / p_{t-skip-h_k} - 1), i.e. pandas
 * `sum_k prices.shift(skip).pct_change(h_k) * w_k`, accumulated in the seed's order
 * (m = 0; m += r_k * w_k for each horizon in turn), so it matches the seed bit for bit.
 *
 * Returns the score panel: NaN until the longest horizon has history (lookback
 * max(h) + skip) and wherever a price it needs is missing (the seed's 0.0 + NaN).
 *
 * With `topN`, returns target weights instead: on each date the topN assets with the
 * highest positive score (the best by a descending rank, ties to the leftmost column;
 * the set is selected directly by the `topNWeights` kernel) get 1 / topN each; assets
 * with a score <= 0 or NaN get 0, and slots left empty stay in cash (like `dualMomentum` with a zero risk-free rate). For
 * 1 / (number held) instead, pass the result through `equalWeight`.
 *
 * Uses rows <= t only. Errors: unknown options; horizons not integers >= 1; weights
 * not finite or of another length; max(horizons) + skip >= rows; topN not in
 * [1, assets]; non-positive prices. Complexity O(T N K) for K horizons (one shift and
 * K pct_change kernel calls) plus O(T N log topN) for the selection.
 */
export function multiHorizonMomentum(prices: PriceInput, options: MultiHorizonOptions = {}): Panel {
  const fn = 'multiHorizonMomentum';
  checkOptions(fn, options, MULTI_HORIZON_OPTIONS);
  const o = options ?? {};
  const horizons = o.horizons ?? MULTI_HORIZON_DEFAULTS.horizons;
  const weights = o.weights ?? MULTI_HORIZON_DEFAULTS.weights;
  checkHorizonWeights(fn, horizons, weights);
  const skip = checkInt(fn, 'skip', o.skip ?? MULTI_HORIZON_DEFAULTS.skip, 0);
  return withPrices(fn, prices, (p) => {
    const topN = o.topN === undefined ? 0 : checkInt(fn, 'topN', o.topN, 1);
    checkMultiHorizonTopN(fn, topN, p.nCols);
    checkEligible(fn, p, o.eligible);
    const signal = { horizons, weights, skip, eligible: o.eligible, backend: o.backend };
    if (topN === 0) return multiHorizonScore(fn, p, signal);
    const prepared = prepareMultiHorizon(fn, p, signal);
    try {
      return multiHorizonWeights(prepared, topN);
    } finally {
      prepared.free();
    }
  });
}

/** horizons a non-empty list of integers >= 1, weights one finite number per horizon. */
export function checkHorizonWeights(fn: string, horizons: unknown, weights: unknown): asserts horizons is readonly number[] {
  if (!Array.isArray(horizons) || horizons.length === 0) throw new InputError(`${fn}: horizons must be a non-empty array of integers >= 1`);
  if (!Array.isArray(weights) || weights.length !== horizons.length) {
    throw new InputError(`${fn}: weights must be an array with one weight per horizon (${horizons.length}), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
  }
  horizons.forEach((h, k) => checkInt(fn, `horizons[${k}]`, h, 1));
  weights.forEach((w, k) => checkNumber(fn, `weights[${k}]`, w));
}

/** topN (0 = scores) must not exceed the universe. */
export function checkMultiHorizonTopN(fn: string, topN: number, nCols: number): void {
  if (topN > nCols) throw new InputError(`${fn}: topN ${topN} exceeds the universe of ${nCols} assets`);
}

/** The signal parameters of `multiHorizonMomentum` (validated), shared by every topN. */
export interface MultiHorizonSignalOptions extends BackendOption {
  horizons: readonly number[];
  weights: readonly number[];
  skip: number;
  /** Checked by `checkEligible`; its 0 cells make the score NaN. */
  eligible?: Panel;
}

/** The kernel result `multiHorizonWeights` reads; `free` returns it. */
export interface MultiHorizonPrepared {
  /** The positive scores (NaN for scores <= 0 or NaN). */
  positive: Panel;
  /** The `depth` best positive scores per date (`topNOrderOf`), or null (depth 0). */
  order: Panel | null;
  /** The kernels (backend) that made it, used again by `multiHorizonWeights`. */
  kernels: Kernels;
  free(): void;
}

/**
 * The score m = sum_k w_k pct_change(h_k) of the prices shifted by skip (internal).
 * Errors: max(horizons) + skip >= rows. Kernels: one shift (skip > 0), K pct_change.
 */
export function multiHorizonScore(fn: string, p: Panel, o: MultiHorizonSignalOptions): Panel {
  const longest = Math.max(...o.horizons);
  checkLookback(fn, o.skip > 0 ? `max(horizons) + skip (${longest} + ${o.skip}) =` : 'max(horizons)', longest + o.skip, p.nRows);
  return maskIneligible(scores(p, o.horizons, o.weights, o.skip, o.backend), o.eligible);
}

/**
 * The signal half of `multiHorizonMomentum` with topN (internal: the public function and
 * its grid plan): the score, its non-positive values set to NaN, and with `depth` > 0 the
 * order of the best positive scores per date (`topNOrderOf`). Kernels: those of the
 * score. The caller frees the result.
 */
export function prepareMultiHorizon(fn: string, p: Panel, o: MultiHorizonSignalOptions & { depth?: number }): MultiHorizonPrepared {
  const k = kernelsFor(fn, o.backend);
  const score = multiHorizonScore(fn, p, o);
  try {
    const s = score.values;
    for (let i = 0; i < s.length; i++) if (!(s[i] > 0)) s[i] = NaN;
    const order = o.depth ? topNOrderOf(k, score, o.depth) : null;
    return { positive: score, order, kernels: k, free: () => { order?.free(); score.free(); } };
  } catch (e) {
    score.free();
    throw e;
  }
}

/**
 * The weights half of `multiHorizonMomentum` (internal): 1 / topN on the topN highest
 * positive scores (the descending 'first' rank <= topN: ties to the leftmost column), 0
 * elsewhere: `topNBook` (from the prepared order when topN fits its depth). O(T N log topN).
 */
export function multiHorizonWeights(prepared: MultiHorizonPrepared, topN: number): Panel {
  const { positive, order, kernels } = prepared;
  return topNBook(kernels, positive, order, null, positive, topN, -1);
}

function scores(p: Panel, horizons: readonly number[], weights: readonly number[], skip: number, backend: MultiHorizonOptions['backend']): Panel {
  const lagged = skip > 0 ? shift(p, { periods: skip, backend }) : p;
  try {
    const m = p.like();
    m.values.fill(0);
    for (let k = 0; k < horizons.length; k++) {
      const r = pctChange(lagged, { periods: horizons[k], backend });
      const rv = r.values;
      const mv = m.values;
      const wk = weights[k];
      for (let i = 0; i < mv.length; i++) mv[i] += rv[i] * wk;
      r.free();
    }
    return m;
  } finally {
    if (lagged !== p) lagged.free();
  }
}
