import { applyUnary, type BackendOption, type SeriesInput } from './dispatch.js';
import { checkBool, checkEnum, checkOptions } from '../validate.js';

/**
 * How ties are ranked (pandas `method`): `average` the mean of the tied positions,
 * `min` / `max` the lowest / highest of them, `first` consecutive ranks in column
 * order (in both directions, as pandas does), `dense` like `min` but the next
 * distinct value gets the next integer.
 */
export type RankMethod = 'average' | 'min' | 'max' | 'first' | 'dense';

/** The methods; a method's position here is its code in the kernel ABI. */
export const RANK_METHODS: readonly RankMethod[] = ['average', 'min', 'max', 'first', 'dense'];

export interface RankOptions extends BackendOption {
  /** Tie rule (default `'average'`). */
  method?: RankMethod;
  /** true (default): the smallest value gets rank 1; false: the largest does. */
  ascending?: boolean;
  /** Divide each rank by the number of valid values in its row (dense: of distinct values). */
  pct?: boolean;
}

/** Defaults shared by the wrapper and the kernels (one place). */
export const RANK_DEFAULTS = { method: 'average', ascending: true, pct: false } as const;

const RANK_OPTIONS = ['method', 'ascending', 'pct', 'backend'] as const;

/**
 * Cross-sectional rank of every row across its columns (assets): pandas
 * `df.rank(axis=1, method, ascending, na_option='keep', pct)`.
 *
 * Rules: NaN stays NaN and is not counted; ranks of a row with n valid values start
 * at 1; ties per `method` (`first` breaks ties by column position whether ascending
 * or not, like pandas); `pct` divides by n (by the number of distinct values for
 * `dense`, as pandas does). A row with no valid value is all NaN. +/-Infinity are
 * ordinary values. -0 and +0 are equal (they tie, as `==` says). A Float64Array or a
 * Vector is one asset: every valid value ranks 1.
 *
 * Algorithm: per row, an order-preserving u64 key per value and a stable LSD radix
 * sort of (key prefix, column) words, then one pass over the groups of equal keys
 * (wasm); the TypeScript twin sorts a copy of the row natively and binary-searches
 * each value. Both produce exactly the same numbers. Complexity: wasm O(T N) in every
 * case (at most three radix levels), the twin O(T N log N); O(N) scratch per call.
 */
export function rank<I extends SeriesInput>(x: I, options: RankOptions = {}): I {
  const fn = 'rank';
  checkOptions(fn, options, RANK_OPTIONS);
  const opts = options ?? {};
  const method = checkEnum(fn, 'method', opts.method ?? RANK_DEFAULTS.method, RANK_METHODS);
  const ascending = checkBool(fn, 'ascending', opts.ascending ?? RANK_DEFAULTS.ascending);
  const pct = checkBool(fn, 'pct', opts.pct ?? RANK_DEFAULTS.pct);
  const code = RANK_METHODS.indexOf(method);
  return applyUnary(fn, x, opts.backend, (k, xp, out, T, N) => k.rankRows(xp, out, T, N, code, +ascending, +pct));
}
