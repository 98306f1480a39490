/**
 * The portfolio drawdown stop (option `stop: { drawdown, cooloff }`), a circuit breaker on
 * the whole book:
 * - each bar t the book is marked to market at its close (equity before any trade, V_t);
 *   the peak is the running maximum of V since the start (initial capital) or the last
 *   re-entry;
 * - when V_t / peak - 1 <= -drawdown, everything is sold at the close of t (paying fees,
 *   slippage and fixed fees as any trade), so the book is flat from bar t + 1 on: the
 *   decision uses closes <= t only (no look-ahead);
 * - it stays flat during the cool-off (scheduled trades are skipped) and re-enters at
 *   the first traded bar (of the rebalance schedule) on or after the cool-off's end,
 *   trading to that bar's targets (paying costs); the peak restarts at the equity after
 *   that trade.
 *
 * Cool-off grammar (`cooloff`): an integer n >= 1 = n bars (the first possible
 * re-entry is row t + n; a string of digits, '5', is the same), or `<n><unit>` with unit
 * `d` (calendar days), `w` (weeks = 7 days), `m` (calendar months, the day clamped to
 * the month's end as `addMonths` in src/report/trailing.ts) or `y` (12 months), e.g.
 * '1w', '2w', '1m', '3m', '1y': the first possible re-entry is the first row r > t
 * whose date is >= date_t + period. Periods need dated prices.
 */
import { InputError } from '../errors.js';
import { addMonths } from '../report/trailing.js';

const DAY_MS = 86_400_000;

/** The `stop` option: `drawdown` in (0, 1), `cooloff` in bars or a period ('1w', '1m', ...). */
export interface StopOption {
  drawdown: number;
  cooloff: number | string;
}

/** A validated cool-off: n bars, or n calendar days / months. */
export type Cooloff = { bars: number } | { days: number } | { months: number };

export interface Stop {
  drawdown: number;
  cooloff: Cooloff;
}

/** One firing of the stop. */
export interface StopEvent {
  /** Date (epoch ms) of the bar at whose close the book was sold; its row number when the prices carry no dates. */
  triggered: number;
  /** Date of the bar at whose close the book re-entered (row number without dates), or null when it never did. */
  reentry: number | null;
  /** Row numbers of the same bars (counted from the result's first row). */
  triggeredRow: number;
  reentryRow: number | null;
  /** Equity / peak - 1 at the trigger (<= -drawdown), before the sale's costs. */
  drawdown: number;
}

/** Parses a cool-off (see the module doc); errors name `stop.cooloff` and the grammar. */
export function parseCooloff(fn: string, value: unknown): Cooloff {
  const bad = (): InputError =>
    new InputError(`${fn}: stop.cooloff must be a number of bars (an integer >= 1) or a period <n><d|w|m|y> such as '1w', '2w', '1m', '3m', '1y', got ${JSON.stringify(value) ?? String(value)}`);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1) throw bad();
    return { bars: value };
  }
  if (typeof value !== 'string') throw bad();
  const m = /^\s*(\d+)\s*([dwmy]?)\s*$/i.exec(value);
  if (!m) throw bad();
  const n = Number(m[1]);
  if (!(n >= 1) || !Number.isSafeInteger(n)) throw bad();
  switch (m[2].toLowerCase()) {
    case '': return { bars: n };
    case 'd': return { days: n };
    case 'w': return { days: 7 * n };
    case 'm': return { months: n };
    default: return { months: 12 * n };
  }
}

/** Validates the `stop` option (null when absent); errors name the field and the allowed range. */
export function resolveStop(fn: string, value: unknown): Stop | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${fn}: stop must be { drawdown, cooloff }, got ${JSON.stringify(value)}`);
  const extra = Object.keys(value).filter((k) => k !== 'drawdown' && k !== 'cooloff');
  if (extra.length) throw new InputError(`${fn}: stop has unknown key '${extra[0]}'; valid keys are drawdown, cooloff`);
  const o = value as { drawdown?: unknown; cooloff?: unknown };
  const dd = o.drawdown;
  if (typeof dd !== 'number' || !(dd > 0 && dd < 1)) {
    throw new InputError(`${fn}: stop.drawdown must be a number in (0, 1) (0.25 = sell when equity is 25% below its peak), got ${JSON.stringify(dd) ?? String(dd)}`);
  }
  if (o.cooloff === undefined) throw new InputError(`${fn}: stop.cooloff is required: a number of bars or a period such as '1m'`);
  return { drawdown: dd, cooloff: parseCooloff(fn, o.cooloff) };
}

/**
 * For every row t, the first row at which a stop triggered at t may re-enter (as f64; T
 * or more = never): t + bars, or the first r > t with dates[r] >= date_t + period. Two
 * pointers over ascending dates: O(T).
 */
export function stopEnds(fn: string, cooloff: Cooloff, dates: Float64Array, T: number): Float64Array {
  const out = new Float64Array(T);
  if ('bars' in cooloff) {
    for (let t = 0; t < T; t++) out[t] = t + cooloff.bars;
    return out;
  }
  if (dates.length !== T) throw new InputError(`${fn}: stop.cooloff as a period needs prices with dates; give a number of bars instead`);
  const target = 'days' in cooloff ? (ms: number): number => ms + cooloff.days * DAY_MS : (ms: number): number => addMonths(ms, cooloff.months);
  let r = 0;
  for (let t = 0; t < T; t++) {
    const end = target(dates[t]);
    if (r <= t) r = t + 1;
    while (r < T && dates[r] < end) r++;
    out[t] = r;
  }
  return out;
}

/** The stop events of a simulation from the kernel's codes (1 = trigger, 2 = re-entry; rows T.. = drawdowns). */
export function stopEventsOf(codes: Float64Array | null, T: number, dates: Float64Array): StopEvent[] {
  if (codes === null) return [];
  const at = (row: number): number => (dates.length ? dates[row] : row);
  const out: StopEvent[] = [];
  for (let t = 0; t < T; t++) {
    if (codes[t] === 1) out.push({ triggered: at(t), reentry: null, triggeredRow: t, reentryRow: null, drawdown: codes[T + t] });
    else if (codes[t] === 2 && out.length) {
      out[out.length - 1].reentryRow = t;
      out[out.length - 1].reentry = at(t);
    }
  }
  return out;
}
