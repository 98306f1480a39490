import { describe, expect, it } from 'vitest';
import { Float64, Table, vectorFromArray } from 'apache-arrow';
import {
  InputError, MatrixSeries, Panel, rollingCorr, rollingCorrMatrix, rollingCov, rollingCovMatrix, rollingVar,
} from '../src/index.js';
import { expectClose, randomValues, rng } from './helpers.js';
import { bruteCorr, bruteCov, expectRel, spread } from './rollingBrute.js';

const arr = (a: ArrayLike<number>): number[] => Array.from(a);
const KINDS = ['walk', 'noise', 'ties'] as const;

/** Element (i, j) of every matrix of a series, as a plain array over t. */
function pairSeries(m: MatrixSeries, i: number, j: number): number[] {
  return Array.from({ length: m.nRows }, (_, t) => m.get(t, i, j));
}

describe('rollingCovMatrix and rollingCorrMatrix', () => {
  const cols = { a: [1, 2, 3, 4], b: [2, 4, 6, 9], c: [1, NaN, 3, 5] };

  it('rollingCovMatrix(panel, 3) holds the hand-computed covariances, pairwise-complete', () => {
    const p = Panel.fromColumns(cols);
    const m = rollingCovMatrix(p, 3, { minPeriods: 2 });
    expect([m.nRows, m.nCols, m.columns]).toEqual([4, 3, ['a', 'b', 'c']]);
    expect(m.get(2, 'a', 'b')).toBe(2); // (1,2,3) x (2,4,6)
    expect(m.get(3, 'a', 'b')).toBeCloseTo(2.5, 15); // (2,3,4) x (4,6,9)
    expect(m.get(3, 'a', 'c')).toBe(1); // rows where c is valid: (3,3), (4,5)
    expect(m.get(3, 'c', 'c')).toBe(2); // var(3, 5)
    expect(m.get(1, 'a', 'c')).toBeNaN(); // one joint row < minPeriods 2
    expect(m.get(0, 0, 0)).toBeNaN();
    expect(arr(m.at(2))).toEqual([1, 2, 2, 2, 4, 4, 2, 4, 2]);
    [p, m].forEach((q) => q.free());
  });

  it('rollingCorrMatrix is 1 on the diagonal and NaN where an asset is constant over the pair rows', () => {
    const p = Panel.fromColumns({ x: [1, 2, 4, 3, 5], flat: [2, 2, 2, 2, 2], y: [5, 3, 1, 2, 0] });
    const m = rollingCorrMatrix(p, 3);
    for (let t = 2; t < 5; t++) {
      expect(m.get(t, 'x', 'x')).toBe(1);
      expect(m.get(t, 'flat', 'flat')).toBeNaN();
      expect(m.get(t, 'x', 'flat')).toBeNaN();
      expect(m.get(t, 'flat', 'y')).toBeNaN();
      expect(m.get(t, 'x', 'y')).toBeLessThan(-0.9);
    }
    const c = rollingCovMatrix(p, 3);
    expect(c.get(4, 'x', 'flat')).toBe(0);
    expect(c.get(4, 'flat', 'flat')).toBe(0);
    [p, m, c].forEach((q) => q.free());
  });

  it('pairwise-complete: a column constant on the joint rows only still gives NaN corr and 0 cov', () => {
    // s varies only on rows where late is NaN (a stablecoin next to a new listing)
    const p = Panel.fromColumns({ s: [0.01, -0.02, 0, 0, 0, 0], late: [NaN, NaN, 0.03, -0.01, 0.02, 0.05] });
    const r = rollingCorrMatrix(p, 4, { minPeriods: 2 });
    const c = rollingCovMatrix(p, 4, { minPeriods: 2 });
    for (let t = 3; t < 6; t++) {
      expect(r.get(t, 's', 'late')).toBeNaN();
      expect(c.get(t, 's', 'late')).toBe(0);
    }
    expect(c.get(3, 's', 's')).toBeGreaterThan(0); // s itself is not constant over its window
    [p, r, c].forEach((q) => q.free());
  });

  it('MatrixSeries: at() copies, get() checks bounds, the index passes through, free() releases', () => {
    const dates = [1, 2, 3, 4].map((d) => new Date(Date.UTC(2024, 0, d)));
    const t = new Table({ date: vectorFromArray(dates), a: vectorFromArray(cols.a, new Float64()), b: vectorFromArray(cols.b, new Float64()) });
    const m = rollingCovMatrix(t, 2);
    expect(m).toBeInstanceOf(MatrixSeries);
    expect(Number(m.index!.get(3))).toBe(dates[3].getTime());
    const copy = m.at(3);
    copy[0] = 99;
    expect(m.get(3, 0, 0)).toBe(0.5);
    expect(() => m.get(4, 0, 0)).toThrow(RangeError);
    expect(() => m.get(0, 'zz', 0)).toThrow(/no column 'zz'; columns are a, b/);
    m.free();
    expect(m.freed).toBe(true);
    expect(() => m.get(0, 0, 0)).toThrow(/used after free/);
  });

  it('wasm and twin bit-identical; brute force within 1e-9; diag == rollingVar and (i, j) == rollingCov / rollingCorr of the two columns bit for bit (1000 random panels)', () => {
    const u = rng(99);
    for (let c = 0; c < 1000; c++) {
      const nRows = 1 + Math.floor(u() * 24);
      const nCols = 1 + Math.floor(u() * 5);
      const window = 1 + Math.floor(u() * (nRows + 2));
      const minPeriods = window > nRows || u() < 0.6 ? Math.floor(u() * (Math.min(window, nRows) + 1)) : undefined;
      const ddof = Math.floor(u() * 3);
      const p = Panel.fromRows(randomValues(c, { nRows, nCols, nanRate: u() * 0.3, lateRate: 0.3, allNanRate: 0.1, kind: KINDS[c % 3] }), nRows, nCols);
      const mp = minPeriods ?? window;
      const cov = rollingCovMatrix(p, window, { minPeriods, ddof });
      const cov2 = rollingCovMatrix(p, window, { minPeriods, ddof, backend: 'js' });
      const cor = rollingCorrMatrix(p, window, { minPeriods });
      const cor2 = rollingCorrMatrix(p, window, { minPeriods, backend: 'js' });
      expectClose(cov.values, cov2.values, 0, `case ${c} cov wasm vs twin`);
      expectClose(cor.values, cor2.values, 0, `case ${c} corr wasm vs twin`);
      const v = rollingVar(p, window, { minPeriods, ddof });
      for (let i = 0; i < nCols; i++) {
        expectClose(pairSeries(cov, i, i), v.column(i), 0, `case ${c} diag ${i} vs rollingVar`);
        const x = arr(p.column(i));
        for (let j = 0; j < nCols; j++) {
          const y = arr(p.column(j));
          const joint = (r: number): boolean => !Number.isNaN(x[r]) && !Number.isNaN(y[r]);
          const scale = x.map((_, t) => spread(x, t, window, joint) * spread(y, t, window, joint));
          expect(pairSeries(cov, i, j), `case ${c} symmetry`).toEqual(pairSeries(cov, j, i));
          expectRel(pairSeries(cov, i, j), bruteCov(x, y, window, mp, ddof), 1e-9, `case ${c} cov (${i}, ${j})`, scale);
          expectRel(pairSeries(cor, i, j), bruteCorr(x, y, window, mp), 1e-9, `case ${c} corr (${i}, ${j})`, x.map(() => 1));
          if (i < j) {
            const xi = Float64Array.from(x);
            const yj = Float64Array.from(y);
            expectClose(pairSeries(cov, i, j), rollingCov(xi, yj, window, { minPeriods, ddof }), 0, `case ${c} (${i}, ${j}) vs rollingCov`);
            expectClose(pairSeries(cor, i, j), rollingCorr(xi, yj, window, { minPeriods }), 0, `case ${c} (${i}, ${j}) vs rollingCorr`);
          }
        }
      }
      [p, cov, cov2, cor, cor2, v].forEach((q) => q.free());
    }
  });

  it('refuses a series of 1 GiB or more, naming the size and the largest universe that fits', () => {
    const p = Panel.filled(2520, 240, 1);
    expect(() => rollingCovMatrix(p, 90)).toThrow(InputError);
    expect(() => rollingCorrMatrix(p, 90)).toThrow(/rollingCorrMatrix: 2520 rows of 240 x 240 matrices need 1107 MiB \(T \* N \* N \* 8 bytes\), over the 1 GiB limit; use fewer assets \(at most 230 for 2520 rows\)/);
    p.free();
  });

  it('validates window and options like the other rolling kernels', () => {
    const p = Panel.fromColumns(cols);
    expect(() => rollingCovMatrix(p, 5)).toThrow(/rollingCovMatrix: window 5 is longer than the data \(4 rows\)/);
    expect(() => rollingCorrMatrix(p, 2, { ddof: 0 } as never)).toThrow(/rollingCorrMatrix: unknown option 'ddof'; valid options are minPeriods, backend/);
    expect(() => rollingCovMatrix(p, 0)).toThrow(/window must be an integer >= 1, got 0/);
    const m = rollingCovMatrix(p, 5, { minPeriods: 4 });
    expect(m.get(3, 'a', 'b')).toBeCloseTo(bruteCov(cols.a, cols.b, 5, 4, 1)[3], 14);
    [p, m].forEach((q) => q.free());
  });
});
