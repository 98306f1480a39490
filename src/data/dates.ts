/**
 * Date cells of a CSV file -> epoch milliseconds (UTC). One parser per format, each
 * strict: a cell it cannot read returns NaN and the caller reports line and column.
 */

export const DATE_FORMATS = ['iso', 'mdy', 'epoch-ms', 'epoch-s', 'auto'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
/** A concrete format, after `'auto'` has been resolved. */
export type ConcreteDateFormat = Exclude<DateFormat, 'auto'>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]00:?00)?$/;
const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const INTEGER = /^-?\d+$/;

/** Epoch ms of a calendar date, or NaN when the day does not exist (2021-02-30). */
export function utcDate(year: number, month: number, day: number): number {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? ms : NaN;
}

/**
 * `'iso'`: `YYYY-MM-DD` (UTC midnight) or `YYYY-MM-DDTHH:MM[:SS[.mmm]]` with an optional
 * `Z` / `+00:00` (other offsets are refused: dates are UTC throughout).
 */
function parseIso(s: string): number {
  let m = ISO_DATE.exec(s);
  if (m) return utcDate(+m[1], +m[2], +m[3]);
  m = ISO_DATETIME.exec(s);
  if (!m) return NaN;
  const day = utcDate(+m[1], +m[2], +m[3]);
  const [h, mi, sec] = [+m[4], +m[5], m[6] === undefined ? 0 : +m[6]];
  if (h > 23 || mi > 59 || sec > 59) return NaN;
  const ms = m[7] === undefined ? 0 : +m[7].padEnd(3, '0');
  return day + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

/** `'mdy'`: US `M/D/YYYY` as written by Excel and pandas' test data (`3/10/2004`). */
function parseMdy(s: string): number {
  const m = MDY.exec(s);
  return m ? utcDate(+m[3], +m[1], +m[2]) : NaN;
}

function parseEpoch(s: string, scale: number): number {
  if (!INTEGER.test(s)) return NaN;
  const ms = Number(s) * scale;
  return Number.isSafeInteger(ms) ? ms : NaN;
}

/** Parses one date cell; NaN when it does not match the format. */
export function parseDate(s: string, format: ConcreteDateFormat): number {
  switch (format) {
    case 'iso': return parseIso(s);
    case 'mdy': return parseMdy(s);
    case 'epoch-ms': return parseEpoch(s, 1);
    default: return parseEpoch(s, 1000);
  }
}

/**
 * Resolves `'auto'` from one sample cell: ISO if it starts `YYYY-`, `mdy` if it has
 * slashes, and for a bare integer epoch milliseconds when it has 11 or more digits
 * (after 1973-03-03 in ms; seconds reach 11 digits only after the year 5138), else
 * epoch seconds. Returns null when nothing matches.
 */
export function detectDateFormat(sample: string): ConcreteDateFormat | null {
  if (/^\d{4}-/.test(sample)) return 'iso';
  if (sample.includes('/')) return 'mdy';
  if (INTEGER.test(sample)) return sample.replace('-', '').length >= 11 ? 'epoch-ms' : 'epoch-s';
  return null;
}

/** `YYYY-MM-DD` of epoch ms (UTC), with the time when it is not midnight. */
export function isoDate(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const s = new Date(ms).toISOString();
  return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s;
}
