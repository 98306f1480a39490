/**
 * A strategy split for grids into the part shared by many points (`prepare`: the lookback
 * returns, ranks, EWMA signals — the expensive kernel calls) and the cheap per-point part
 * (`weights`: one pass over the prepared panels). The grid engine groups points by the
 * values of `signalParams`, prepares once per group and derives every point's weights
 * from it, instead of calling the full strategy (which would recompute the kernels) per
 * point. Each plan reproduces its strategy function exactly: test/grid.test.ts checks the
 * grid against the public strategies point by point.
 */
import type { Backend } from '../../engine/index.js';
import type { Panel } from '../../panel.js';
import type { GridParams } from '../params.js';

/** Shared state of one group of points; `free` returns its panels. */
export interface Prepared {
  free(): void;
}

export interface PlanContext {
  backend: Backend | undefined;
  /** periodsPerYear given to the grid (passed to strategies that take it), else undefined. */
  periodsPerYear: number | undefined;
}

export interface StrategyPlan {
  /** Strategy parameters that determine the shared kernels (points with equal values share a `prepare`). */
  readonly signalParams: readonly string[];
  /** Panels of the prices' size `prepare` allocates at most for these parameters (sizes worker arenas). */
  panelsNeeded(p: GridParams): number;
  /** The shared kernel results for one group. `p` holds every strategy parameter (defaults filled in). */
  prepare(ctx: PlanContext, prices: Panel, p: GridParams): Prepared;
  /** The target weights of one point (a new Panel the caller frees). */
  weights(ctx: PlanContext, prepared: Prepared, prices: Panel, p: GridParams): Panel;
}
