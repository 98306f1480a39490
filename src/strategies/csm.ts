import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { checkEligible, maskIneligible } from '../universe/eligible.js';
import type { BackendOption } from '../kernels/dispatch.js';
import { rank } from '../kernels/rank.js';
import { checkInt, checkNumber } from '../validate.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { backendOption, checkedByStrategy, eligibleOption, lookbackParam, skipParam } from '../schema/shared.js';
import { lookbackReturns } from './lookbackReturns.js';
import { withPrices, type PriceInput } from '../inputs/index.js';

/** Tie rules `csm` offers (see its doc); both treat the two legs symmetrically. */
export type CsmRankMethod = 'first' | 'average';

export interface CsmOptions extends BackendOption {
  /** Bars over which the momentum return is measured (default 252). */
  lookback?: number;
  /** Most recent bars left out of the return (default 0). */
  skip?: number;
  /** Number of best assets held long. Give topN or quantile. */
  topN?: number;
  /** Number of worst assets held short (default: topN, as the seed's 3 / 3; 0 = long-only). */
  bottomN?: number;
  /** Fraction of the valid assets held long, in (0, 1]. Give topN or quantile. */
  quantile?: number;
  /** Fraction held short (default: quantile; 0 = long-only). */
  bottomQuantile?: number;
  /** Tie rule of the ranking (default `'first'`). */
  rankMethod?: CsmRankMethod;
  /**
   * 0/1 eligibility Panel from `universe` (same dates and columns as the prices): an
   * asset with 0 on a row has no signal there, so it is not ranked, not counted and gets weight 0.
   */
  eligible?: Panel;
}

/** Defaults of `csm` (one place). */
export const CSM_DEFAULTS = { lookback: 252, skip: 0, rankMethod: 'first' } as const;

const CSM_RANK_METHODS: readonly CsmRankMethod[] = ['first', 'average'];

/**
 * The options of `csm`: what it validates, and what the grid, the CLI and the web form
 * offer. The leg sizes are checked together by `legSizes` (topN or quantile, not both).
 */
export const CSM_PARAMS: readonly ParamSchema[] = Object.freeze([
  lookbackParam(CSM_DEFAULTS.lookback),
  skipParam(CSM_DEFAULTS.skip),
  {
    name: 'topN', type: 'integer', min: 0, description: 'assets held long (give topN or quantile)', gridable: true, check: checkedByStrategy,
    form: { label: 'Top N long', initial: 3, hint: 'no package default: topN or quantile is required' },
  },
  {
    name: 'bottomN', type: 'integer', min: 0, description: 'assets held short (default topN; 0 long-only)', gridable: true, check: checkedByStrategy,
    form: { label: 'Bottom N short', hint: 'blank = topN; 0 = long-only' },
  },
  { name: 'quantile', type: 'number', min: 0, max: 1, description: 'fraction held long', gridable: true, check: checkedByStrategy, form: false },
  { name: 'bottomQuantile', type: 'number', min: 0, max: 1, description: 'fraction held short (default quantile)', gridable: true, check: checkedByStrategy, form: false },
  { name: 'rankMethod', type: 'enum', choices: CSM_RANK_METHODS, default: CSM_DEFAULTS.rankMethod, description: 'tie rule', gridable: true, form: { label: 'Ties' } },
  eligibleOption,
  backendOption,
]);

/** How many assets of n a leg holds: a fixed count or floor(q n) (1e-9 absorbs 0.29 * 100 = 28.999...). */
export type LegSize = (n: number) => number;

/**
 * Cross-sectional momentum (Jegadeesh & Titman 1993; seed 000
 * `cross_sectional_momentum`): assets ranked against each other.
 *
 * r as in `tsm` (pct_change over lookback after skipping `skip` bars). Each date, the n
 * assets with a valid r are ranked by r, best first: d = rank(r, descending) with the
 * `rank` kernel (pandas `r.rank(axis=1, ascending=False, method)`). With k_long = topN
 * (or floor(quantile n)) and k_short = bottomN (or floor(bottomQuantile n)):
 * long if d <= k_long, short if d >= n + 1 - k_short (the bottom k_short), and an asset
 * that falls in both legs (fewer valid assets than k_long + k_short) is in neither.
 * Equal weight per leg: each long +1 / (longs held), each short -1 / (shorts held), so
 * the long leg sums to +1 and the short leg to -1 (zero net, gross 2); long-only
 * (k_short = 0) sums to +1.
 *
 * Ties (`rankMethod`): `'first'` (default) breaks ties by column order, so exactly k
 * assets are held per leg, the leftmost of a tied group preferred for the long leg
 * and the rightmost for the short leg. `'average'` (pandas' default, used by the seed)
 * gives a tied group its mean rank: a group that straddles a cut-off is then left out
 * of that leg entirely (fewer than k held), and a group wholly inside is held whole;
 * the short cut-off d >= n + 1 - k_short mirrors the long one, so both legs treat ties
 * alike (the seed's `rank > n - bottom_n` would take a straddling group into the short
 * leg but not into the long leg).
 *
 * Dates with no valid r, or with an empty leg, give zeros (cash) for that leg; weights
 * are never NaN. Uses rows <= t only.
 * Errors: unknown options; neither or both of topN and quantile; counts not integers
 * >= 0 (topN + bottomN >= 1) or larger than the universe; quantiles outside [0, 1] or
 * summing above 1; lookback + skip >= rows; non-positive prices.
 * Complexity O(T N) plus the rank kernel (O(T N log N) worst case).
 */
export function csm(prices: PriceInput, options: CsmOptions = {}): Panel {
  const fn = 'csm';
  const o = resolveParams<CsmOptions & Required<Pick<CsmOptions, 'lookback' | 'skip' | 'rankMethod'>>>(CSM_PARAMS, options, fn);
  const { lookback, skip, rankMethod: method } = o;
  return withPrices(fn, prices, (p) => {
    const legs = legSizes(fn, o, p.nCols);
    checkEligible(fn, p, o.eligible);
    const prepared = prepareCsm(fn, p, { lookback, skip, rankMethod: method, eligible: o.eligible, backend: o.backend });
    try {
      return csmWeights(prepared, p, legs);
    } finally {
      prepared.free();
    }
  });
}

/** The signal parameters of `csm` (validated), shared by every leg size. */
export interface CsmSignalOptions extends BackendOption {
  lookback: number;
  skip: number;
  rankMethod: CsmRankMethod;
  /** Checked by `checkEligible`; its 0 cells make r NaN before the ranking. */
  eligible?: Panel;
}

/** The kernel results `csmWeights` reads; `free` returns the panels. */
export interface CsmPrepared {
  /** The lookback returns r (NaN where an asset has no valid r). */
  ret: Panel;
  /** d = rank(r, descending, rankMethod). */
  ranks: Panel;
  free(): void;
}

/**
 * The signal half of `csm` (internal: the public function and its grid plan): the
 * lookback returns r and their descending rank. Errors: lookback + skip >= rows.
 * Kernels: one shift (skip > 0), one pct_change, one rank. The caller frees the result.
 */
export function prepareCsm(fn: string, p: Panel, o: CsmSignalOptions): CsmPrepared {
  const ret = maskIneligible(lookbackReturns(fn, p, o.lookback, o.skip, o.backend), o.eligible);
  try {
    const ranks = rank(ret, { method: o.rankMethod, ascending: false, backend: o.backend });
    return { ret, ranks, free: () => { ranks.free(); ret.free(); } };
  } catch (e) {
    ret.free();
    throw e;
  }
}

/**
 * The weights half of `csm` (internal): on each date the legs of the sizes `legs`
 * (from `legSizes`) among the n assets with a valid r, equal weight per leg
 * (+1 / longs held, -1 / shorts held). O(T N).
 */
export function csmWeights(prepared: CsmPrepared, p: Panel, legs: readonly [LegSize, LegSize]): Panel {
  const { ret, ranks } = prepared;
  const [longSize, shortSize] = legs;
  const out = ret.like();
  const r = ret.values;
  const d = ranks.values;
  const w = out.values;
  const N = p.nCols;
  for (let t = 0, row = 0; t < p.nRows; t++, row += N) {
    let n = 0;
    for (let j = 0; j < N; j++) if (r[row + j] === r[row + j]) n++;
    const kLong = longSize(n);
    const kShort = shortSize(n);
    let nLong = 0;
    let nShort = 0;
    for (let j = 0; j < N; j++) {
      const side = legOf(d[row + j], n, kLong, kShort);
      w[row + j] = side;
      if (side > 0) nLong++;
      else if (side < 0) nShort++;
    }
    for (let j = 0; j < N; j++) {
      const side = w[row + j];
      w[row + j] = side > 0 ? 1 / nLong : side < 0 ? -1 / nShort : 0;
    }
  }
  return out;
}

/** +1 long, -1 short, 0 neither, for descending rank d among n valid assets. */
function legOf(d: number, n: number, kLong: number, kShort: number): number {
  if (!(d === d)) return 0;
  const long = d <= kLong;
  const short = d >= n + 1 - kShort;
  return long === short ? 0 : long ? 1 : -1;
}

/**
 * The leg sizes of `csm` (internal, shared with its grid plan) from topN / bottomN or
 * quantile / bottomQuantile, validated against the universe of nCols assets.
 */
export function legSizes(fn: string, o: CsmOptions, nCols: number): [LegSize, LegSize] {
  const byCount = o.topN !== undefined || o.bottomN !== undefined;
  const byQuantile = o.quantile !== undefined || o.bottomQuantile !== undefined;
  if (byCount && byQuantile) throw new InputError(`${fn}: give either topN/bottomN or quantile/bottomQuantile, not both`);
  if (!byCount && !byQuantile) throw new InputError(`${fn}: give topN (assets held long, bottomN short) or quantile (fraction held long, bottomQuantile short)`);
  if (byCount) {
    if (o.topN === undefined) throw new InputError(`${fn}: bottomN needs topN (use topN: 0 for a short-only book)`);
    const top = checkInt(fn, 'topN', o.topN, 0);
    const bottom = checkInt(fn, 'bottomN', o.bottomN ?? top, 0);
    if (top + bottom < 1) throw new InputError(`${fn}: topN + bottomN must be at least 1, got ${top} + ${bottom}`);
    if (top > nCols || bottom > nCols) throw new InputError(`${fn}: topN ${top} / bottomN ${bottom} exceed the universe of ${nCols} assets`);
    return [() => top, () => bottom];
  }
  if (o.quantile === undefined) throw new InputError(`${fn}: bottomQuantile needs quantile (use quantile: 0 for a short-only book)`);
  const q = checkNumber(fn, 'quantile', o.quantile, { lo: 0, hi: 1 });
  const qb = checkNumber(fn, 'bottomQuantile', o.bottomQuantile ?? q, { lo: 0, hi: 1 });
  if (q + qb > 1) throw new InputError(`${fn}: quantile + bottomQuantile must be <= 1 (the legs would overlap), got ${q} + ${qb}`);
  if (q + qb === 0) throw new InputError(`${fn}: quantile and bottomQuantile are both 0: no asset would be held`);
  return [(n) => Math.floor(q * n + 1e-9), (n) => Math.floor(qb * n + 1e-9)];
}
