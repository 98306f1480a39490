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
}

/** Month-end panels (months x symbols) built from long rows; the caller frees them. */
export interface MonthlyPanels {
  close: Panel;
  marketCap: Panel;
  /** Null when the input has no dollar_volume at all. */
  dollarVolume: Panel | null;
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
  for (let r = 0; r < R; r++) {
    const m = monthIdx.get(keys[r])!;
    const j = symIdx.get(cols.symbol(r) as string)!;
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
  return { close, marketCap, dollarVolume };
}

interface RowColumns {
  length: number;
  date(r: number): unknown;
  symbol(r: number): unknown;
  close(r: number): unknown;
  marketCap(r: number): unknown;
  dollarVolume: ((r: number) => unknown) | null;
  hasDollarVolume: boolean;
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
    return {
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
  return {
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
