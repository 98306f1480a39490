import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import type { BacktestOptions } from './options.js';
import { resolveSettings } from './settings.js';
import { scheduleRows } from './schedule.js';
import { asPanel, type PanelInput } from './inputs.js';
import { simulatePanels } from './backtest.js';
import type { BacktestResult } from './types.js';

/** Options of `buyAndHold`: costs, cash and annualisation (no schedule, no lag). */
export type BuyAndHoldOptions = Pick<BacktestOptions,
  'feesBps' | 'slippageBps' | 'fixedFee' | 'initialCapital' | 'cashRate' | 'periodsPerYear' | 'backend'>;

/** Options of `equalWeight`: `BuyAndHoldOptions` plus the schedule and band. */
export type EqualWeightOptions = BuyAndHoldOptions & Pick<BacktestOptions, 'rebalance' | 'band'>;

const BUY_AND_HOLD_OPTIONS = ['feesBps', 'slippageBps', 'fixedFee', 'initialCapital', 'cashRate', 'periodsPerYear', 'backend'] as const;
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
  const s = resolveSettings(fn, options, BUY_AND_HOLD_OPTIONS);
  const P = asPanel(fn, 'prices', prices);
  try {
    const p = P.panel;
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
  const s = resolveSettings(fn, options, EQUAL_WEIGHT_OPTIONS);
  const P = asPanel(fn, 'prices', prices);
  try {
    const p = P.panel;
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
    if (P.owned) P.panel.free();
  }
}
