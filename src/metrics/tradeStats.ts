import type { RoundTrip } from '../backtest/roundTrips.js';

/**
 * Per-trade statistics of round trips (`roundTrips(result)`), named `trade*` to keep
 * them apart from the per-bar `hitRate`, `averageWin`, `averageLoss` and `profitFactor`
 * of `metrics`. Over the CLOSED trips only (a trip still open at the last row has no
 * outcome yet); a trip wins when its P&L contribution is > 0 and loses when < 0:
 * - tradeCount: closed trips; tradeOpenCount: trips still open;
 * - tradeHitRate = #wins / #(wins + losses) (a trip with zero P&L is neither);
 * - tradeAverageWin / tradeAverageLoss: mean `return` (the asset's price return times
 *   the side) of the winning / losing trips (the loss is negative);
 * - tradeProfitFactor = sum of winning contributions / |sum of losing contributions|;
 * - tradeExpectancy = mean contribution per closed trip (fraction of equity), i.e.
 *   hitRate x mean win - (1 - hitRate) x mean |loss| in contribution terms (vectorbt's
 *   `Trades.expectancy`, on contributions instead of currency P&L).
 * NaN rules: no closed trip gives NaN for every ratio; no win (loss) gives NaN for the
 * average win (loss); no loss gives a NaN profit factor (never +inf). O(n).
 */
export interface TradeStats {
  tradeCount: number;
  tradeOpenCount: number;
  tradeHitRate: number;
  tradeAverageWin: number;
  tradeAverageLoss: number;
  tradeProfitFactor: number;
  tradeExpectancy: number;
}

/** The `TradeStats` of round trips (see the interface for the definitions). */
export function tradeStatsOf(trips: readonly RoundTrip[]): TradeStats {
  let count = 0;
  let open = 0;
  let wins = 0;
  let losses = 0;
  let winRet = 0;
  let lossRet = 0;
  let gain = 0;
  let pain = 0;
  let total = 0;
  for (const trip of trips) {
    if (trip.open) {
      open++;
      continue;
    }
    count++;
    total += trip.contribution;
    if (trip.contribution > 0) {
      wins++;
      winRet += trip.return;
      gain += trip.contribution;
    } else if (trip.contribution < 0) {
      losses++;
      lossRet += trip.return;
      pain -= trip.contribution;
    }
  }
  return {
    tradeCount: count,
    tradeOpenCount: open,
    tradeHitRate: wins + losses > 0 ? wins / (wins + losses) : NaN,
    tradeAverageWin: wins > 0 ? winRet / wins : NaN,
    tradeAverageLoss: losses > 0 ? lossRet / losses : NaN,
    tradeProfitFactor: pain > 0 ? gain / pain : NaN,
    tradeExpectancy: count > 0 ? total / count : NaN,
  };
}

/** TradeStats of no trips: every value NaN (what `metrics` reports without `roundTrips`). */
export const NO_TRADE_STATS: Readonly<TradeStats> = Object.freeze({
  tradeCount: NaN,
  tradeOpenCount: NaN,
  tradeHitRate: NaN,
  tradeAverageWin: NaN,
  tradeAverageLoss: NaN,
  tradeProfitFactor: NaN,
  tradeExpectancy: NaN,
});
