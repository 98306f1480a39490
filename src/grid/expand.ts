/**
 * Expansion of a grid specification into its points: the cartesian product of the axes
 * in the order given (the first axis varies slowest, like nested loops or
 * `itertools.product`), or a seeded random sample of it. Points are never materialised
 * as objects unless asked: point i is decoded from its index in the product.
 */
import { InputError } from '../errors.js';
import { mulberry32 } from '../data/random.js';
import { parseGridSpec, type GridSpec, type ParsedGridSpec } from './spec.js';
import type { GridParams, GridValue } from './params.js';

export interface ExpandOptions {
  /** Largest number of points run without `force` (default GRID_DEFAULTS.limit, 100,000). */
  limit?: number;
  /** Run a grid larger than `limit`. */
  force?: boolean;
}

/** Defaults of the grid engine (one place). */
export const GRID_DEFAULTS = Object.freeze({
  limit: 100_000,
  topK: 10,
  metric: 'sharpe' as const,
  /** Ruined points rank after every solvent one (GridOptions.ruinedLast). */
  ruinedLast: true,
  cscvS: 16,
  /** Largest per-point returns matrix kept for CSCV / walk-forward (bytes). */
  returnsMaxBytes: 2 * 1024 ** 3,
  /** Worker panel arenas: panels of the price panel's size per worker, at least. */
  arenaMinBytes: 4 * 1024 ** 2,
});

/** The points of a grid. */
export interface ExpandedGrid {
  spec: ParsedGridSpec;
  /** Size of the full cartesian product. */
  total: number;
  /** Number of points to run (total, or the sample size). */
  count: number;
  /** Index in the product of point i (ascending); null when every point of the product runs. */
  indices: Float64Array | null;
  /** Position of point i's value in axis `a`'s values. */
  valueIndex(i: number, a: number): number;
  /** Parameters of point i, by axis name (`volTarget.target` for nested ones). */
  params(i: number): GridParams;
  /** Every point's parameters (materialised: use for small grids and tests). */
  all(): GridParams[];
}

/** Floyd's algorithm: n distinct integers of [0, total), uniform, in ascending order. O(n log n). */
export function sampleIndices(total: number, n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const chosen = new Set<number>();
  for (let j = total - n; j < total; j++) {
    const t = Math.floor(rand() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Float64Array.from(chosen).sort();
}

/**
 * The points of a grid (a spec in any form `parseGridSpec` accepts). With `sample: { n,
 * seed }` the points are n distinct points of the product drawn uniformly without
 * replacement by Floyd's algorithm on a mulberry32 stream seeded with `seed` (the same
 * seed gives the same points), kept in product order.
 * Errors (InputError, before any work): more points than `limit` without `force` (the
 * message gives the count and how to override), a product beyond 2^53 points.
 * O(1) unless sampled (O(n log n)).
 */
export function expandGrid(spec: GridSpec | ParsedGridSpec | string | readonly string[], options: ExpandOptions = {}): ExpandedGrid {
  const s = parseGridSpec(spec);
  const limit = options.limit ?? GRID_DEFAULTS.limit;
  if (!(Number.isInteger(limit) && limit >= 1)) throw new InputError(`grid: limit must be an integer >= 1, got ${String(limit)}`);
  const sizes = s.axes.map((a) => a.values.length);
  const total = sizes.reduce((p, n) => p * n, 1);
  if (!Number.isSafeInteger(total)) {
    throw new InputError(`grid: the product of the axes has ${total.toExponential(3)} points (${sizes.join(' x ')}), beyond 2^53; narrow the ranges`);
  }
  const sampled = s.sample !== null && s.sample.n < total;
  const count = sampled ? s.sample!.n : total;
  if (count > limit && !options.force) {
    const shape = sizes.length ? ` (${s.axes.map((a) => `${a.column} ${a.values.length}`).join(' x ')})` : '';
    throw new InputError(`grid: ${count.toLocaleString('en-US')} points${shape} exceed the limit of ${limit.toLocaleString('en-US')}; pass force: true (CLI --force) or a larger limit to run them, or sample: { n } to draw a subset`);
  }
  const indices = sampled ? sampleIndices(total, count, s.sample!.seed) : null;
  // Stride of each axis in the product index: the last axis varies fastest.
  const strides = new Array<number>(sizes.length);
  for (let a = sizes.length - 1, st = 1; a >= 0; a--) {
    strides[a] = st;
    st *= sizes[a];
  }
  const productIndex = (i: number): number => {
    if (!(i >= 0 && i < count)) throw new RangeError(`grid: point ${i} is outside 0..${count - 1}`);
    return indices ? indices[i] : i;
  };
  const valueIndex = (i: number, a: number): number => Math.floor(productIndex(i) / strides[a]) % sizes[a];
  const params = (i: number): GridParams => {
    const out: Record<string, GridValue> = {};
    s.axes.forEach((axis, a) => {
      out[axis.column] = axis.values[valueIndex(i, a)];
    });
    return out;
  };
  return {
    spec: s,
    total,
    count,
    indices,
    valueIndex,
    params,
    all: () => Array.from({ length: count }, (_, i) => params(i)),
  };
}
