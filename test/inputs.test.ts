/**
 * src/inputs: the one Panel / Arrow adapter and the shared input checks (issue 15).
 * Expected values are written by hand.
 */
import { describe, expect, it } from 'vitest';
import { Panel } from '../src/index.js';
import { asPanel, checkAligned, checkLookback, resolvePeriodsPerYear, rowLabel, withPanel } from '../src/inputs/index.js';

const DAY = 86_400_000;
const MON = Date.UTC(2024, 0, 1);

describe('resolvePeriodsPerYear(fn, given, dates, withoutDates)', () => {
  it('resolvePeriodsPerYear takes a given value, else the dates, else the fallback', () => {
    const weekly = Float64Array.from({ length: 10 }, (_, k) => MON + 7 * k * DAY);
    expect(resolvePeriodsPerYear('f', 12, weekly)).toBe(12);
    expect(resolvePeriodsPerYear('f', undefined, weekly)).toBe(52);
    expect(resolvePeriodsPerYear('f', undefined, null)).toBe(252);
    expect(resolvePeriodsPerYear('f', undefined, new Float64Array(0), 365)).toBe(365);
  });

  it("resolvePeriodsPerYear with 'error' asks for periodsPerYear when fewer than 2 dates; a bad given value is refused", () => {
    expect(() => resolvePeriodsPerYear('f', undefined, Float64Array.of(MON), 'error')).toThrow('f: cannot infer periodsPerYear: the prices carry one date');
    expect(() => resolvePeriodsPerYear('f', undefined, null, 'error')).toThrow('the prices carry no dates');
    expect(() => resolvePeriodsPerYear('f', 0, null)).toThrow('f: periodsPerYear must be in (0, inf), got 0');
  });
});

describe('checkAligned(fn, name, x, prices, options)', () => {
  const prices = Panel.fromColumns({ a: [1, 2, 3], b: [4, 5, 6] });

  it('checkAligned compares shapes first, then columns by position', () => {
    expect(() => checkAligned('f', 'sel', Panel.fromColumns({ a: [1, 2], b: [1, 2] }), prices)).toThrow('f: sel is 2 x 2 but prices are 3 x 2; they must have the same dates and assets');
    expect(() => checkAligned('f', 'sel', Panel.fromColumns({ b: [1, 2, 3], a: [1, 2, 3] }), prices)).toThrow("f: sel column 0 is 'b' but the prices' is 'a'; columns must match in order");
    expect(() => checkAligned('f', 'sel', Panel.fromColumns({ a: [0, 0, 0], b: [0, 0, 0] }), prices)).not.toThrow();
  });

  it('checkAligned with alignHint names missing and extra columns, then rows, and suggests align: true', () => {
    expect(() => checkAligned('f', 'weights', Panel.fromColumns({ a: [1, 2, 3], c: [1, 2, 3] }), prices, { alignHint: true }))
      .toThrow("f: weights columns do not match the prices' columns: missing 'b'; extra 'c' (pass align: true to reindex)");
    expect(() => checkAligned('f', 'weights', Panel.fromColumns({ a: [1, 2], b: [1, 2] }), prices, { alignHint: true }))
      .toThrow('f: weights have 2 rows, prices 3 (pass align: true to reindex by date)');
  });
});

describe('asPanel / withPanel / checkLookback / rowLabel', () => {
  it('asPanel uses a Panel in place and refuses other inputs for prices; withPanel takes a Float64Array as one column', () => {
    const p = Panel.fromColumns({ a: [1, 2] });
    expect(asPanel('f', 'prices', p)).toEqual({ panel: p, owned: false });
    expect(() => asPanel('f', 'prices', [1, 2])).toThrow('f: prices must be a Panel or an Arrow Table (dates x assets)');
    expect(withPanel('f', 'x', Float64Array.of(3, 4, 5), (q) => [q.nRows, q.nCols, q.values[2]])).toEqual([3, 1, 5]);
  });

  it('checkLookback refuses a window not shorter than the history; rowLabel falls back to the row number', () => {
    expect(() => checkLookback('f', 'lookback + skip', 5, 5)).toThrow('f: lookback + skip 5 is not shorter than the history (5 rows); no date would have a signal');
    expect(() => checkLookback('f', 'window', 4, 5)).not.toThrow();
    expect(rowLabel(Panel.fromColumns({ a: [1, 2] }), 1)).toBe('row 1');
  });
});
