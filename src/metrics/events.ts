import { InputError } from '../errors.js';
import { drawdownInfo } from './drawdown.js';
import { dropNaN, toDates, toFloat64, type DatesInput, type ReturnsInput } from './input.js';

/** A named date range; `start` and `end` are inclusive. */
export interface MarketEvent {
  name: string;
  /** Epoch ms, a Date, or an ISO date 'YYYY-MM-DD' (UTC; as `end`, the whole day is included). */
  start: number | string | Date;
  end: number | string | Date;
}

/**
 * The stress periods of seed 000's drawdown-protection table, as whole calendar years
 * (the seed names them by year: "Dot-com crash (2000-02)", ...), so each range holds
 * the crash it names: S&P 500 peaks 2000-03-24 / trough 2002-10-09; 2008-2009 holds the
 * Lehman crash to the 2009-03-09 trough; COVID 2020-02-19 to 2020-03-23; crypto 2022.
 */
export const DEFAULT_EVENTS: readonly MarketEvent[] = Object.freeze([
  { name: 'Dot-com crash (2000-02)', start: '2000-01-01', end: '2002-12-31' },
  { name: 'Financial crisis (2008-09)', start: '2008-01-01', end: '2009-12-31' },
  { name: 'COVID crash (2020)', start: '2020-01-01', end: '2020-12-31' },
  { name: 'Crypto winter (2022)', start: '2022-01-01', end: '2022-12-31' },
].map((e) => Object.freeze(e)));

export interface EventRow {
  name: string;
  /** The range in epoch ms (end inclusive). */
  start: number;
  end: number;
  /** Valid bars inside the range (0: the data do not cover it; the statistics are NaN). */
  bars: number;
  /** Compounded return of the bars inside the range. */
  totalReturn: number;
  /** Worst drawdown inside the range, from wealth 1 at the range's start (<= 0). */
  maxDrawdown: number;
  /** Dates of that drawdown's peak (NaN when it is the range's start) and trough. */
  peakDate: number;
  troughDate: number;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function toMs(fn: string, ev: number, v: unknown, name: string, isEnd: boolean): number {
  let ms: number;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'number') ms = v;
  else if (typeof v === 'string') {
    ms = Date.parse(ISO_DAY.test(v) ? `${v}T00:00:00Z` : v);
    if (isEnd && ISO_DAY.test(v)) ms += DAY_MS - 1;
  } else ms = NaN;
  if (!Number.isFinite(ms)) {
    throw new InputError(`${fn}: events[${ev}] ('${name}') has an invalid ${isEnd ? 'end' : 'start'} ${JSON.stringify(v)}; use epoch ms, a Date or 'YYYY-MM-DD'`);
  }
  return ms;
}

/**
 * Total return and maximum drawdown of a strategy inside each named date range (seed
 * 000's "drawdown protection" table): the bars whose date lies in [start, end] are
 * compounded from wealth 1 at the range's start (so a loss on its first bar is a
 * drawdown), with the drawdown arithmetic of `drawdownSeries`. NaN returns are
 * skipped. Ranges the data do not reach give bars 0 and NaN statistics. Dates are
 * required (epoch ms per row). O(T * events).
 */
export function drawdownTable(returns: ReturnsInput, dates: DatesInput, events: readonly MarketEvent[] = DEFAULT_EVENTS): EventRow[] {
  const fn = 'drawdownTable';
  const r = toFloat64(fn, 'returns', returns);
  const d = toDates(fn, dates, r.length);
  if (!d && r.length > 0) throw new InputError(`${fn}: dates are required (epoch ms per row)`);
  if (!Array.isArray(events)) throw new InputError(`${fn}: events must be an array of { name, start, end }`);
  return events.map((ev, i) => {
    const name = String(ev?.name ?? `event ${i}`);
    const start = toMs(fn, i, ev?.start, name, false);
    const end = toMs(fn, i, ev?.end, name, true);
    if (end < start) throw new InputError(`${fn}: events[${i}] ('${name}') ends before it starts`);
    const inRange = r.map((v, t) => (d && d[t] >= start && d[t] <= end ? v : NaN));
    const { values, rows } = dropNaN(inRange);
    // Wealth starts at 1 just before the first bar in the range.
    let wealth = 1;
    for (const v of values) wealth *= 1 + v;
    const info = drawdownInfo(values, rows, r.length);
    const dateAt = (row: number): number => (d && row >= 0 && values.length > 0 && row >= rows[0] ? d[row] : NaN);
    return {
      name,
      start,
      end,
      bars: values.length,
      totalReturn: values.length ? wealth - 1 : NaN,
      maxDrawdown: info.maxDrawdown,
      peakDate: dateAt(info.peak),
      troughDate: dateAt(info.trough),
    };
  });
}
