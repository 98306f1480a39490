import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import type { BacktestOptions } from './options.js';
import { resolveSettings, type Settings } from './settings.js';
import { BACKTEST_DEFAULTS } from './options.js';
import { slicePanel } from './evaluation.js';
import { asPanel, resolvePeriodsPerYear, type PanelInput } from '../inputs/index.js';
import { checkInt } from '../validate.js';
import { scheduleRows } from './schedule.js';
import { simulatePanels } from './backtest.js';
import type { BacktestResult } from './types.js';

/** Options of `buyAndHold`: costs, cash and annualisation (no schedule, no lag), and the sample. */
export type BuyAndHoldOptions = Pick<BacktestOptions,
  'feesBps' | 'slippageBps' | 'fixedFee' | 'initialCapital' | 'cashRate' | 'periodsPerYear' | 'backend'> & {
  /**
   * First row of the prices to evaluate over (default 0): pass a strategy result's
   * `startRow` so that the benchmark covers the same bars as the strategy's evaluation
   * sample (it then buys, or starts rebalancing, at that row's close). periodsPerYear is
   * still inferred from all the dates.
   */
  startRow?: number;
};

/** Options of `equalWeight`: `BuyAndHoldOptions` plus the schedule and band. */
export type EqualWeightOptions = BuyAndHoldOptions & Pick<BacktestOptions, 'rebalance' | 'band'>;

const BUY_AND_HOLD_OPTIONS = ['feesBps', 'slippageBps', 'fixedFee', 'initialCapital', 'cashRate', 'periodsPerYear', 'backend', 'startRow'] as const;

/**
 * The prices from `startRow` on (a copy; the panel itself when 0), with the settings'
 * periodsPerYear fixed from all the dates so that the window does not change it.
 */
function windowOf(fn: string, p: Panel, startRow: unknown, s: Settings): Panel {
  const from = checkInt(fn, 'startRow', startRow ?? 0, 0);
  if (from === 0) return p;
  if (from >= p.nRows) throw new InputError(`${fn}: startRow ${from} leaves no row; the prices have ${p.nRows} rows`);
  const dates = p.dates();
  s.periodsPerYear = resolvePeriodsPerYear(fn, s.periodsPerYear, dates, BACKTEST_DEFAULTS.periodsPerYearWithoutDates);
  return slicePanel(p, from);
}
const EQUAL_WEIGHT_OPTIONS = [...BUY_AND_HOLD_OPTIONS, 'rebalance', 'band'] as const;

/**
 * Buy-and-hold of one asset (seed 000's BTC benchmark): all equity goes into `asset`
 * (a column name or index) at the close of its first valid price and is never traded
 * again, so equity_t = initialCapital * price_t / price_first (less the entry cost, if
 * fees are given); before that bar the portfolio is in cash. A NaN price later carries the
 * last price (return 0). Same engine and result as `backtest` (lag 1). O(T N).
 */
export function buyAndHold(prices: PanelInput, asset: string | number, options: BuyAndHoldOptions = {}): BacktestResult {
  const fn = 'buyAndHold';
  const { startRow, ...rest } = options;
  const s = resolveSettings(fn, rest, BUY_AND_HOLD_OPTIONS);
  const P = asPanel(fn, 'prices', prices);
  let p = P.panel;
  try {
    p = windowOf(fn, P.panel, startRow, s);
    let j: number;
    if (typeof asset === 'number') {
      if (!Number.isInteger(asset) || asset < 0 || asset >= p.nCols) throw new InputError(`${fn}: asset index ${asset} is outside 0..${p.nCols - 1}`);
      j = asset;
    } else {
      j = p.columns.indexOf(asset);
      if (j < 0) throw new InputError(`${fn}: no asset '${asset}'; columns are ${p.columns.join(', ')}`);
    }
    const price = p.column(j);
    const first = price.findIndex((x) => x === x);
    if (first < 0) throw new InputError(`${fn}: asset '${p.columns[j]}' has no price at all`);
    const weights = Panel.filled(p.nRows, p.nCols, 0, p.labels());
    weights.values[first * p.nCols + j] = 1;
    const flags = new Uint8Array(p.nRows);
    flags[first] = 1;
    try {
      return simulatePanels(fn, p, weights, true, s, flags);
    } finally {
      weights.free();
    }
  } finally {
    if (p !== P.panel) p.free();
    if (P.owned) P.panel.free();
  }
}

/**
 * The equal-weight portfolio of the universe (seed 000's second benchmark): at each
 * scheduled close (default daily), 1 / n_t in each of the n_t assets with a price at
 * that close (assets not yet listed or missing at that close get 0; a row where no asset has a
 * price is not traded). With daily rebalancing and no costs its return at bar t is the mean of the
 * returns of the assets held since t-1. Same engine and result as `backtest` (lag 1).
 * O(T N).
 */
export function equalWeight(prices: PanelInput, options: EqualWeightOptions = {}): BacktestResult {
  const fn = 'equalWeight';
  const { startRow, ...rest } = options;
  const s = resolveSettings(fn, rest, EQUAL_WEIGHT_OPTIONS);
  const P = asPanel(fn, 'prices', prices);
  let p = P.panel;
  try {
    p = windowOf(fn, P.panel, startRow, s);
    const T = p.nRows;
    const N = p.nCols;
    const weights = new Panel(T, N, p.labels());
    const pv = p.values;
    const wv = weights.values;
    const flags = scheduleRows(fn, p, s.rebalance);
    for (let t = 0; t < T; t++) {
      let n = 0;
      for (let k = t * N; k < (t + 1) * N; k++) if (pv[k] === pv[k]) n++;
      for (let k = t * N; k < (t + 1) * N; k++) wv[k] = n > 0 && pv[k] === pv[k] ? 1 / n : 0;
      if (n === 0) flags[t] = 0;
    }
    try {
      return simulatePanels(fn, p, weights, true, s, flags);
    } finally {
      weights.free();
    }
  } finally {
    if (p !== P.panel) p.free();
    if (P.owned) P.panel.free();
  }
}
