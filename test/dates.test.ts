import { describe, expect, it } from 'vitest';
import { readCsv, readLongCsv } from '../src/index.js';
import { DATE_FORMATS, detectColumnDateFormat, parseDate, whyNotDate } from '../src/data/dates.js';
import { readOptions } from '../src/cli/dataFile.js';
import { UsageError } from '../src/cli/errors.js';
import { errorOf } from './helpers.js';

const utc = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

describe('parseDate', () => {
  it("parseDate(s, 'dmy') reads day first and parseDate(s, 'mdy') month first", () => {
    expect(parseDate('1/2/2018', 'dmy')).toBe(utc(2018, 2, 1));
    expect(parseDate('1/2/2018', 'mdy')).toBe(utc(2018, 1, 2));
    expect(parseDate('31/12/1999', 'dmy')).toBe(utc(1999, 12, 31));
    expect(parseDate('31/12/1999', 'mdy')).toBeNaN();
    expect(parseDate('29/2/2021', 'dmy')).toBeNaN(); // no such day
  });

  it("parseDate(s, 'yyyymmdd') reads 8 digits as a calendar date and refuses days that do not exist", () => {
    expect(parseDate('20180101', 'yyyymmdd')).toBe(utc(2018, 1, 1));
    expect(parseDate('20240229', 'yyyymmdd')).toBe(utc(2024, 2, 29));
    expect(parseDate('20230229', 'yyyymmdd')).toBeNaN();
    expect(parseDate('2018011', 'yyyymmdd')).toBeNaN();
    expect(parseDate('2018-01-01', 'yyyymmdd')).toBeNaN();
  });

  it('DATE_FORMATS lists dmy and yyyymmdd besides iso, mdy, epoch-ms, epoch-s and auto', () => {
    expect([...DATE_FORMATS].sort()).toEqual(['auto', 'dmy', 'epoch-ms', 'epoch-s', 'iso', 'mdy', 'yyyymmdd']);
  });
});

describe('detectColumnDateFormat', () => {
  it('detectColumnDateFormat decides slash dates from the whole column, not from the first cell', () => {
    // the first three cells fit either order; the fourth settles it
    expect(detectColumnDateFormat(['1/2/2018', '2/2/2018', '5/2/2018', '15/2/2018'])).toEqual({ format: 'dmy' });
    expect(detectColumnDateFormat(['2/1/2018', '2/2/2018', '2/5/2018', '2/15/2018'])).toEqual({ format: 'mdy' });
  });

  it('detectColumnDateFormat refuses slash dates with no field above 12, and columns that fit neither order', () => {
    const amb = detectColumnDateFormat(['1/2/2018', '1/3/2018', '12/12/2018']);
    expect('error' in amb && amb.error).toMatch(/ambiguous.*'mdy'.*'dmy'/);
    const both = detectColumnDateFormat(['13/1/2018', '1/14/2018']);
    expect(both).toEqual({ error: expect.stringMatching(/fit neither order/), at: 1 });
  });

  it('detectColumnDateFormat reads plausible 8-digit integers as yyyymmdd, never as epoch seconds', () => {
    expect(detectColumnDateFormat(['20180101', '20180102'])).toEqual({ format: 'yyyymmdd' });
    // not a plausible YYYYMMDD (year 1234): epoch seconds, as before
    expect(detectColumnDateFormat(['12345678'])).toEqual({ format: 'epoch-s' });
    expect(detectColumnDateFormat(['1514764800'])).toEqual({ format: 'epoch-s' });
    expect(detectColumnDateFormat(['1514764800000'])).toEqual({ format: 'epoch-ms' });
    // a YYYYMMDD-looking first cell with a 10-digit cell later: ask, do not guess
    expect(detectColumnDateFormat(['20180101', '1514851200'])).toEqual({ error: expect.stringMatching(/YYYYMMDD.*'1514851200'/), at: 1 });
  });
});

describe('readCsv dates', () => {
  // Regression: this file was read as epoch seconds (1970-08-22 ...) and its backtest reported Sharpe -726.
  const YYYYMMDD_FILE = 'date,SPY,TLT\n20180102,268.77,125.47\n20180103,270.47,125.97\n20180104,271.61,125.77\n20180105,273.42,125.46\n20180108,273.92,125.29\n';

  it('readCsv reads a YYYYMMDD date column (20180102) as 2018 dates under auto, not as 1970 epoch seconds', () => {
    for (const dateFormat of ['auto', 'yyyymmdd'] as const) {
      const p = readCsv(YYYYMMDD_FILE, { dateFormat });
      expect(Array.from(p.dates())).toEqual([utc(2018, 1, 2), utc(2018, 1, 3), utc(2018, 1, 4), utc(2018, 1, 5), utc(2018, 1, 8)]);
      expect(p.get(4, 'SPY')).toBe(273.92);
      p.free();
    }
    // epoch seconds only when asked for: 20180102 s is 1970-08-22T13:48:22Z
    expect(readCsv(YYYYMMDD_FILE, { dateFormat: 'epoch-s' }).dates()[0]).toBe(20180102000);
  });

  // Regression: day-first monthly data, read month first as daily data (CAGR 1900%).
  const DMY_MONTHLY_FILE = 'date,A\n1/1/2018,100\n1/2/2018,101\n1/3/2018,99\n1/4/2018,102\n1/5/2018,104\n1/6/2018,103\n';

  it('readCsv refuses ambiguous day-first monthly dates (1/2/2018) under auto and asks for mdy or dmy', () => {
    const msg = errorOf(() => readCsv(DMY_MONTHLY_FILE, { dateFormat: 'auto' }));
    expect(msg).toContain("column 'date' (line 2)");
    expect(msg).toContain('ambiguous');
    expect(msg).toContain("'dmy'");
    expect(msg).toContain('--date-format');
  });

  it("readCsv with dateFormat 'dmy' reads the day-first monthly file as the first of each month", () => {
    const p = readCsv(DMY_MONTHLY_FILE, { dateFormat: 'dmy' });
    expect(Array.from(p.dates())).toEqual([1, 2, 3, 4, 5, 6].map((m) => utc(2018, m, 1)));
  });

  it('readCsv reads day-first month-end dates (31/1/2018) as dmy under auto', () => {
    const p = readCsv('date,A\n31/1/2018,1\n28/2/2018,2\n31/3/2018,3\n', { dateFormat: 'auto' });
    expect(Array.from(p.dates())).toEqual([utc(2018, 1, 31), utc(2018, 2, 28), utc(2018, 3, 31)]);
  });

  it("readCsv with dateFormat 'mdy' names a day-first cell and suggests 'dmy'", () => {
    const msg = errorOf(() => readCsv('date,A\n1/12/2018,1\n13/12/2018,2\n', { dateFormat: 'mdy' }));
    expect(msg).toContain("line 3, column 'date': '13/12/2018' is not a valid mdy date");
    expect(msg).toContain("pass dateFormat 'dmy'");
  });

  it('readCsv refuses a time zone other than UTC and says why; +00:00 and Z are read', () => {
    const msg = errorOf(() => readCsv('date,A\n2018-01-02T00:30:00+01:00,1\n', { dateFormat: 'iso' }));
    expect(msg).toContain('time zone +01:00 is refused');
    expect(msg).toContain('UTC');
    expect(errorOf(() => readCsv('date,A\n2018-01-02T00:30-0500,1\n', { dateFormat: 'auto' }))).toContain('time zone -0500');
    const ms = utc(2018, 1, 2) + 30 * 60_000;
    expect(readCsv('date,A\n2018-01-02T00:30:00+00:00,1\n2018-01-03T00:30:00Z,2\n').dates()[0]).toBe(ms);
  });

  it('whyNotDate names the shape a format expects and a day that does not exist', () => {
    expect(whyNotDate('2018/01/02', 'iso')).toContain('YYYY-MM-DD');
    expect(whyNotDate('2021-02-30', 'iso')).toBe('that day or time does not exist');
    expect(whyNotDate('20210230', 'yyyymmdd')).toBe('that day does not exist');
  });
});

describe('readLongCsv dates', () => {
  it('readLongCsv reads YYYYMMDD dates under auto, decided over every distinct date', () => {
    const { panel } = readLongCsv('date,symbol,close\n20180103,B,2\n20180102,A,1\n20180103,A,3\n', { value: 'close' });
    expect(Array.from(panel.dates())).toEqual([utc(2018, 1, 2), utc(2018, 1, 3)]);
    expect(Array.from(panel.values)).toEqual([1, NaN, 3, 2]);
  });

  it('readLongCsv refuses ambiguous slash dates under auto, naming the line, and reads them with dmy', () => {
    const text = 'date,symbol,close\n1/2/2018,A,1\n1/2/2018,B,2\n1/3/2018,A,3\n';
    expect(errorOf(() => readLongCsv(text, { value: 'close', file: 'm.csv' }))).toMatch(/m\.csv, column 'date' \(line 2\): the slash dates are ambiguous/);
    const { panel } = readLongCsv(text, { value: 'close', dateFormat: 'dmy' });
    expect(Array.from(panel.dates())).toEqual([utc(2018, 2, 1), utc(2018, 3, 1)]);
    // a later symbol's date settles the order for the whole column
    const later = readLongCsv(`${text}25/3/2018,B,4\n`, { value: 'close' });
    expect(Array.from(later.panel.dates())).toEqual([utc(2018, 2, 1), utc(2018, 3, 1), utc(2018, 3, 25)]);
  });
});

describe('--date-format', () => {
  it('readOptions passes --date-format dmy and yyyymmdd to the wide and long readers and lists them when refusing', () => {
    for (const f of ['dmy', 'yyyymmdd'] as const) {
      const o = readOptions({ dateFormat: f });
      expect(o.csv?.dateFormat).toBe(f);
      expect(o.long?.dateFormat).toBe(f);
    }
    expect(() => readOptions({ dateFormat: 'ymd' })).toThrow(UsageError);
    expect(() => readOptions({ dateFormat: 'ymd' })).toThrow(/iso, mdy, dmy, yyyymmdd, epoch-ms, epoch-s, auto/);
  });
});
