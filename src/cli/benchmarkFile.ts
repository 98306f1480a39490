/** `--benchmark FILE`: a benchmark price series from its own file, for beta, alpha and the relative metrics. */
import { existsSync, statSync } from 'node:fs';
import { isoDate } from '../data/dates.js';
import { UsageError } from './errors.js';
import { loadWide } from './dataFile.js';

/** Price columns tried, in order, when the file has several (Yahoo-style OHLC files). */
export const PRICE_COLUMNS = ['adjclose', 'adj_close', 'Adj Close', 'close', 'Close'];

/** True when `--benchmark`'s value names a file rather than an asset of the data. */
export function isBenchmarkFile(value: string, columns: readonly string[]): boolean {
  if (columns.includes(value)) return false;
  return existsSync(value) && statSync(value).isFile();
}

/** The benchmark's simple returns on the given dates, and a line describing what was used. */
export interface BenchmarkSeries {
  /** Return of each of `dates` (close of the previous file date to this one); NaN where the file has no such date. */
  returns: Float64Array;
  note: string;
}

/**
 * Reads a wide price file (CSV / Arrow / Parquet, default reader options: ascending
 * dates, a date column) and returns its simple returns matched to `dates` by exact
 * date. The price column: the only numeric one, else the first of adjclose, adj_close,
 * Adj Close, close, Close. UsageErrors: no dates, no usable column, and no date in
 * common with the strategy's window (both ranges named).
 */
export function benchmarkFromFile(path: string, dates: Float64Array): BenchmarkSeries {
  const loaded = loadWide(path, {}).panel;
  try {
    const bDates = loaded.dates();
    if (!bDates.length) throw new UsageError(`--benchmark ${path}: the file has no date column; it needs dates to line up with the strategy`);
    const cols = loaded.columns;
    const name = cols.length === 1 ? cols[0] : PRICE_COLUMNS.find((c) => cols.includes(c));
    if (name === undefined) {
      throw new UsageError(`--benchmark ${path}: cannot tell the price column among ${cols.join(', ')}; give a file with one price column (or adjclose / close)`);
    }
    const p = loaded.column(cols.indexOf(name));
    const at = new Map<number, number>();
    for (let i = 1; i < bDates.length; i++) at.set(bDates[i], p[i] / p[i - 1] - 1);
    const returns = new Float64Array(dates.length).fill(NaN);
    let n = 0;
    for (let t = 0; t < dates.length; t++) {
      const r = at.get(dates[t]);
      if (r !== undefined && !Number.isNaN(r)) {
        returns[t] = r;
        n++;
      }
    }
    const range = (d: ArrayLike<number>): string => (d.length ? `${isoDate(d[0])} .. ${isoDate(d[d.length - 1])}` : 'no rows');
    if (n === 0) {
      throw new UsageError(`--benchmark ${path}: no date in common with the strategy's window (benchmark ${range(bDates)}, strategy ${range(dates)})`);
    }
    return { returns, note: `benchmark: ${path} (column ${name}; ${n} of ${dates.length} dates matched)` };
  } finally {
    loaded.free();
  }
}
