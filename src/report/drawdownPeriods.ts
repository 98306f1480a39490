/**
 * The drawdown periods of a return series, worst first: the report's "worst N
 * drawdowns" table (quantstats `drawdown_details` sorted by depth).
 */
import { InputError } from '../errors.js';
import { checkInt } from '../validate.js';

/** One spell under water: from the first bar below the running peak to the bar back at it. */
export interface DrawdownPeriod {
  /** Row of the first bar below the previous peak (quantstats' "start"). */
  startRow: number;
  /** Row of the lowest wealth of the spell (the first such row on a tie). */
  valleyRow: number;
  /** First row whose wealth is back at or above the peak; -1 when not recovered by the last row. */
  recoveryRow: number;
  /** Epoch ms of those rows (recoveryDate NaN when not recovered). */
  start: number;
  valley: number;
  recovery: number;
  /** Valley wealth / peak - 1 (< 0): the same arithmetic as `drawdownSeries`, so the worst equals its minimum. */
  depth: number;
  /** Calendar days from the start to the valley (0 when the valley is the first bar under water). */
  daysToValley: number;
  /** Calendar days from the start to the recovery, or to the last date when not recovered. */
  days: number;
}

/** Defaults of the drawdown table. */
export const DRAWDOWN_PERIODS_DEFAULTS = Object.freeze({ top: 5 });

const DAY_MS = 86_400_000;
/** The wealth scale of `drawdownSeries` (empyrical's 100), kept so depths match it bit for bit. */
const START = 100;

/**
 * Every drawdown period of `returns` (simple returns, one per dated row), the `top`
 * deepest first (ties: the earlier first). Wealth compounds from 1 before row 0 and the
 * start counts as a peak, as in `drawdownSeries`: a spell opens at the first bar whose
 * wealth is below the running peak and closes at the first bar back at or above it
 * (the recovery; a spell open at the last row is "not recovered"). NaN returns leave
 * the wealth unchanged and are never a start, valley or recovery. Days are calendar
 * days between the dates of those rows (UTC). `top` defaults to 5; `Infinity` keeps
 * all. O(T + k log k) for k spells.
 */
export function drawdownPeriods(returns: ArrayLike<number>, dates: ArrayLike<number>, top: number = DRAWDOWN_PERIODS_DEFAULTS.top): DrawdownPeriod[] {
  const fn = 'drawdownPeriods';
  const T = returns.length;
  if (dates.length !== T) throw new InputError(`${fn}: dates has ${dates.length} entries but the returns have ${T}; they must align row by row`);
  const k = top === Infinity ? Infinity : checkInt(fn, 'top', top, 1);
  const out: DrawdownPeriod[] = [];
  let prod = 1;
  let peak = START;
  let lastValid = -1;
  let open: { startRow: number; valleyRow: number; depth: number } | null = null;
  const close = (recoveryRow: number): void => {
    const s = open!;
    const end = recoveryRow >= 0 ? dates[recoveryRow] : dates[lastValid];
    out.push({
      startRow: s.startRow,
      valleyRow: s.valleyRow,
      recoveryRow,
      start: dates[s.startRow],
      valley: dates[s.valleyRow],
      recovery: recoveryRow >= 0 ? dates[recoveryRow] : NaN,
      depth: s.depth,
      daysToValley: Math.round((dates[s.valleyRow] - dates[s.startRow]) / DAY_MS),
      days: Math.round((end - dates[s.startRow]) / DAY_MS),
    });
    open = null;
  };
  for (let t = 0; t < T; t++) {
    const r = returns[t];
    if (Number.isNaN(r)) continue;
    lastValid = t;
    prod *= 1 + r;
    const c = prod * START;
    if (c >= peak) {
      if (open) close(t);
      peak = c;
      continue;
    }
    const dd = (c - peak) / peak;
    if (!open) open = { startRow: t, valleyRow: t, depth: dd };
    else if (dd < open.depth) {
      open.valleyRow = t;
      open.depth = dd;
    }
  }
  if (open) close(-1);
  out.sort((a, b) => a.depth - b.depth || a.startRow - b.startRow);
  return k === Infinity ? out : out.slice(0, k);
}
