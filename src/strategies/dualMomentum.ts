import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import type { BackendOption } from '../kernels/dispatch.js';
import { kernelsFor } from '../kernels/dispatch.js';
import type { Kernels } from '../engine/index.js';
import { absoluteFilter, topNBook, topNOrderOf } from '../kernels/weights.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { backendOption, checkedByStrategy, eligibleOption, lookbackParam, skipParam } from '../schema/shared.js';
import { checkEligible, maskIneligible } from '../universe/eligible.js';
import { resolvePeriodsPerYear, rowLabel } from '../inputs/index.js';
import { lookbackReturns } from './lookbackReturns.js';
import { withPrices, type PriceInput } from '../inputs/index.js';

export interface DualMomentumOptions extends BackendOption {
  /** Bars over which the momentum return is measured (default 252). */
  lookback?: number;
  /** Most recent bars left out of the return (default 0). */
  skip?: number;
  /** Number of slots, each 1 / topN of the portfolio (default 3). */
  topN?: number;
  /**
   * Annual risk-free rate: a constant (default 0), or one rate per date (a Float64Array
   * of length T, or a one-column Panel with the prices' rows), the rate known on that date.
   */
  riskFree?: number | Float64Array | Panel;
  /** Bars per year, to scale the annual rate to the lookback (default: inferred from the dates). */
  periodsPerYear?: number;
  /** Column that receives the weight of empty slots (a stablecoin, a bond); default: cash. */
  defensive?: string;
  /**
   * 0/1 eligibility Panel from `universe` (same dates and columns as the prices): an
   * asset with 0 on a row has no signal there, so it is neither passes the filter nor counts as a candidate and gets weight 0.
   */
  eligible?: Panel;
}

/** Defaults of `dualMomentum` (one place). */
export const DUAL_MOMENTUM_DEFAULTS = { lookback: 252, skip: 0, topN: 3, riskFree: 0 } as const;

/** `riskFree` of the absolute filter: a number > -1 on the command line, the grid and the form; the library also takes a rate per row. */
export const riskFreeParam = (dflt: number | undefined, description: string, extra: Partial<ParamSchema> = {}): ParamSchema => ({
  name: 'riskFree', type: 'number', min: -1, minOpen: true, default: dflt, description, gridable: true, check: checkedByStrategy,
  form: { label: 'Risk-free rate (annual)', step: 0.005 }, ...extra,
});

/** `periodsPerYear`: bars per year (checked by `resolvePeriodsPerYear` when a rate needs it). */
export const periodsPerYearParam: ParamSchema = {
  name: 'periodsPerYear', type: 'number', min: 0, minOpen: true, description: 'bars per year (default: from the dates)', check: checkedByStrategy, form: false,
};

/** `defensive`: the column that takes the weight of empty slots (checked by `defensiveColumn`). */
export const defensiveParam = (description: string, extra: Partial<ParamSchema> = {}): ParamSchema => ({
  name: 'defensive', type: 'column', description, gridable: true, form: { label: 'Empty slots go to', hint: 'cash, or a defensive asset (e.g. USDT)' }, ...extra,
});

/** The options of `dualMomentum`: what it validates, and what the grid, the CLI and the web form offer. */
export const DUAL_PARAMS: readonly ParamSchema[] = Object.freeze([
  lookbackParam(DUAL_MOMENTUM_DEFAULTS.lookback),
  skipParam(DUAL_MOMENTUM_DEFAULTS.skip),
  { name: 'topN', type: 'integer', min: 1, default: DUAL_MOMENTUM_DEFAULTS.topN, description: 'slots, 1/topN each', gridable: true, form: { label: 'Top N held' } },
  riskFreeParam(DUAL_MOMENTUM_DEFAULTS.riskFree, 'annual risk-free rate of the absolute filter'),
  periodsPerYearParam,
  defensiveParam('column that takes the empty slots (e.g. USDT); default cash'),
  eligibleOption,
  backendOption,
]);

/**
 * Dual momentum (Antonacci 2014; seed 000 `dual_momentum`): an absolute filter, then a
 * relative ranking.
 *
 * r as in `tsm`. Absolute momentum: an asset passes on date t when r - rf_L > 0, where
 * rf_L = (1 + rf_t)^(lookback / periodsPerYear) - 1 is the annual risk-free rate rf_t
 * (known at t) compounded over the same lookback (the seed subtracts the annual rate
 * itself; the rule, and Antonacci, compare like with like). Relative momentum: the
 * passing assets are ranked by r, best first (pandas descending rank, method
 * `'first'`: ties go to the leftmost column), and the best topN are held at 1 / topN
 * each (the set is selected directly, without ranking the rest). Slots left empty (fewer than topN pass) put their 1 / topN in cash, or in the
 * `defensive` asset when one is named; when nothing passes the portfolio is all cash /
 * all defensive. The defensive asset is never a candidate itself; if its price is
 * missing on a date, its share stays in cash that date. Assets without a valid r
 * (history shorter than lookback + skip, missing prices) cannot pass; a date on which
 * NO candidate has a valid r (the warm-up rows, a universe that is empty that day) has
 * no signal at all and is all cash (zeros), even with a defensive asset. Weights sum to 1
 * (with a defensive asset) or to (held) / topN (cash being the rest); never NaN.
 *
 * periodsPerYear is only needed (and inferred from the dates unless given) when the
 * risk-free rate is not the constant 0. Uses rows <= t only.
 * Errors: unknown options; topN not an integer in [1, candidates]; an unknown defensive
 * column; a rate series of the wrong length or with NaN / rates <= -1 (naming the row);
 * lookback + skip >= rows; non-positive prices.
 * Complexity O(T N log topN): a pct_change, the filter and a bounded-heap top-N selection
 * per row (kernels `dualMomentumFilter` and `topNWeights`, wasm or their twins).
 */
export function dualMomentum(prices: PriceInput, options: DualMomentumOptions = {}): Panel {
  const fn = 'dualMomentum';
  const o = resolveParams<DualMomentumOptions & Required<Pick<DualMomentumOptions, 'lookback' | 'skip' | 'topN'>>>(DUAL_PARAMS, options, fn);
  const { lookback, skip, topN } = o;
  return withPrices(fn, prices, (p) => {
    const def = defensiveColumn(fn, p, o.defensive);
    checkDualTopN(fn, p.nCols, def, topN, o.defensive);
    checkEligible(fn, p, o.eligible);
    const prepared = prepareDualMomentum(fn, p, def, { lookback, skip, riskFree: o.riskFree, periodsPerYear: o.periodsPerYear, eligible: o.eligible, backend: o.backend });
    try {
      return dualMomentumWeights(prepared, p, topN);
    } finally {
      prepared.free();
    }
  });
}

/** The signal parameters of `dualMomentum` (lookback and skip validated), shared by every topN. */
export interface DualMomentumSignalOptions extends BackendOption {
  lookback: number;
  skip: number;
  /** Also keep the order of the `depth` best passing assets per date (grids: many topN per signal); default 0. */
  depth?: number;
  riskFree?: DualMomentumOptions['riskFree'];
  periodsPerYear?: number;
  /** Checked by `checkEligible`; its 0 cells make r NaN before the filter. */
  eligible?: Panel;
}

/** The kernel results `dualMomentumWeights` reads; `free` returns the panels. */
export interface DualMomentumPrepared {
  /** The lookback returns r of the assets passing the absolute filter (NaN for the others and the defensive column). */
  passed: Panel;
  /** One column, T rows: the number of candidates (defensive excluded) with a valid r on each date. */
  valid: Panel;
  /** The `depth` best passing assets per date (`topNOrderOf`), or null (depth 0). */
  order: Panel | null;
  /** Column of the defensive asset, -1 for cash. */
  def: number;
  /** The kernels (backend) that made it, used again by `dualMomentumWeights`. */
  kernels: Kernels;
  free(): void;
}

/**
 * The signal half of `dualMomentum` (internal: the public function and its grid plan):
 * rf_L, the lookback returns r and the absolute filter r - rf_L > 0 (the defensive column
 * never passes), with the count of valid candidates per date, and with `depth` > 0 the
 * order of the best passing assets per date (`topNOrderOf`). Errors: a bad risk-free
 * rate or periodsPerYear, lookback + skip >= rows. Kernels: one shift (skip > 0), one
 * pct_change, one `dualMomentumFilter`. The caller frees the result.
 */
export function prepareDualMomentum(fn: string, p: Panel, def: number, o: DualMomentumSignalOptions): DualMomentumPrepared {
  const k = kernelsFor(fn, o.backend);
  const rfL = lookbackRiskFree(fn, p, o, o.lookback);
  const ret = maskIneligible(lookbackReturns(fn, p, o.lookback, o.skip, o.backend), o.eligible);
  let filtered: { passed: Panel; valid: Panel } | null = null;
  try {
    filtered = absoluteFilter(k, ret, rfL, def);
    const { passed, valid } = filtered;
    const order = o.depth ? topNOrderOf(k, passed, o.depth) : null;
    filtered = null;
    return { passed, valid, order, def, kernels: k, free: () => { order?.free(); passed.free(); valid.free(); } };
  } finally {
    ret.free();
    filtered?.passed.free();
    filtered?.valid.free();
  }
}

/**
 * The weights half of `dualMomentum` (internal): 1 / topN on the topN best passing
 * assets (the descending 'first' rank <= topN: ties to the leftmost column), the empty
 * slots' share to the defensive asset (when named, priced that date, and some candidate
 * has a valid r), else cash: `topNBook` (from the prepared order when topN fits its depth,
 * else the `topNWeights` selection). topN must fit the candidates (`checkDualTopN`).
 * O(T N log topN), O(T N) from an order.
 */
export function dualMomentumWeights(prepared: DualMomentumPrepared, p: Panel, topN: number): Panel {
  const { passed, valid, order, def, kernels } = prepared;
  return topNBook(kernels, passed, order, valid, p, topN, def);
}

/** topN must not exceed the candidates (the N columns less the defensive one). */
export function checkDualTopN(fn: string, nCols: number, def: number, topN: number, defensive: unknown): void {
  const candidates = def < 0 ? nCols : nCols - 1;
  if (topN > candidates) throw new InputError(`${fn}: topN ${topN} exceeds the ${candidates} candidate assets${def < 0 ? '' : ` (the defensive '${String(defensive)}' is not a candidate)`}`);
}

/** Column of the defensive asset named `name`, -1 (cash) when none is named. */
export function defensiveColumn(fn: string, p: Panel, name: unknown): number {
  if (name === undefined) return -1;
  const j = typeof name === 'string' ? p.columns.indexOf(name) : -1;
  if (j < 0) throw new InputError(`${fn}: defensive must name a column of the prices, got ${JSON.stringify(name)}; columns are ${p.columns.join(', ')}`);
  return j;
}

/**
 * rf_L per date: the annual rate compounded over the lookback, (1 + rf)^(L / ppy) - 1; null
 * for the constant 0 (internal: also `multiHorizonMomentum`'s filter, once per horizon).
 */
export function lookbackRiskFree(fn: string, p: Panel, o: Pick<DualMomentumOptions, 'riskFree' | 'periodsPerYear'>, lookback: number): Float64Array | null {
  const T = p.nRows;
  const rf = o.riskFree ?? DUAL_MOMENTUM_DEFAULTS.riskFree;
  if (rf === 0) {
    if (o.periodsPerYear !== undefined) resolvePeriodsPerYear(fn, o.periodsPerYear, p.dates(), 'error');
    return null;
  }
  const out = new Float64Array(T);
  let rates: Float64Array;
  if (typeof rf === 'number') {
    rates = new Float64Array(T).fill(rf);
  } else if (rf instanceof Float64Array) {
    rates = rf;
  } else if (rf instanceof Panel) {
    if (rf.nCols !== 1) throw new InputError(`${fn}: riskFree as a Panel must have one column, got ${rf.nCols} (${rf.columns.join(', ')})`);
    rates = rf.column(0);
  } else {
    throw new InputError(`${fn}: riskFree must be a number, a Float64Array or a one-column Panel`);
  }
  if (rates.length !== T) throw new InputError(`${fn}: riskFree has ${rates.length} rates for ${T} rows of prices`);
  const ppy = resolvePeriodsPerYear(fn, o.periodsPerYear, p.dates(), 'error');
  const years = lookback / ppy;
  for (let t = 0; t < T; t++) {
    const x = rates[t];
    if (!(x > -1) || !Number.isFinite(x)) {
      throw new InputError(`${fn}: riskFree rate ${x} at ${rowLabel(p, t)} (row ${t}); annual rates must be finite and > -1 (a missing rate is not allowed)`);
    }
    out[t] = (1 + x) ** years - 1;
  }
  return out;
}
