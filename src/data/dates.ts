/**
 * Date cells of a CSV file -> epoch milliseconds (UTC). One parser per format, each
 * strict: a cell it cannot read returns NaN and the caller reports line and column
 * (with `whyNotDate` saying what was wrong). `'auto'` is decided per column, from all
 * of its cells (`detectColumnDateFormat`), never cell by cell.
 */

export const DATE_FORMATS = ['iso', 'mdy', 'dmy', 'yyyymmdd', 'epoch-ms', 'epoch-s', 'auto'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
/** A concrete format, after `'auto'` has been resolved. */
export type ConcreteDateFormat = Exclude<DateFormat, 'auto'>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]00:?00)?$/;
/** An ISO date-time with a zone that is not UTC (`+01:00`, `-0500`, `+09`): refused, with that reason. */
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-]\d{2}(?::?\d{2})?)$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const YYYYMMDD = /^(\d{4})(\d{2})(\d{2})$/;
const INTEGER = /^-?\d+$/;

/**
 * Years that make an 8-digit integer a plausible `YYYYMMDD` date under `'auto'`. The
 * same integers as epoch seconds would all fall in 1970-04-26 .. 1973-03-03, so a
 * column of them is read as YYYYMMDD, never as epoch seconds.
 */
export const YYYYMMDD_YEARS = Object.freeze({ min: 1800, max: 2200 });

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

/** `'mdy'`: US `M/D/YYYY` (`3/10/2004`); `'dmy'`: day first, `D/M/YYYY` (`10/3/2004`). */
function parseSlash(s: string, dayFirst: boolean): number {
  const m = SLASH.exec(s);
  if (!m) return NaN;
  return dayFirst ? utcDate(+m[3], +m[2], +m[1]) : utcDate(+m[3], +m[1], +m[2]);
}

/** `'yyyymmdd'`: 8 digits, `20180102` (as written by CRSP, Bloomberg exports, Stata). */
function parseYyyymmdd(s: string): number {
  const m = YYYYMMDD.exec(s);
  return m ? utcDate(+m[1], +m[2], +m[3]) : NaN;
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
    case 'mdy': return parseSlash(s, false);
    case 'dmy': return parseSlash(s, true);
    case 'yyyymmdd': return parseYyyymmdd(s);
    case 'epoch-ms': return parseEpoch(s, 1);
    default: return parseEpoch(s, 1000);
  }
}

/** Is `s` an 8-digit integer that is a real date with a year in `YYYYMMDD_YEARS`? */
export function isPlausibleYyyymmdd(s: string): boolean {
  const m = YYYYMMDD.exec(s);
  return m !== null && +m[1] >= YYYYMMDD_YEARS.min && +m[1] <= YYYYMMDD_YEARS.max && !Number.isNaN(utcDate(+m[1], +m[2], +m[3]));
}

/** The outcome of `detectColumnDateFormat`: a format, or why none can be chosen and at which cell. */
export type DateFormatGuess = { format: ConcreteDateFormat } | { error: string; at: number };

const ASK = "pass a date format: 'iso', 'mdy', 'dmy', 'yyyymmdd', 'epoch-ms' or 'epoch-s' (dateFormat, --date-format)";

/**
 * Resolves `'auto'` for a whole date column (cells trimmed, in file order), from the
 * shape of its first cell and then every cell of that shape:
 * - `YYYY-...`: `'iso'`.
 * - `A/B/YYYY`: `'dmy'` when some A is above 12, `'mdy'` when some B is; both (some
 *   A > 12 and some B > 12) is an error, and neither (every field <= 12, e.g.
 *   `1/2/2018` ... `12/1/2018`) is an error that asks for `'mdy'` or `'dmy'`: a guess
 *   would read monthly day-first data as daily month-first data.
 * - a bare integer: `'yyyymmdd'` when the first cell is a plausible YYYYMMDD (8 digits,
 *   a real date, year in `YYYYMMDD_YEARS`), and then every cell must be 8 digits; epoch
 *   seconds are never guessed for such values. Otherwise epoch milliseconds when the
 *   first cell has 11 or more digits (after 1973-03-03 in ms; seconds reach 11 digits
 *   only after the year 5138), else epoch seconds.
 * Anything else is an error. Cells of another shape are left to the parser, which
 * reports them with their line. O(cells).
 */
export function detectColumnDateFormat(cells: readonly string[]): DateFormatGuess {
  if (cells.length === 0) return { format: 'iso' };
  const first = cells[0];
  if (/^\d{4}-/.test(first)) return { format: 'iso' };
  if (SLASH.test(first)) {
    let dayFirst = -1;
    let monthFirst = -1;
    cells.forEach((c, i) => {
      const m = SLASH.exec(c);
      if (!m) return;
      if (dayFirst < 0 && +m[1] > 12) dayFirst = i;
      if (monthFirst < 0 && +m[2] > 12) monthFirst = i;
    });
    if (dayFirst >= 0 && monthFirst >= 0) {
      return { error: `the slash dates fit neither order: '${cells[dayFirst]}' has a first field above 12 (day first) and '${cells[monthFirst]}' a second field above 12 (month first); ${ASK}`, at: Math.max(dayFirst, monthFirst) };
    }
    if (dayFirst >= 0) return { format: 'dmy' };
    if (monthFirst >= 0) return { format: 'mdy' };
    return { error: `the slash dates are ambiguous: no field is above 12 in either position, so '${first}' could be month/day/year or day/month/year; pass dateFormat 'mdy' (--date-format mdy) or 'dmy' (--date-format dmy)`, at: 0 };
  }
  if (INTEGER.test(first)) {
    if (isPlausibleYyyymmdd(first)) {
      const other = cells.findIndex((c) => INTEGER.test(c) && !YYYYMMDD.test(c));
      if (other >= 0) return { error: `'${first}' reads as a YYYYMMDD date but '${cells[other]}' does not (not 8 digits); ${ASK}`, at: other };
      return { format: 'yyyymmdd' };
    }
    return { format: first.replace('-', '').length >= 11 ? 'epoch-ms' : 'epoch-s' };
  }
  return { error: `cannot tell the date format of '${first}'; ${ASK}`, at: 0 };
}

/**
 * Why `s` is not a date of `format`, for an error message: a refused time zone, a day
 * that does not exist, a field out of range (with the format that would fit), or the
 * shape the format expects.
 */
export function whyNotDate(s: string, format: ConcreteDateFormat): string {
  const shape = {
    iso: 'YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.mmm]][Z]', mdy: 'M/D/YYYY', dmy: 'D/M/YYYY', yyyymmdd: 'YYYYMMDD (8 digits)',
    'epoch-ms': 'an integer of epoch milliseconds', 'epoch-s': 'an integer of epoch seconds',
  }[format];
  if (format === 'iso') {
    const z = ISO_OFFSET.exec(s);
    if (z && !/^[+-]00:?(00)?$/.test(z[1])) {
      return `its time zone ${z[1]} is refused: dates are read as UTC and a zone offset would shift them to another day; convert the column to UTC (or drop the time)`;
    }
    if (ISO_DATE.test(s) || ISO_DATETIME.test(s)) return 'that day or time does not exist';
  }
  if (format === 'mdy' || format === 'dmy') {
    const m = SLASH.exec(s);
    if (m) {
      const [month, day] = format === 'mdy' ? [+m[1], +m[2]] : [+m[2], +m[1]];
      if (month > 12 && day <= 12) return `${month} is not a month; if the dates are ${format === 'mdy' ? 'day first pass dateFormat \'dmy\'' : 'month first pass dateFormat \'mdy\''}`;
      return 'that day does not exist';
    }
  }
  if (format === 'yyyymmdd' && YYYYMMDD.test(s)) return 'that day does not exist';
  return `expected ${shape}`;
}

/** `YYYY-MM-DD` of epoch ms (UTC), with the time when it is not midnight. */
export function isoDate(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const s = new Date(ms).toISOString();
  return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s;
}
