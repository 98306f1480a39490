import type { Table } from 'apache-arrow';
import { isArrowTable } from '../arrow.js';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { rowLabel } from '../strategies/common.js';
import type { Kernels } from '../engine/index.js';
import { runInputCheck } from '../kernels/simulate.js';

/** Prices or weights: a Panel (used in place) or an Arrow Table with a date column (copied). */
export type PanelInput = Panel | Table;

/** A Panel view of an input; `owned` panels are temporaries the caller frees. */
export interface OwnedPanel {
  panel: Panel;
  owned: boolean;
}

export function asPanel(fn: string, arg: string, x: unknown): OwnedPanel {
  if (x instanceof Panel) return { panel: x, owned: false };
  if (isArrowTable(x)) return { panel: Panel.fromArrow(x), owned: true };
  throw new InputError(`${fn}: ${arg} must be a Panel or an Arrow Table (dates x assets)`);
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : String(ms));

/** Dates must increase strictly (schedules, date lists and alignment rely on it). */
export function checkIncreasingDates(fn: string, arg: string, d: Float64Array): void {
  for (let t = 1; t < d.length; t++) {
    if (!(d[t] > d[t - 1])) {
      throw new InputError(`${fn}: ${arg} dates must increase strictly; row ${t} (${iso(d[t])}) does not come after row ${t - 1} (${iso(d[t - 1])})`);
    }
  }
}

/**
 * Checks that `weights` has the prices' columns (same names, same order) and rows (same
 * count, and the same dates when both carry dates; a panel without dates matches by
 * position). Throws naming the missing / extra columns or the first differing date.
 */
export function checkSameLabels(fn: string, prices: Panel, weights: Panel): void {
  const pc = prices.columns;
  const wc = weights.columns;
  if (pc.length !== wc.length || pc.some((c, j) => c !== wc[j])) {
    const missing = pc.filter((c) => !wc.includes(c));
    const extra = wc.filter((c) => !pc.includes(c));
    const parts: string[] = [];
    if (missing.length) parts.push(`missing ${missing.map((c) => `'${c}'`).join(', ')}`);
    if (extra.length) parts.push(`extra ${extra.map((c) => `'${c}'`).join(', ')}`);
    if (!parts.length) {
      const j = pc.findIndex((c, i) => c !== wc[i]);
      parts.push(`same names in another order (position ${j}: weights '${wc[j]}', prices '${pc[j]}')`);
    }
    throw new InputError(`${fn}: weights columns do not match the prices' columns: ${parts.join('; ')} (pass align: true to reindex)`);
  }
  if (weights.nRows !== prices.nRows) {
    throw new InputError(`${fn}: weights have ${weights.nRows} rows, prices ${prices.nRows} (pass align: true to reindex by date)`);
  }
  if (prices.index && weights.index) {
    const pd = prices.dates();
    const wd = weights.dates();
    for (let t = 0; t < pd.length; t++) {
      if (pd[t] !== wd[t]) {
        throw new InputError(`${fn}: weights and prices dates differ first at row ${t}: weights ${iso(wd[t])}, prices ${iso(pd[t])} (pass align: true to reindex by date)`);
      }
    }
  }
}

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
  const code = runInputCheck(k, prices, weights, flags, lag, allowShort, nanWeights === 'zero');
  if (code < 0) return;
  const N = prices.nCols;
  const cell = Math.floor(code / 8);
  const t = Math.floor(cell / N);
  const j = cell - t * N;
  const where = `'${prices.columns[j]}' at ${rowLabel(prices, t)}`;
  switch (code % 8) {
    case 0:
      throw new InputError(`${fn}: price ${prices.values[cell]} in column ${where}; prices must be positive (NaN marks a missing price)`);
    case 1:
      throw new InputError(`${fn}: target weight is NaN for ${where}; pass nanWeights: 'zero' to treat missing targets as 0`);
    case 2:
      throw new InputError(`${fn}: target weight is ${weights.values[cell]} for ${where}; targets must be finite`);
    case 3:
      throw new InputError(`${fn}: target weight ${weights.values[cell]} for ${where} is negative but allowShort is false`);
    default:
      throw new InputError(`${fn}: target ${weights.values[cell]} for ${where} would trade at ${rowLabel(prices, t + lag - 1)}, where its price is missing (NaN); set the target to 0 there or fill the price`);
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
