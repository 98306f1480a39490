import { dropNaN, toFloat64, type ReturnsInput } from './input.js';

/** empyrical's wealth scale: `max_drawdown` compounds from a start value of 100. */
const START = 100;

/**
 * Drawdown of each bar: wealth / running peak - 1, where wealth compounds the returns
 * from 1 before row 0 and the start counts as a peak (a first-bar loss is a drawdown).
 * Computed as empyrical `max_drawdown` does, (c - max(c)) / max(c) with c = 100 *
 * cumprod(1 + r) and the start value 100 in the running max, so the minimum of this
 * series equals `metrics(r).maxDrawdown` bit for bit. NaN returns stay NaN in the
 * output and leave the wealth unchanged (a missing bar neither gains nor loses).
 * Values are <= 0. O(T).
 */
export function drawdownSeries(returns: ReturnsInput): Float64Array {
  const r = toFloat64('drawdownSeries', 'returns', returns);
  const out = new Float64Array(r.length);
  let prod = 1;
  let peak = START;
  for (let t = 0; t < r.length; t++) {
    if (Number.isNaN(r[t])) {
      out[t] = NaN;
      continue;
    }
    prod *= 1 + r[t];
    const c = prod * START;
    if (c > peak) peak = c;
    out[t] = (c - peak) / peak;
  }
  return out;
}

/** The worst peak-to-trough fall of a return series and where it happened. */
export interface DrawdownInfo {
  /** Worst drawdown (<= 0); NaN for an empty series. */
  maxDrawdown: number;
  /**
   * Rows of the input: the peak (last row at which the running peak was set before the
   * trough; -1, or the row before the first valid one, when the peak is the starting
   * capital), the trough, and the first row after the trough whose wealth is back at
   * the peak (NaN when not recovered). All NaN when there is no drawdown.
   */
  peak: number;
  trough: number;
  recovery: number;
  /** Bars from peak to recovery, or to the last row when not recovered; 0 without drawdown. */
  duration: number;
  /** Longest peak-to-recovery (or peak-to-end) spell of any drawdown, in bars. */
  longestDuration: number;
}

/**
 * Drawdown statistics of the valid (non-NaN) returns `values` taken from input rows
 * `rows` of a series `length` rows long. Same arithmetic as `drawdownSeries`. O(n).
 */
export function drawdownInfo(values: Float64Array, rows: Int32Array, length: number): DrawdownInfo {
  const n = values.length;
  if (n === 0) return { maxDrawdown: NaN, peak: NaN, trough: NaN, recovery: NaN, duration: 0, longestDuration: 0 };
  const lastRow = length - 1;
  const startRow = rows[0] - 1;
  const rowOf = (k: number): number => (k < 0 ? startRow : rows[k]);

  let prod = 1;
  let peak = START;
  let peakPos = -1;
  let worst = 0;
  let troughPos = -1;
  let peakAtTrough = -1;
  let peakValueAtTrough = START;
  // Longest spell: a spell opens when wealth falls below the peak and closes at recovery.
  let longest = 0;
  let inDrawdown = false;
  const c = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    prod *= 1 + values[k];
    c[k] = prod * START;
    if (c[k] >= peak) {
      if (inDrawdown) longest = Math.max(longest, rows[k] - rowOf(peakPos));
      inDrawdown = false;
      peak = c[k];
      peakPos = k;
      continue;
    }
    inDrawdown = true;
    const dd = (c[k] - peak) / peak;
    if (dd < worst) {
      worst = dd;
      troughPos = k;
      peakAtTrough = peakPos;
      peakValueAtTrough = peak;
    }
  }
  if (inDrawdown) longest = Math.max(longest, lastRow - rowOf(peakPos));
  if (troughPos < 0) return { maxDrawdown: 0, peak: NaN, trough: NaN, recovery: NaN, duration: 0, longestDuration: 0 };

  let recoveryPos = -1;
  for (let k = troughPos + 1; k < n; k++) {
    if (c[k] >= peakValueAtTrough) {
      recoveryPos = k;
      break;
    }
  }
  const peakRow = rowOf(peakAtTrough);
  const recoveryRow = recoveryPos >= 0 ? rows[recoveryPos] : NaN;
  return {
    maxDrawdown: worst,
    peak: peakRow,
    trough: rows[troughPos],
    recovery: recoveryRow,
    duration: (recoveryPos >= 0 ? recoveryRow : lastRow) - peakRow,
    longestDuration: longest,
  };
}

/** `drawdownInfo` of a whole series (NaN dropped). */
export function maxDrawdownOf(returns: Float64Array): DrawdownInfo {
  const { values, rows } = dropNaN(returns);
  return drawdownInfo(values, rows, returns.length);
}
