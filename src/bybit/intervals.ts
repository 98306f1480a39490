/**
 * Kline intervals of Bybit v5 `GET /v5/market/kline` ("Kline interval. 1,3,5,15,30,60,
 * 120,240,360,720,D,M,W": https://bybit-exchange.github.io/docs/v5/market/kline).
 * Numbers are minutes; D, W, M a day, a week and a calendar month (UTC).
 */
export const KLINE_INTERVALS = ['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D', 'W', 'M'] as const;
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Length of one candle in ms; for `'M'` the shortest month (28 days), a lower bound. */
export function intervalMs(interval: KlineInterval): number {
  switch (interval) {
    case 'D': return DAY;
    case 'W': return 7 * DAY;
    case 'M': return 28 * DAY;
    default: return Number(interval) * MINUTE;
  }
}

/** When the candle that opens at `start` closes (exclusive), in ms: next month for `'M'`. */
export function candleEnd(start: number, interval: KlineInterval): number {
  if (interval !== 'M') return start + intervalMs(interval);
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
}
