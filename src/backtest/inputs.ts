import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { rowLabel } from '../inputs/index.js';
import type { Kernels } from '../engine/index.js';
import { runInputCheck, runPriceCheck, runTargetCheck } from '../kernels/simulate.js';

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : String(ms));

/**
 * `align: true`: a new weights panel on the prices' rows and columns. Rows are matched
 * by date (by position when either panel has no dates), columns by name; price rows and
 * columns the weights lack get target 0. A weight date or column the prices lack is an
 * InputError (there is no price to trade it at). O(T N).
 */
export function alignWeights(fn: string, prices: Panel, weights: Panel): Panel {
  const T = prices.nRows;
  const N = prices.nCols;
  const colOf = weights.columns.map((c) => {
    const j = prices.columns.indexOf(c);
    if (j < 0) throw new InputError(`${fn}: weights column '${c}' is not a price column (${prices.columns.join(', ')}); it cannot be traded`);
    return j;
  });
  const rowOf = new Int32Array(weights.nRows);
  if (prices.index && weights.index) {
    const where = new Map<number, number>();
    prices.dates().forEach((ms, t) => where.set(ms, t));
    const wd = weights.dates();
    const used = new Uint8Array(T);
    for (let r = 0; r < wd.length; r++) {
      const t = where.get(wd[r]);
      if (t === undefined) throw new InputError(`${fn}: weights date ${iso(wd[r])} (row ${r}) is not a date of the prices; it cannot be traded`);
      if (used[t]) throw new InputError(`${fn}: weights date ${iso(wd[r])} appears twice`);
      used[t] = 1;
      rowOf[r] = t;
    }
  } else {
    if (weights.nRows !== T) throw new InputError(`${fn}: weights have ${weights.nRows} rows, prices ${T}; without dates on both, rows align by position`);
    for (let r = 0; r < T; r++) rowOf[r] = r;
  }
  const out = Panel.filled(T, N, 0, prices.labels());
  const o = out.values;
  const w = weights.values;
  const Nw = weights.nCols;
  for (let r = 0; r < weights.nRows; r++) {
    const base = rowOf[r] * N;
    for (let c = 0; c < Nw; c++) o[base + colOf[c]] = w[r * Nw + c];
  }
  return out;
}

export interface TargetRules {
  nanWeights: 'error' | 'zero';
  allowShort: boolean;
  lag: number;
  /** One byte per decision row: 1 = its targets are traded. */
  flags: Uint8Array;
}

/**
 * Checks every price and target cell in one kernel pass (wasm, or the twin for
 * backend 'js'): prices must be > 0 and finite where present; targets finite, NaN only
 * with nanWeights 'zero', >= 0 unless allowShort, and 0 where a scheduled target would
 * trade (row t + lag - 1) at a bar without a price for its asset. Throws an InputError
 * naming the first offending cell's date and asset. O(T N).
 */
export function checkInputs(fn: string, k: Kernels, prices: Panel, weights: Panel, rules: TargetRules): void {
  const { nanWeights, allowShort, lag, flags } = rules;
  throwBadCell(fn, prices, weights, lag, runInputCheck(k, prices, weights, flags, lag, allowShort, nanWeights === 'zero'));
}

/**
 * The price half of `checkInputs` (a grid checks its prices once, then each weights panel
 * with `checkTargets`): throws the same InputError for the first bad price. O(T N).
 */
export function checkPrices(fn: string, k: Kernels, prices: Panel): void {
  throwBadCell(fn, prices, null, 0, runPriceCheck(k, prices));
}

/**
 * The target half of `checkInputs`, for prices already checked by `checkPrices`: throws the
 * same InputError for the first bad target. `gaps` (`priceGaps(prices)`, optional) only
 * saves work: the missing-price rule is tested on the rows it marks. O(T N).
 */
export function checkTargets(fn: string, k: Kernels, prices: Panel, weights: Panel, rules: TargetRules & { gaps?: Uint8Array }): void {
  const { nanWeights, allowShort, lag, flags, gaps } = rules;
  throwBadCell(fn, prices, weights, lag, runTargetCheck(k, prices, weights, flags, lag, allowShort, nanWeights === 'zero', gaps));
}

/** The InputError of a check kernel's result `code` (`cell * 8 + kind`; -1: nothing to throw). */
function throwBadCell(fn: string, prices: Panel, weights: Panel | null, lag: number, code: number): void {
  if (code < 0) return;
  const N = prices.nCols;
  const cell = Math.floor(code / 8);
  const t = Math.floor(cell / N);
  const j = cell - t * N;
  const where = `'${prices.columns[j]}' at ${rowLabel(prices, t)}`;
  const w = weights?.values[cell];
  switch (code % 8) {
    case 0:
      throw new InputError(`${fn}: price ${prices.values[cell]} in column ${where}; prices must be positive (NaN marks a missing price)`);
    case 1:
      throw new InputError(`${fn}: target weight is NaN for ${where}; pass nanWeights: 'zero' to treat missing targets as 0`);
    case 2:
      throw new InputError(`${fn}: target weight is ${w} for ${where}; targets must be finite`);
    case 3:
      throw new InputError(`${fn}: target weight ${w} for ${where} is negative but allowShort is false`);
    default:
      throw new InputError(`${fn}: target ${w} for ${where} would trade at ${rowLabel(prices, t + lag - 1)}, where its price is missing (NaN); set the target to 0 there or fill the price`);
  }
}

/** Whether any target is NaN (only asked when nanWeights is 'zero'). O(T N). */
export function hasNaN(panel: Panel): boolean {
  const v = panel.values;
  for (let k = 0; k < v.length; k++) if (v[k] !== v[k]) return true;
  return false;
}

/** Sets NaN cells to 0, in place. */
export function zeroNaN(panel: Panel): void {
  const v = panel.values;
  for (let k = 0; k < v.length; k++) if (v[k] !== v[k]) v[k] = 0;
}
