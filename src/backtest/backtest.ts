import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { kernelsFor } from '../kernels/dispatch.js';
import { runSimulation } from '../kernels/simulate.js';
import { asPanel, checkAligned, checkIncreasingDates, resolvePeriodsPerYear, type PanelInput } from '../inputs/index.js';
import { BACKTEST_DEFAULTS, BACKTEST_OPTIONS, type BacktestOptions } from './options.js';
import { checkLag, resolveSettings, type Settings } from './settings.js';
import { scheduleRows } from './schedule.js';
import { alignWeights, checkInputs, hasNaN, zeroNaN } from './inputs.js';
import { cashRatesPerBar, decayFactors, perBarRate } from './rates.js';
import { buildResult } from './result.js';
import { costRates } from './costs.js';
import { stopEnds } from './stop.js';
import { evaluationStart, freeResult, sliceResult } from './evaluation.js';
import type { BacktestResult } from './types.js';

/**
 * periodsPerYear: given, else inferred from the dates with the metrics' rule (so a result
 * and its metrics agree), else (no dates) BACKTEST_DEFAULTS.periodsPerYearWithoutDates.
 */
function periodsPerYearOf(fn: string, dates: Float64Array, given: number | undefined): number {
  return resolvePeriodsPerYear(fn, given, dates, BACKTEST_DEFAULTS.periodsPerYearWithoutDates);
}

/**
 * The simulation on validated panels: `weights` must already have the prices' shape and
 * labels. `owned` says whether `weights` is a temporary that may be changed in place
 * (NaN targets zeroed); otherwise a copy is made when needed. `flags` overrides the
 * schedule of `s.rebalance`.
 */
export function simulatePanels(fn: string, prices: Panel, weights: Panel, owned: boolean, s: Settings, flags?: Uint8Array): BacktestResult {
  const T = prices.nRows;
  if (T === 0) throw new InputError(`${fn}: the prices have no rows`);
  checkLag(fn, s.lag, T);
  const k = kernelsFor(fn, s.backend);
  const dates = prices.dates();
  checkIncreasingDates(fn, 'prices', dates);
  const periodsPerYear = periodsPerYearOf(fn, dates, s.periodsPerYear);
  const rebalance = flags ?? scheduleRows(fn, prices, s.rebalance, dates);
  const rates = cashRatesPerBar(fn, s.cashRate, T, periodsPerYear);
  const decay = s.decay === undefined ? null : decayFactors(fn, s.decay, T);
  checkInputs(fn, k, prices, weights, { nanWeights: s.nanWeights, allowShort: s.allowShort, lag: s.lag, flags: rebalance });
  let w = weights;
  if (s.nanWeights === 'zero' && hasNaN(weights)) {
    w = owned ? weights : weights.clone();
    zeroNaN(w);
  }
  const cost = costRates(fn, s.feesBps, s.slippageBps, prices.columns);
  const stop = s.stop ? { drawdown: s.stop.drawdown, end: stopEnds(fn, s.stop.cooloff, dates, T) } : null;
  try {
    const out = runSimulation(k, prices, w, rebalance, rates, decay, {
      lag: s.lag,
      feeRate: cost.feeRates ? 0 : cost.feeRate,
      feeRates: cost.feeRates,
      stop,
      fixedFee: s.fixedFee,
      initialCapital: s.initialCapital,
      band: s.band.abs,
      bandRel: s.band.rel,
      minTrade: s.minTrade,
      borrowRate: perBarRate(s.borrowRate, periodsPerYear),
      leverage: s.leverage,
      maxGross: s.maxGross,
    });
    return buildResult(out, prices, dates, periodsPerYear, { feeRate: cost.feeRate, feeRates: cost.feeRates, fixedFee: s.fixedFee });
  } finally {
    if (w !== weights) w.free();
  }
}

/**
 * Simulates a portfolio that trades to target weights: the event loop of vectorbt's
 * `Portfolio.from_orders(size_type='targetpercent')` or bt's rebalancing; with lag 0,
 * daily rebalancing and no costs it equals (to rounding) pandas
 * `(w * prices.pct_change()).sum(1)`.
 *
 * Inputs: `prices` T x N (Panel, or Arrow Table with a date column): positive, NaN = not
 * listed / missing. `weights` T x N target weights decided at the close of each row,
 * with the same columns (same order) and dates (a side without dates matches by
 * position); otherwise an InputError naming the missing / extra columns or the first
 * differing date, unless `align: true` (reindex onto the prices, missing targets 0).
 *
 * Timing: the target decided at row t is traded at the close of row t + lag - 1 and
 * earns returns from row t + lag on (`lag` default 1: trade at the decision close, earn
 * the next bar; no look-ahead). `lag: 0` must be asked for: it is same-close
 * (look-ahead; the target of row t earns row t's own return), for comparison only.
 * The schedule (`rebalance`: 'daily' (default), `{ every: 'week', weekday }`,
 * 'monthly-first', 'monthly-last' or a list of dates / row numbers; see
 * `RebalanceSchedule`) picks the decision rows whose targets are traded.
 *
 * Each bar t: holdings drift with prices, w_i <- w_i (1 + r_i) / (1 + r_p), where
 * r_p = sum w_i r_i + cash * r_cash - short notional * r_borrow and cash = 1 - sum w
 * (negative when levered: borrowed at the cash rate; short proceeds earn it). On a
 * traded bar each asset goes to its effective target tau_i unless |held - tau_i| is
 * within max(min(abs, rel |tau_i|), 1e-12) (the band: absolute and / or relative, see
 * `BacktestOptions.band`; `minTrade`: rounding noise is not a trade), and a tau_i of
 * exactly 0 always closes a held position, where
 * tau = target * 0.5^(age / decay.halflife) * leverage (age = decision rows since the
 * asset's selection, the sign of its target, last changed), the row scaled down to maxGross if sum |tau| exceeds it.
 * Trades are sized on pre-trade equity and costs are paid from cash:
 * cost = (feesBps + slippageBps) / 1e4 * sum |traded| + fixedFee * trades / equity
 * (fixedFee in currency, equity starting at initialCapital; feesBps / slippageBps may
 * differ by asset, then each asset's traded value pays its own rate: src/backtest/costs.ts);
 * the bar's return is
 * (1 + r_p)(1 - cost) - 1 and the held weights after the trade are tau / (1 - cost).
 * Row 0 has no market return: its return is minus the cost of any trade at its close.
 *
 * Missing prices: an asset's return is 0 while its price is NaN, and the return on
 * reappearance is measured from its last price (a held position is carried at its last
 * price until a trade closes it, at that price). InputErrors name date and asset for: a
 * price <= 0 or infinite, a nonzero target traded at a bar where its asset has no
 * price, a NaN target (unless `nanWeights: 'zero'`), an infinite target, and a negative
 * one with `allowShort: false`. Cash and borrow rates are annual, per bar
 * (1 + r)^(1 / periodsPerYear) - 1 (a cashRate series: row t's annual rate accrues over
 * bar t). periodsPerYear is inferred from the median date spacing as the metrics do
 * (daily: 365 with weekends, else 252; weekly 52; monthly 12) unless given, 252 for
 * prices without dates.
 *
 * Drawdown stop (`stop: { drawdown, cooloff }`, src/backtest/stop.ts): when the equity
 * marked at a close is `drawdown` below its running peak the book is sold at that close,
 * stays flat for the cool-off and re-enters at the next scheduled rebalance after it;
 * `result.stops` lists each firing (trigger and re-entry dates, drawdown).
 *
 * Evaluation sample: by default the result starts at the end of the warm-up, the first
 * row whose targets hold anything (`evaluationStart`, src/backtest/evaluation.ts; one
 * row earlier with lag 0), with equity rebased to initialCapital there and
 * `result.startRow` saying where; `includeWarmup: true` keeps every row. The grid, the
 * CLI and the browser use the same sample, so `metrics(result.returns, { dates:
 * result.dates, turnover: result.turnover })` equals their figures.
 *
 * Returns a BacktestResult (src/backtest/types.ts): per-bar returns, equity, gross / net
 * exposure, turnover, costs, held weights and contributions (Panels the caller frees),
 * the trades (built on first access) and periodsPerYear. The checks and the loop run in
 * wasm (assembly/kernels/simulate.ts, simulateCheck.ts; `backend: 'js'` runs their
 * TypeScript twins, bit-identical). Complexity O(T N) time, O(T N) memory for the output
 * panels, O(N) scratch.
 */
export function backtest(prices: PanelInput, weights: PanelInput, options: BacktestOptions = {}): BacktestResult {
  const fn = 'backtest';
  const s = resolveSettings(fn, options, BACKTEST_OPTIONS);
  const P = asPanel(fn, 'prices', prices);
  const temps: Panel[] = P.owned ? [P.panel] : [];
  try {
    const W = asPanel(fn, 'weights', weights);
    if (W.owned) temps.push(W.panel);
    let w = W.panel;
    if (s.align) {
      w = alignWeights(fn, P.panel, W.panel);
      temps.push(w);
    } else {
      checkAligned(fn, 'weights', W.panel, P.panel, { alignHint: true });
    }
    const from = s.includeWarmup ? 0 : evaluationStart(w, s.lag);
    const full = simulatePanels(fn, P.panel, w, temps.includes(w), s);
    if (from === 0) return full;
    try {
      return sliceResult(full, from);
    } finally {
      freeResult(full);
    }
  } finally {
    for (const p of temps) p.free();
  }
}
