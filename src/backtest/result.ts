import type { Panel } from '../panel.js';
import type { SimulationOutput } from '../kernels/simulate.js';
import type { BacktestResult, Trade } from './types.js';
import { stopEventsOf } from './stop.js';

/** Per-trade cost parameters (fraction of traded value, currency per trade). */
export interface TradeCosts {
  feeRate: number;
  /** Per-asset rates replacing feeRate, or null. */
  feeRates?: Float64Array | null;
  fixedFee: number;
}

/** Cells that traded (flat index), with the held weight before and after the trade. */
interface TradeCells {
  cells: Float64Array;
  before: Float64Array;
  after: Float64Array;
}

/**
 * Gathers the traded cells once (rows with turnover only): `preTrade` holds the held
 * weight before each trade and NaN where nothing traded; the weight after is the held
 * weight at the close times (1 - cost of the bar), i.e. a fraction of pre-trade equity.
 */
function tradedCells(preTrade: Panel, held: Panel, turnover: Float64Array, costs: Float64Array): TradeCells {
  const N = preTrade.nCols;
  const pre = preTrade.values;
  const post = held.values;
  let cells: Float64Array = new Float64Array(64);
  let before: Float64Array = new Float64Array(64);
  let after: Float64Array = new Float64Array(64);
  let n = 0;
  for (let t = 0; t < preTrade.nRows; t++) {
    if (turnover[t] === 0) continue;
    const keep = 1 - costs[t];
    for (let k = t * N, end = k + N; k < end; k++) {
      const x = pre[k];
      if (x !== x) continue;
      if (n === cells.length) {
        const grow = (a: Float64Array): Float64Array => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        cells = grow(cells);
        before = grow(before);
        after = grow(after);
      }
      cells[n] = k;
      before[n] = x;
      after[n] = post[k] * keep;
      n++;
    }
  }
  return { cells: cells.subarray(0, n), before: before.subarray(0, n), after: after.subarray(0, n) };
}

/**
 * `ruinedRow` / `ruinedAt` of a result: from the kernel's ruin row (-1 = solvent), the
 * date of that row, or the row itself when there are no dates.
 */
export function ruinOf(row: number, dates: Float64Array): { ruinedRow: number | null; ruinedAt: number | null } {
  if (row < 0) return { ruinedRow: null, ruinedAt: null };
  return { ruinedRow: row, ruinedAt: dates.length ? dates[row] : row };
}

/**
 * Builds the BacktestResult from the kernel outputs; frees the preTrade panel. The trades
 * list is materialised lazily on first access (a daily-rebalanced 2520 x 1000 backtest
 * has ~2.5 million trades). Per trade, as fractions of pre-trade equity: fromWeight (the
 * kernel's held weight before the trade, exactly 0 for a new position), toWeight (exactly
 * 0 for a closed one), traded = |toWeight - fromWeight| and
 * cost = traded * feeRate + fixedFee / pre-trade equity.
 */
export function buildResult(
  out: SimulationOutput, prices: Panel, dates: Float64Array, periodsPerYear: number, costs: TradeCosts,
): BacktestResult {
  let found: TradeCells;
  try {
    found = tradedCells(out.preTrade, out.held, out.turnover, out.costs);
  } finally {
    out.preTrade.free();
  }
  const N = prices.nCols;
  const columns = prices.columns;
  const result = {
    dates,
    columns,
    returns: out.returns,
    equity: out.equity,
    grossExposure: out.grossExposure,
    netExposure: out.netExposure,
    turnover: out.turnover,
    costs: out.costs,
    weights: out.held,
    contribution: out.contribution,
    periodsPerYear,
    ...ruinOf(out.ruinedRow, dates),
    stops: stopEventsOf(out.stopEvents, prices.nRows, dates),
    startRow: 0,
  } as Omit<BacktestResult, 'trades'> as BacktestResult;
  let trades: Trade[] | null = null;
  Object.defineProperty(result, 'trades', {
    enumerable: true,
    get(): Trade[] {
      if (trades !== null) return trades;
      const { cells, before, after } = found;
      trades = new Array<Trade>(cells.length);
      for (let i = 0; i < cells.length; i++) {
        const k = cells[i];
        const row = Math.floor(k / N);
        const preEquity = out.equity[row] / (1 - out.costs[row]);
        const traded = Math.abs(after[i] - before[i]);
        const rate = costs.feeRates ? costs.feeRates[k - row * N] : costs.feeRate;
        trades[i] = {
          row,
          date: dates.length ? dates[row] : NaN,
          asset: columns[k - row * N],
          fromWeight: before[i],
          toWeight: after[i],
          traded,
          cost: traded * rate + costs.fixedFee / preEquity,
        };
      }
      return trades;
    },
  });
  return result;
}
