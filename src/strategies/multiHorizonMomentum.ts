import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { absoluteFilter } from '../kernels/weights.js';
import { checkDualTopN, defensiveColumn, defensiveParam, lookbackRiskFree, periodsPerYearParam, riskFreeParam } from './dualMomentum.js';
import { checkEligible, maskIneligible } from '../universe/eligible.js';
import type { BackendOption } from '../kernels/dispatch.js';
import { pctChange, shift } from '../kernels/returns.js';
import { kernelsFor } from '../kernels/dispatch.js';
import type { Kernels } from '../engine/index.js';
import { topNBook, topNOrderOf } from '../kernels/weights.js';
import { checkInt, checkNumber } from '../validate.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { backendOption, checkedByStrategy, eligibleOption, skipParam } from '../schema/shared.js';
import { checkLookback } from '../inputs/index.js';
import { withPrices, type PriceInput } from '../inputs/index.js';

export interface MultiHorizonOptions extends BackendOption {
  /** Lookbacks in bars (default [7, 30, 90]: a week, a month, a quarter of crypto days). */
  horizons?: readonly number[];
  /** Weight of each horizon's return (default [0.3, 0.4, 0.3]); same length as horizons. */
  weights?: readonly number[];
  /** Most recent bars skipped before measuring (default 1, against short-term reversal). */
  skip?: number;
  /**
   * When given, return target weights instead of scores: the topN assets with the
   * highest POSITIVE score (or, with `riskFree`, a score above the risk-free blend),
   * 1 / topN each (empty slots in cash, or in `defensive`).
   */
  topN?: number;
  /**
   * Absolute filter, as `dualMomentum`'s (needs topN): an annual risk-free rate, a constant
   * (default 0) or one rate per date (a Float64Array of length T, or a one-column Panel
   * with the prices' rows), the rate known on that date. An asset is a candidate when its
   * score beats the same blend of the rate compounded over each horizon:
   * m_t > sum_k w_k ((1 + rf_t)^(h_k / periodsPerYear) - 1).
   */
  riskFree?: number | Float64Array | Panel;
  /** Bars per year, to scale the annual rate to each horizon (default: inferred from the dates). */
  periodsPerYear?: number;
  /**
   * Column that receives the weight of empty slots (needs topN): a stablecoin such as
   * USDT, a bond. Default: cash, which earns the backtest's `cashRate`.
   */
  defensive?: string;
  /**
   * 0/1 eligibility Panel from `universe` (same dates and columns as the prices): an
   * asset with 0 on a row has no signal there, so its score is NaN and it is never selected.
   */
  eligible?: Panel;
}

/** Defaults of `multiHorizonMomentum`, the seed's LOOKBACK_PERIODS / PERIOD_WEIGHTS (one place). */
export const MULTI_HORIZON_DEFAULTS = { horizons: [7, 30, 90], weights: [0.3, 0.4, 0.3], skip: 1 } as const;

/** topN the command line holds when none is given (without topN the library returns scores, not weights). */
export const MULTI_HORIZON_CLI_TOP_N = 3;

/**
 * The options of `multiHorizonMomentum`: what it validates, and what the grid, the CLI and
 * the web form offer. horizons and weights are checked together by `checkHorizonWeights`.
 */
export const MULTI_HORIZON_PARAMS: readonly ParamSchema[] = Object.freeze([
  {
    name: 'horizons', type: 'periodList', min: 1, default: MULTI_HORIZON_DEFAULTS.horizons, description: 'lookbacks, comma separated', gridable: true,
    check: checkedByStrategy, form: { label: 'Horizons (bars)' },
  },
  {
    name: 'weights', type: 'numberList', default: MULTI_HORIZON_DEFAULTS.weights, description: 'weight per horizon, comma separated', gridable: true,
    check: checkedByStrategy, form: { label: 'Horizon weights' },
  },
  skipParam(MULTI_HORIZON_DEFAULTS.skip),
  {
    name: 'topN', type: 'integer', min: 1, description: 'assets held, 1/topN each', gridable: true, cli: { default: MULTI_HORIZON_CLI_TOP_N },
    form: { label: 'Top N held', initial: MULTI_HORIZON_CLI_TOP_N, hint: 'needed for weights (without it the strategy returns scores)' },
  },
  riskFreeParam(undefined, 'annual risk-free rate of the absolute filter, scaled to each horizon (default 0)', { form: false }),
  periodsPerYearParam,
  defensiveParam('column that takes the empty slots (e.g. USDT); default cash (earning --cash-rate)', { form: false }),
  eligibleOption,
  backendOption,
]);

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
 * `riskFree` and `defensive` (with topN only) mirror `dualMomentum`: the absolute filter
 * compares the score with the risk-free rate scaled to each horizon and blended with the
 * horizon weights, rf_t^m = sum_k w_k ((1 + rf_t)^(h_k / periodsPerYear) - 1) (accumulated
 * in the score's order); an asset passes when m - rf^m > 0. Empty slots put their 1 / topN
 * in the `defensive` column when one is named (a stablecoin: USDT), else in cash (which
 * earns the backtest's `cashRate`). The defensive column is never a candidate; if its price
 * is missing on a date its share stays in cash that date; a date on which no candidate has
 * a score (the warm-up) is all cash, even with a defensive column. Kernels: the score's,
 * then dual momentum's `dualMomentumFilter` and the top-N book. periodsPerYear is only
 * needed (inferred from the dates unless given) for a rate other than the constant 0.
 *
 * Uses rows <= t only. Errors: unknown options; horizons not integers >= 1; weights
 * not finite or of another length; max(horizons) + skip >= rows; topN not in
 * [1, assets] (the defensive column is not a candidate); riskFree or defensive without
 * topN; an unknown defensive column; a rate series of the wrong length or with NaN /
 * rates <= -1 (naming the row); non-positive prices. Complexity O(T N K) for K horizons (one shift and
 * K pct_change kernel calls) plus O(T N log topN) for the selection.
 */
export function multiHorizonMomentum(prices: PriceInput, options: MultiHorizonOptions = {}): Panel {
  const fn = 'multiHorizonMomentum';
  const o = resolveParams<MultiHorizonOptions & Required<Pick<MultiHorizonOptions, 'horizons' | 'weights' | 'skip'>>>(MULTI_HORIZON_PARAMS, options, fn);
  const { horizons, weights, skip } = o;
  checkHorizonWeights(fn, horizons, weights);
  return withPrices(fn, prices, (p) => {
    const topN = o.topN ?? 0;
    const filtered = o.riskFree !== undefined || o.defensive !== undefined || o.periodsPerYear !== undefined;
    if (topN === 0 && filtered) {
      throw new InputError(`${fn}: riskFree, periodsPerYear and defensive shape target weights and need topN (without topN the result is the score panel)`);
    }
    const def = defensiveColumn(fn, p, o.defensive);
    if (def >= 0) checkDualTopN(fn, p.nCols, def, topN, o.defensive);
    else checkMultiHorizonTopN(fn, topN, p.nCols);
    checkEligible(fn, p, o.eligible);
    const signal = { horizons, weights, skip, eligible: o.eligible, backend: o.backend };
    if (topN === 0) return multiHorizonScore(fn, p, signal);
    const prepared = prepareMultiHorizon(fn, p, filtered ? { ...signal, riskFree: o.riskFree, periodsPerYear: o.periodsPerYear, def } : signal);
    try {
      return multiHorizonWeights(prepared, topN, p);
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

/** The absolute filter and defensive column of `prepareMultiHorizon` (absent: rate 0, cash). */
export interface MultiHorizonFilterOptions {
  riskFree?: MultiHorizonOptions['riskFree'];
  periodsPerYear?: number;
  /** Column of the defensive asset, -1 (default) for cash. */
  def?: number;
}

/** The kernel result `multiHorizonWeights` reads; `free` returns it. */
export interface MultiHorizonPrepared {
  /** The scores passing the filter (NaN for the others: <= rf blend, NaN, the defensive column). */
  positive: Panel;
  /** With a filter: one column, T rows, the candidates with a score per date; else null. */
  valid: Panel | null;
  /** Column of the defensive asset, -1 for cash. */
  def: number;
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
export function prepareMultiHorizon(fn: string, p: Panel, o: MultiHorizonSignalOptions & MultiHorizonFilterOptions & { depth?: number }): MultiHorizonPrepared {
  const k = kernelsFor(fn, o.backend);
  if (o.riskFree !== undefined || o.periodsPerYear !== undefined || (o.def ?? -1) >= 0) return prepareFiltered(fn, k, p, o);
  const score = multiHorizonScore(fn, p, o);
  try {
    const s = score.values;
    for (let i = 0; i < s.length; i++) if (!(s[i] > 0)) s[i] = NaN;
    const order = o.depth ? topNOrderOf(k, score, o.depth) : null;
    return { positive: score, valid: null, def: -1, order, kernels: k, free: () => { order?.free(); score.free(); } };
  } catch (e) {
    score.free();
    throw e;
  }
}

/**
 * `prepareMultiHorizon` with the absolute filter and / or a defensive column: the score,
 * rf^m = sum_k w_k rf_{h_k} (dual momentum's `lookbackRiskFree` per horizon, null for the
 * constant 0) and dual momentum's filter kernel (m - rf^m > 0, the defensive column never
 * passing, the valid candidates counted per date).
 */
function prepareFiltered(fn: string, k: Kernels, p: Panel, o: MultiHorizonSignalOptions & MultiHorizonFilterOptions & { depth?: number }): MultiHorizonPrepared {
  const def = o.def ?? -1;
  let rf: Float64Array | null = null;
  for (let h = 0; h < o.horizons.length; h++) {
    const rfH = lookbackRiskFree(fn, p, o, o.horizons[h]);
    if (rfH === null) break;
    if (rf === null) rf = new Float64Array(p.nRows);
    for (let t = 0; t < rf.length; t++) rf[t] += rfH[t] * o.weights[h];
  }
  const score = multiHorizonScore(fn, p, o);
  let filtered: { passed: Panel; valid: Panel } | null = null;
  try {
    filtered = absoluteFilter(k, score, rf, def);
    const { passed, valid } = filtered;
    const order = o.depth ? topNOrderOf(k, passed, o.depth) : null;
    filtered = null;
    return { positive: passed, valid, def, order, kernels: k, free: () => { order?.free(); passed.free(); valid.free(); } };
  } finally {
    score.free();
    filtered?.passed.free();
    filtered?.valid.free();
  }
}

/**
 * The weights half of `multiHorizonMomentum` (internal): 1 / topN on the topN highest
 * passing scores (the descending 'first' rank <= topN: ties to the leftmost column), 0
 * elsewhere, the empty slots to the defensive column when prepared with one (priced that
 * date: `prices` is read for it): `topNBook` (from the prepared order when topN fits its
 * depth). O(T N log topN).
 */
export function multiHorizonWeights(prepared: MultiHorizonPrepared, topN: number, prices?: Panel): Panel {
  const { positive, valid, def, order, kernels } = prepared;
  if (def >= 0 && prices === undefined) throw new RangeError('multiHorizonWeights: a defensive column needs the prices');
  return topNBook(kernels, positive, order, valid, prices ?? positive, topN, def);
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
