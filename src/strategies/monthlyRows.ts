import { DataType, type Table } from 'apache-arrow';
import { isArrowTable } from '../arrow.js';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { isoDate, parseDate } from '../data/dates.js';
import { periodKey } from '../data/periods.js';

/** One observation of a stock, the long format of `doubleSort`. */
export interface StockRow {
  /** A Date, epoch milliseconds, or an ISO `YYYY-MM-DD` string (UTC). */
  date: Date | number | string;
  symbol: string;
  /** Close (split/dividend adjusted): > 0, or NaN / null when missing. */
  close: number | null;
  /** Market capitalisation: >= 0, or NaN / null when unknown. */
  market_cap: number | null;
  /** Dollar volume (for the `topK` filter): >= 0, or NaN / null when unknown. */
  dollar_volume?: number | null;
  /**
   * CRSP-style delisting return (optional): the return from the stock's last close to
   * the value holders received when it left the exchange, e.g. -0.3 (> -1). Only on
   * the stock's last row; NaN / null / absent = none given (see `delistedPrices`).
   */
  delisting_return?: number | null;
  /** Listing exchange (optional), e.g. 'NYSE', for `doubleSort`'s `exchanges` filter. */
  exchange?: string | null;
}

/** Month-end panels (months x symbols) built from long rows; the caller frees them. */
export interface MonthlyPanels {
  close: Panel;
  marketCap: Panel;
  /** Null when the input has no dollar_volume at all. */
  dollarVolume: Panel | null;
  /** Exchange of each (month, symbol) cell, from the row of its close (null: none); null without an exchange column. */
  exchange: (string | null)[] | null;
  /**
   * Per symbol: the month of its last row (present close or not) and the
   * delisting_return given on that row (NaN when none / no such column).
   */
  lastMonth: Int32Array;
  delistingReturn: Float64Array;
}

const REQUIRED = ['date', 'symbol', 'close', 'market_cap'] as const;

/**
 * Long rows -> month-end wide panels, pandas
 * `df.pivot(index='date', columns='symbol').resample('M').last()` with one twist: a
 * symbol's market cap and dollar volume come from the SAME row as its close, the row
 * with the latest date of the month whose close is present (so they describe the
 * same day). Months are calendar months (UTC); a month is labelled with the latest
 * date of any row in it (its last trading date; the last month may be partial).
 * Only months holding rows appear. Columns are the symbols in sorted order.
 * Errors name the row: a bad date, an empty symbol, a close <= 0 or not a number, a
 * negative market cap or dollar volume, the same (date, symbol) twice.
 * O(R log R) for R rows (a sort of the months and symbols), O(M S) memory.
 */
export function monthlyPanels(fn: string, rows: Table | readonly StockRow[]): MonthlyPanels {
  const cols = columnsOf(fn, rows);
  const R = cols.length;
  if (R === 0) throw new InputError(`${fn}: no rows (empty universe)`);
  const dates = new Float64Array(R);
  const keys = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    dates[r] = toMs(fn, r, cols.date(r));
    keys[r] = periodKey(dates[r], 'month');
  }
  const symbols = [...new Set(Array.from({ length: R }, (_, r) => symbolOf(fn, r, cols.symbol(r))))].sort();
  const symIdx = new Map(symbols.map((s, j) => [s, j]));
  const monthKeys = [...new Set(keys)].sort((a, b) => a - b);
  const monthIdx = new Map(monthKeys.map((k, m) => [k, m]));
  const M = monthKeys.length;
  const S = symbols.length;
  const label = new Float64Array(M).fill(-Infinity);
  const best = new Int32Array(M * S).fill(-1); // row holding the month's last present close
  const seen = new Map<string, number>();
  const lastRow = new Int32Array(S).fill(-1);
  for (let r = 0; r < R; r++) {
    const m = monthIdx.get(keys[r])!;
    const j = symIdx.get(cols.symbol(r) as string)!;
    if (lastRow[j] < 0 || dates[r] > dates[lastRow[j]]) lastRow[j] = r;
    const dupKey = `${dates[r]}|${j}`;
    const prev = seen.get(dupKey);
    if (prev !== undefined) throw new InputError(`${fn}: rows ${prev} and ${r} are both ${symbols[j]} on ${isoDate(dates[r])}; one row per (date, symbol)`);
    seen.set(dupKey, r);
    if (dates[r] > label[m]) label[m] = dates[r];
    const close = num(fn, r, 'close', cols.close(r));
    if (Number.isNaN(close)) continue;
    if (!(close > 0) || close === Infinity) throw new InputError(`${fn}: row ${r} (${symbols[j]}, ${isoDate(dates[r])}): close ${close} must be a positive price (NaN or null when missing)`);
    const b = best[m * S + j];
    if (b < 0 || dates[r] > dates[b]) best[m * S + j] = r;
  }
  const labels = { columns: symbols, index: Array.from(label), indexName: 'date' };
  const close = new Panel(M, S, labels);
  const marketCap = new Panel(M, S, labels);
  const dollarVolume = cols.hasDollarVolume ? new Panel(M, S, labels) : null;
  const fill = (p: Panel | null, get: ((r: number) => unknown) | null, name: string): void => {
    if (!p || !get) return;
    const v = p.values;
    for (let k = 0; k < M * S; k++) {
      const r = best[k];
      const x = r < 0 ? NaN : num(fn, r, name, get(r));
      if (x < 0 || x === Infinity) throw new InputError(`${fn}: row ${r} (${symbols[k % S]}, ${isoDate(dates[r])}): ${name} ${x} must be >= 0 (NaN or null when unknown)`);
      v[k] = x;
    }
  };
  try {
    fill(close, cols.close, 'close');
    fill(marketCap, cols.marketCap, 'market_cap');
    fill(dollarVolume, cols.dollarVolume, 'dollar_volume');
  } catch (e) {
    for (const p of [close, marketCap, dollarVolume]) p?.free();
    throw e;
  }
  const lastMonth = new Int32Array(S);
  const delistingReturn = new Float64Array(S).fill(NaN);
  for (let j = 0; j < S; j++) lastMonth[j] = monthIdx.get(keys[lastRow[j]])!;
  if (cols.delistingReturn) {
    for (let r = 0; r < R; r++) {
      const d = num(fn, r, 'delisting_return', cols.delistingReturn(r));
      if (Number.isNaN(d)) continue;
      const j = symIdx.get(cols.symbol(r) as string)!;
      const where = `row ${r} (${symbols[j]}, ${isoDate(dates[r])})`;
      if (r !== lastRow[j]) {
        for (const p of [close, marketCap, dollarVolume]) p?.free();
        throw new InputError(`${fn}: ${where}: delisting_return ${d} is not on the stock's last row (${isoDate(dates[lastRow[j]])}); give it only where the stock leaves`);
      }
      if (!(d > -1) || d === Infinity) {
        for (const p of [close, marketCap, dollarVolume]) p?.free();
        throw new InputError(`${fn}: ${where}: delisting_return ${d} must be a finite return > -1 (prices stay positive for the backtester; write e.g. -0.9999 for a near-total loss)`);
      }
      delistingReturn[j] = d;
    }
  }
  let exchange: (string | null)[] | null = null;
  if (cols.exchange) {
    exchange = new Array<string | null>(M * S).fill(null);
    for (let k = 0; k < M * S; k++) {
      const r = best[k];
      if (r < 0) continue;
      const x = cols.exchange(r);
      if (x === null || x === undefined) continue;
      if (typeof x !== 'string') {
        for (const p of [close, marketCap, dollarVolume]) p?.free();
        throw new InputError(`${fn}: row ${r}: exchange ${JSON.stringify(x)} must be a string (or null when unknown)`);
      }
      exchange[k] = x;
    }
  }
  return { close, marketCap, dollarVolume, exchange, lastMonth, delistingReturn };
}

interface RowColumns {
  length: number;
  date(r: number): unknown;
  symbol(r: number): unknown;
  close(r: number): unknown;
  marketCap(r: number): unknown;
  dollarVolume: ((r: number) => unknown) | null;
  hasDollarVolume: boolean;
  delistingReturn: ((r: number) => unknown) | null;
  exchange: ((r: number) => unknown) | null;
}

function columnsOf(fn: string, rows: Table | readonly StockRow[]): RowColumns {
  if (isArrowTable(rows)) {
    const names = rows.schema.fields.map((f) => f.name);
    for (const c of REQUIRED) {
      if (!names.includes(c)) throw new InputError(`${fn}: the table has no '${c}' column; it needs ${REQUIRED.join(', ')} (and optionally dollar_volume); columns are ${names.join(', ')}`);
    }
    const dateVec = rows.getChild('date')!;
    const symVec = rows.getChild('symbol')!;
    const closeVec = rows.getChild('close')!;
    const capVec = rows.getChild('market_cap')!;
    // A dictionary-encoded column (pandas' category dtype, Parquet's dictionary pages) is
    // judged by its value type; `get` decodes it.
    const dateType = DataType.isDictionary(dateVec.type) ? dateVec.type.dictionary : dateVec.type;
    const isTemporal = DataType.isDate(dateType) || DataType.isTimestamp(dateType) || DataType.isUtf8(dateType) || DataType.isLargeUtf8(dateType);
    if (!isTemporal) throw new InputError(`${fn}: column 'date' has type ${String(dateVec.type)}; expected a Date, Timestamp or ISO string column (dictionary-encoded or not)`);
    for (const c of ['close', 'market_cap', 'dollar_volume']) {
      const v = rows.getChild(c);
      if (v && !(DataType.isFloat(v.type) || DataType.isInt(v.type))) throw new InputError(`${fn}: column '${c}' has type ${String(v.type)}; it must be numeric`);
    }
    const dv = rows.getChild('dollar_volume');
    const dl = rows.getChild('delisting_return');
    if (dl && !(DataType.isFloat(dl.type) || DataType.isInt(dl.type))) throw new InputError(`${fn}: column 'delisting_return' has type ${String(dl.type)}; it must be numeric`);
    const ex = rows.getChild('exchange');
    return {
      delistingReturn: dl ? (r) => dl.get(r) : null,
      exchange: ex ? (r) => ex.get(r) : null,
      length: rows.numRows,
      date: (r) => dateVec.get(r),
      symbol: (r) => symVec.get(r),
      close: (r) => closeVec.get(r),
      marketCap: (r) => capVec.get(r),
      dollarVolume: dv ? (r) => dv.get(r) : null,
      hasDollarVolume: dv !== null,
    };
  }
  if (!Array.isArray(rows)) throw new InputError(`${fn}: rows must be an Arrow Table or an array of { date, symbol, close, market_cap, dollar_volume? }`);
  rows.forEach((row, r) => {
    if (typeof row !== 'object' || row === null) throw new InputError(`${fn}: row ${r} is not an object`);
    for (const c of REQUIRED) if (!(c in row)) throw new InputError(`${fn}: row ${r} has no '${c}'; rows need ${REQUIRED.join(', ')} (and optionally dollar_volume)`);
  });
  const hasDv = rows.some((row) => row.dollar_volume !== undefined);
  const hasDl = rows.some((row) => row.delisting_return !== undefined);
  const hasEx = rows.some((row) => row.exchange !== undefined);
  return {
    delistingReturn: hasDl ? (r) => rows[r].delisting_return : null,
    exchange: hasEx ? (r) => rows[r].exchange : null,
    length: rows.length,
    date: (r) => rows[r].date,
    symbol: (r) => rows[r].symbol,
    close: (r) => rows[r].close,
    marketCap: (r) => rows[r].market_cap,
    dollarVolume: hasDv ? (r) => rows[r].dollar_volume : null,
    hasDollarVolume: hasDv,
  };
}

/** A numeric cell: a number, a bigint, or null / undefined (= NaN); anything else is an InputError naming the row. */
function num(fn: string, r: number, name: string, x: unknown): number {
  if (x === null || x === undefined) return NaN;
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  throw new InputError(`${fn}: row ${r}: ${name} ${JSON.stringify(x)} is not a number`);
}

function toMs(fn: string, r: number, d: unknown): number {
  const ms = d instanceof Date ? d.getTime() : typeof d === 'number' ? d : typeof d === 'bigint' ? Number(d) : typeof d === 'string' ? parseDate(d, 'iso') : NaN;
  if (!Number.isFinite(ms)) throw new InputError(`${fn}: row ${r}: date ${JSON.stringify(d)} is not a valid date (a Date, epoch ms, or ISO YYYY-MM-DD)`);
  return ms;
}

function symbolOf(fn: string, r: number, s: unknown): string {
  if (typeof s !== 'string' || s === '') throw new InputError(`${fn}: row ${r}: symbol ${JSON.stringify(s)} must be a non-empty string`);
  return s;
}
