import { InputError } from '../errors.js';
import { Panel } from '../panel.js';

/** The G10 currencies other than USD, as foreign/USD pairs come out of `ecbToUsd`. */
export const G10_CURRENCIES = ['EUR', 'JPY', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'NOK', 'SEK'] as const;
/**
 * The ten currencies of the FX trend seed (its EURUSD, USDJPY, GBPUSD, USDCHF, USDCAD,
 * AUDUSD, NZDUSD, USDNOK, USDSEK, USDZAR), every one quoted here as foreign/USD.
 */
export const SEED_FX_CURRENCIES = [...G10_CURRENCIES, 'ZAR'] as const;
/**
 * Emerging-market currencies among the ECB reference rates, quoted foreign/USD by
 * `ecbToUsd`: BRL CNY CZK HUF IDR ILS INR KRW MXN MYR PHP PLN THB TRY ZAR. In the ECB
 * file CZK HUF KRW PLN ZAR start in 1999; TRY in 2005-01, CNY IDR MYR PHP THB in 2005-04,
 * BRL MXN in 2008, INR in 2009, ILS in 2011 (earlier rows are NaN), so the early rows
 * of an EM panel are partly empty.
 */
export const EM_CURRENCIES = ['BRL', 'CNY', 'CZK', 'HUF', 'IDR', 'ILS', 'INR', 'KRW', 'MXN', 'MYR', 'PHP', 'PLN', 'THB', 'TRY', 'ZAR'] as const;

/**
 * ECB euro reference rates (units of each currency per 1 EUR; columns `USD`, `JPY`,
 * ...) -> USD prices of one unit of each foreign currency, the quoting the FX trend
 * strategy needs (Baz et al.: foreign currency primary, USD secondary).
 *
 * Naming: a column is always `<CCY>USD` = the USD price of 1 CCY, whatever the market
 * convention: `EURUSD` = the `USD` column (USD per EUR); for another currency C,
 * `CUSD` = USD / C (USD per C), e.g. `JPYUSD` = USD / JPY ~ 0.0067. The seed's
 * `USDJPY`, `USDCHF`, ... are the reciprocals of our `JPYUSD`, `CHFUSD`, ...: a long
 * `JPYUSD` position is long yen, short dollar.
 *
 * `currencies` (default: `EUR` then every column other than `USD`, in panel order)
 * picks and orders the output. One IEEE division per cell; NaN (`N/A`) in either
 * column gives NaN. Keeps the panel's dates. O(T N).
 */
export function ecbToUsd(panel: Panel, currencies?: readonly string[]): Panel {
  const fn = 'ecbToUsd';
  if (!(panel instanceof Panel)) throw new InputError(`${fn}: panel must be a Panel of ECB rates (currency columns per 1 EUR)`);
  if (!panel.columns.includes('USD')) throw new InputError(`${fn}: the panel has no 'USD' column; columns are ${panel.columns.join(', ')}`);
  const list = currencies ?? ['EUR', ...panel.columns.filter((c) => c !== 'USD')];
  if (!Array.isArray(list) || list.length === 0) throw new InputError(`${fn}: currencies must be a non-empty array of currency codes`);
  const seen = new Set<string>();
  for (const c of list) {
    if (c === 'USD') throw new InputError(`${fn}: 'USD' cannot be quoted against itself; list foreign currencies (EUR for the USD column)`);
    if (c !== 'EUR' && !panel.columns.includes(c)) {
      throw new InputError(`${fn}: no column '${c}' in the ECB panel; available: EUR, ${panel.columns.filter((x) => x !== 'USD').join(', ')}`);
    }
    if (seen.has(c)) throw new InputError(`${fn}: currency '${c}' listed twice`);
    seen.add(c);
  }
  const T = panel.nRows;
  const N = panel.nCols;
  const usd = panel.columnIndex('USD');
  const pos = list.map((c) => (c === 'EUR' ? -1 : panel.columnIndex(c)));
  const M = list.length;
  const out = new Panel(T, M, { columns: list.map((c) => `${c}USD`), index: panel.index, indexName: panel.indexName });
  const src = panel.values;
  const dst = out.values;
  for (let t = 0; t < T; t++) {
    const u = src[t * N + usd];
    for (let k = 0; k < M; k++) dst[t * M + k] = pos[k] < 0 ? u : u / src[t * N + pos[k]];
  }
  return out;
}
