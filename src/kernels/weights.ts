// The wrappers of the strategies' weight kernels (assembly/kernels/topN.ts, tsmSigns.ts, volScale.ts):
// they own the panels and pointers, so strategies, weighting and the grid never touch them.
import type { Kernels } from '../engine/kernels.js';
import { allocF64, f64View, freePtr } from '../engine/memory.js';
import { Panel } from '../panel.js';

/**
 * Dual momentum's absolute filter (`dualMomentumFilter` kernel): `passed` holds r where the
 * column is not `def` and r - rfL[t] > 0, else NaN; `valid` (T x 1) the non-NaN r per row,
 * def excluded. rfL null: a zero rate. The caller frees both panels.
 */
export function absoluteFilter(k: Kernels, ret: Panel, rfL: Float64Array | null, def: number): { passed: Panel; valid: Panel } {
  const T = ret.nRows;
  let passed: Panel | null = null;
  let valid: Panel | null = null;
  let rf = 0;
  try {
    passed = ret.like();
    valid = new Panel(T, 1);
    if (rfL !== null) {
      rf = allocF64(T);
      f64View(rf, T).set(rfL);
    }
    k.dualMomentumFilter(ret.ptr, rf, passed.ptr, valid.ptr, T, ret.nCols, def);
    const out = { passed, valid };
    passed = valid = null;
    return out;
  } finally {
    freePtr(rf);
    passed?.free();
    valid?.free();
  }
}

/** Time-series momentum's weights (`tsmSigns` kernel) from the lookback returns: a new panel. */
export function tsmSignWeights(k: Kernels, ret: Panel, threshold: number, below: number): Panel {
  const out = ret.like();
  k.tsmSigns(ret.ptr, out.ptr, ret.nRows, ret.nCols, threshold, below);
  return out;
}

/** Per-asset volatility targeting (`volScale` kernel): w min(cap, target / (sigma annual)), a new panel. */
export function volScaleWeights(k: Kernels, w: Panel, sigma: Panel, target: number, cap: number, annual: number): Panel {
  const out = w.like();
  k.volScale(w.ptr, sigma.ptr, out.ptr, out.size, target, cap, annual);
  return out;
}

/**
 * How many best columns per row a grid keeps from one signal (`topNOrder`), so that the
 * books of every topN <= this depth cost one pass each (`topNFromOrder`) instead of a
 * selection each. A larger topN selects from the signal directly (`topNWeights`).
 */
export const TOP_N_DEPTH = 16;

/**
 * The depth of the top-N order a grid prepares for `nCols` assets when its largest topN
 * is `largestTopN` (undefined: unknown): no deeper than any point reads (the order's cost
 * grows with its depth), nor than TOP_N_DEPTH or the columns; at least 1.
 */
export function topNOrderDepth(nCols: number, largestTopN: number | undefined): number {
  const need = largestTopN !== undefined && largestTopN >= 1 ? Math.ceil(largestTopN) : TOP_N_DEPTH;
  return Math.max(1, Math.min(nCols, TOP_N_DEPTH, need));
}

/**
 * The order of the `depth` best non-NaN values of each row of `x` (larger first, ties to
 * the leftmost column): a T x depth panel of column indices (-1 past the row's valid
 * values), from the `topNOrder` kernel. The caller frees it.
 */
export function topNOrderOf(k: Kernels, x: Panel, depth: number): Panel {
  const order = new Panel(x.nRows, depth);
  k.topNOrder(x.ptr, order.ptr, x.nRows, x.nCols, depth);
  return order;
}

/**
 * The equal-weight top-N book of `x` (a new panel of its shape): 1 / topN on the topN
 * best non-NaN values of each row (the cells a descending 'first' rank puts at <= topN),
 * 0 elsewhere; with `def` >= 0, the empty slots' share to column def where `valid` (T x 1)
 * is > 0 and its price is present. From `order` (of `topNOrderOf`) when topN fits its
 * depth, else by the `topNWeights` kernel's selection; both give the same bits.
 */
export function topNBook(k: Kernels, x: Panel, order: Panel | null, valid: Panel | null, prices: Panel, topN: number, def: number): Panel {
  const out = x.like();
  const T = x.nRows;
  const N = x.nCols;
  const v = valid?.ptr ?? 0;
  if (order !== null && topN <= order.nCols) k.topNFromOrder(order.ptr, v, prices.ptr, out.ptr, T, N, order.nCols, topN, def);
  else k.topNWeights(x.ptr, v, prices.ptr, out.ptr, T, N, topN, def);
  return out;
}
