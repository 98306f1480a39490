/**
 * The evaluation sample: the one definition of which bars a strategy's metrics cover,
 * used by `backtest`, the grid, the CLI and the browser alike.
 *
 * A strategy needs history before it can hold anything (a 120-bar lookback has no
 * signal on its first 120 rows); those rows earn nothing, and counting them as flat
 * bars would shrink every annualised figure and rank long lookbacks below short ones
 * for no reason of their own. The WARM-UP is the rows before the first bar at whose
 * close the first non-empty target can be traded: the first row t0 whose target
 * weights hold a nonzero (non-NaN) value, and with `lag: 0` (same-close, traded at the
 * close of t0 - 1) one row earlier, so that the cost of the first trade stays in the
 * sample. The sample runs from there to the last row. It depends on the final targets
 * only (after any weighting such as volatility targeting, which has its own
 * estimation window), not on the schedule: every schedule of one strategy point is
 * measured over the same bars. A book that never holds anything has no warm-up (its
 * sample is every row). Excluded by default everywhere; `includeWarmup: true`
 * (`--include-warmup` on the command line) measures from row 0.
 */
import { Panel } from '../panel.js';
import type { BacktestResult, Trade } from './types.js';

/**
 * Row of the prices where the evaluation sample of `weights` starts (see the module
 * doc): the first row with a nonzero, non-NaN target (minus one with `lag` 0, not below
 * 0), or 0 when no row has one. O(T N) worst case; stops at the first such row.
 */
export function evaluationStart(weights: Panel, lag: number): number {
  const v = weights.values;
  const N = weights.nCols;
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    if (x !== 0 && x === x) {
      const t = Math.floor(k / N);
      return lag === 0 ? Math.max(t - 1, 0) : t;
    }
  }
  return 0;
}

/** Rows `from ..` of a panel, as a new panel (copies). */
export function slicePanel(p: Panel, from: number): Panel {
  const N = p.nCols;
  const T = p.nRows - from;
  const labels = { columns: p.columns, indexName: p.indexName, index: p.index ? Array.from(p.dates().subarray(from)) : null };
  return Panel.fromRows(p.values.subarray(from * N), T, N, labels);
}

/**
 * The result restricted to rows `from ..` of the prices: every series sliced, the
 * equity rebased so that the sample starts from the initial capital (wealth before row
 * `from`), trades renumbered from the sample's first row, `startRow` advanced by `from`.
 * Owns new weight and contribution panels (free them); `result` is left as it was.
 * `from` 0 returns `result` itself. O(T N).
 */
export function sliceResult(result: BacktestResult, from: number): BacktestResult {
  if (from === 0) return result;
  const cut = (a: Float64Array): Float64Array => a.slice(from);
  const capital = result.equity[0] / (1 + result.returns[0]);
  const before = result.equity[from] / (1 + result.returns[from]);
  const scale = Number.isFinite(capital) && before > 0 ? capital / before : 1;
  let cached: Trade[] | null = null;
  const out = {
    dates: result.dates.length ? cut(result.dates) : result.dates,
    columns: result.columns,
    returns: cut(result.returns),
    equity: cut(result.equity).map((e) => e * scale),
    grossExposure: cut(result.grossExposure),
    netExposure: cut(result.netExposure),
    turnover: cut(result.turnover),
    costs: cut(result.costs),
    weights: slicePanel(result.weights, from),
    contribution: slicePanel(result.contribution, from),
    periodsPerYear: result.periodsPerYear,
    startRow: result.startRow + from,
    // The ruin row counted from the sample's first row (the date is unchanged); no ruin
    // can precede `from`, where the book first holds anything.
    ruinedRow: result.ruinedRow === null ? null : result.ruinedRow - from,
    ruinedAt: result.ruinedRow === null ? null : result.dates.length ? result.ruinedAt : result.ruinedRow - from,
    // Stop rows counted from the sample's first row (no stop fires before the book holds anything).
    stops: result.stops.filter((e) => e.triggeredRow >= from).map((e) => {
      const reentryRow = e.reentryRow === null ? null : e.reentryRow - from;
      const dated = result.dates.length > 0;
      return { ...e, triggeredRow: e.triggeredRow - from, reentryRow, triggered: dated ? e.triggered : e.triggeredRow - from, reentry: dated ? e.reentry : reentryRow };
    }),
  } as Omit<BacktestResult, 'trades'> as BacktestResult;
  Object.defineProperty(out, 'trades', {
    enumerable: true,
    get(): Trade[] {
      if (cached) return cached;
      const trades: Trade[] = [];
      for (const t of result.trades) if (t.row >= from) trades.push({ ...t, row: t.row - from });
      cached = trades;
      return cached;
    },
  });
  return out;
}

/** Frees the panels a result owns. */
export function freeResult(r: BacktestResult): void {
  r.weights.free();
  r.contribution.free();
}
