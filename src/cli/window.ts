/**
 * The evaluation window: a strategy and its benchmarks are compared over the same bars,
 * from the end of the strategy's warm-up (the first bar on which it can hold anything)
 * to the last bar, unless `--include-warmup` asks for the whole history.
 */
import { Panel } from '../panel.js';
import type { BacktestResult, Trade } from '../backtest/types.js';

/** Rows `from ..` of a panel, as a new panel (copies). */
export function slicePanel(p: Panel, from: number): Panel {
  const N = p.nCols;
  const T = p.nRows - from;
  const labels = { columns: p.columns, indexName: p.indexName, index: p.index ? Array.from(p.dates().subarray(from)) : null };
  return Panel.fromRows(p.values.subarray(from * N), T, N, labels);
}

/**
 * The result restricted to rows `from ..`: every series sliced, the equity rebased so
 * that the window starts from the initial capital (wealth before row `from`), trades
 * renumbered. Owns new weight and contribution panels (free them); `result` is kept.
 */
export function sliceResult(result: BacktestResult, from: number): BacktestResult {
  if (from === 0) return result;
  const cut = (a: Float64Array): Float64Array => a.slice(from);
  const capital = result.equity[0] / (1 + result.returns[0]);
  const before = result.equity[from] / (1 + result.returns[from]);
  const scale = Number.isFinite(capital) && before > 0 ? capital / before : 1;
  const trades: Trade[] = [];
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
    // The ruin row counted from the window's first row (the date is unchanged).
    ruinedRow: result.ruinedRow === null ? null : result.ruinedRow - from,
    ruinedAt: result.ruinedRow === null ? null : result.dates.length ? result.ruinedAt : result.ruinedRow - from,
  } as Omit<BacktestResult, 'trades'> as BacktestResult;
  Object.defineProperty(out, 'trades', {
    enumerable: true,
    get(): Trade[] {
      if (cached) return cached;
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
