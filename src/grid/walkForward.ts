/**
 * Walk-forward selection over a grid's per-point returns: optimise on a training window,
 * hold the winner over the following test window, roll forward by the test length.
 *
 * Windows (bars): train [s, s + train), test [s + train, s + train + test) for
 * s = 0, test, 2 test, ...; the last test window is cut at the end of the data. In each
 * window the point with the best `metric` (GRID_METRICS, computed as `metrics()` would
 * on the training rows only; ties to the lower point id; NaN scores never win) is
 * chosen, and its returns over the test rows are appended to the out-of-sample series.
 *
 * No look-ahead: a point's return at bar t comes from a backtest over the whole history
 * whose weights at t use prices up to t only, so the training score of a window depends
 * on prices before the test window starts; the choice for a window never sees its test
 * rows (test/grid.test.ts changes the test-window prices and checks the choices hold).
 * The held portfolio carries on from the chosen point's own history (no restart cost).
 */
import { InputError } from '../errors.js';
import type { GridParams } from './params.js';
import { GRID_METRICS, METRIC_DIRECTION, metricScratch, N_METRICS, reduceMetrics, type GridMetric } from './reduce.js';

export interface WalkForwardOptions {
  /** Training window in bars (>= 2). */
  train: number;
  /** Test window in bars (>= 1); also the step. */
  test: number;
  /** Selection metric (default: the grid's `metric`); `turnover` is not available here. */
  metric?: GridMetric;
}

export interface WalkForwardWindow {
  trainStart: number;
  /** Exclusive ends. */
  trainEnd: number;
  testStart: number;
  testEnd: number;
  /** Chosen point (-1 when no point had a defined score) and its parameters. */
  point: number;
  params: GridParams | null;
  /** The chosen point's training score. */
  trainScore: number;
}

export interface WalkForwardResult {
  metric: GridMetric;
  train: number;
  test: number;
  windows: WalkForwardWindow[];
  /** Stitched out-of-sample returns, rows windows[0].testStart .. the end (NaN where no point was chosen). */
  returns: Float64Array;
  /** Dates of those rows (empty without dates). */
  dates: Float64Array;
  /** Metrics (GRID_METRICS names) of the stitched returns. */
  metrics: Record<GridMetric, number>;
}

export function checkWalkForward(fn: string, wf: unknown, T: number): { train: number; test: number; metric?: GridMetric } {
  const o = wf as Partial<WalkForwardOptions>;
  if (typeof wf !== 'object' || wf === null || Object.keys(wf).some((k) => !['train', 'test', 'metric'].includes(k))) {
    throw new InputError(`${fn}: walkForward must be { train, test, metric? } in bars, got ${JSON.stringify(wf)}`);
  }
  if (!Number.isInteger(o.train) || (o.train as number) < 2) throw new InputError(`${fn}: walkForward.train must be an integer >= 2 (bars), got ${String(o.train)}`);
  if (!Number.isInteger(o.test) || (o.test as number) < 1) throw new InputError(`${fn}: walkForward.test must be an integer >= 1 (bars), got ${String(o.test)}`);
  if ((o.train as number) + 1 > T) throw new InputError(`${fn}: walkForward.train ${o.train} leaves no test bar in ${T} rows`);
  if (o.metric !== undefined && (!GRID_METRICS.includes(o.metric) || o.metric === 'turnover')) {
    throw new InputError(`${fn}: walkForward.metric must be one of ${GRID_METRICS.filter((m) => m !== 'turnover').join(', ')}, got ${JSON.stringify(o.metric)}`);
  }
  return { train: o.train as number, test: o.test as number, metric: o.metric };
}

/**
 * Walk-forward over point-major returns (`returns[i * T + t]`) of `count` points, of
 * which `usable(i)` are complete. `ruinedRow(i)`: the row of point i's ruin bar, -1 when
 * solvent; with `ruinedLast` a point ruined before the end of a training window is chosen
 * for it only when every usable point is. O(windows x count x train).
 */
export function walkForwardOf(
  returns: Float64Array, count: number, T: number, usable: (i: number) => boolean, params: (i: number) => GridParams,
  o: { train: number; test: number; metric: GridMetric; ruinedLast?: boolean }, ppy: number, dates: Float64Array,
  ruinedRow: (i: number) => number = () => -1,
): WalkForwardResult {
  const k = GRID_METRICS.indexOf(o.metric);
  const dir = METRIC_DIRECTION[o.metric];
  const ruinedLast = o.ruinedLast ?? true;
  const scratch = metricScratch(T);
  const out = new Float64Array(N_METRICS);
  const windows: WalkForwardWindow[] = [];
  const first = o.train;
  const stitched = new Float64Array(Math.max(0, T - first)).fill(NaN);
  for (let s = 0; s + o.train < T; s += o.test) {
    const trainEnd = s + o.train;
    const testEnd = Math.min(T, trainEnd + o.test);
    let best = -1;
    let bestScore = NaN;
    let bestRuined = false;
    for (let i = 0; i < count; i++) {
      if (!usable(i)) continue;
      reduceMetrics(returns, i * T + s, o.train, null, ppy, scratch, out, 0);
      const v = out[k];
      if (!(v === v)) continue;
      const r = ruinedRow(i);
      const ruined = ruinedLast && r >= 0 && r < trainEnd;
      if (best < 0 || (ruined === bestRuined ? v * dir > bestScore * dir : bestRuined)) {
        best = i;
        bestScore = v;
        bestRuined = ruined;
      }
    }
    if (best >= 0) for (let t = trainEnd; t < testEnd; t++) stitched[t - first] = returns[best * T + t];
    windows.push({ trainStart: s, trainEnd, testStart: trainEnd, testEnd, point: best, params: best >= 0 ? params(best) : null, trainScore: bestScore });
  }
  reduceMetrics(stitched, 0, stitched.length, null, ppy, scratch, out, 0);
  const metrics = Object.fromEntries(GRID_METRICS.map((m, j) => [m, out[j]])) as Record<GridMetric, number>;
  return { metric: o.metric, train: o.train, test: o.test, windows, returns: stitched, dates: dates.length ? dates.slice(first) : new Float64Array(0), metrics };
}
