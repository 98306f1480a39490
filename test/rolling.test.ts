import { describe, expect, it } from 'vitest';
import { Float64, Table, makeVector, vectorFromArray } from 'apache-arrow';
import {
  InputError, Panel, rollingCorr, rollingCov, rollingCovMatrix, rollingMean, rollingStd, rollingVar,
} from '../src/index.js';
import { col, expectClose, randomValues, rng } from './helpers.js';
import { bruteCorr, bruteCov, bruteMean, bruteVar, exactWindowCov, expectRel, spread } from './rollingBrute.js';

const f64 = (a: number[]): Float64Array => new Float64Array(a);
const arr = (a: ArrayLike<number>): number[] => Array.from(a);
const KINDS = ['walk', 'noise', 'ties'] as const;

/** A random case: shape, window (sometimes longer than the data), minPeriods, ddof. */
function randomCase(u: () => number, c: number) {
  const nRows = 1 + Math.floor(u() * 30);
  const nCols = 1 + Math.floor(u() * 6);
  const window = 1 + Math.floor(u() * (nRows + 3));
  // a window longer than the data needs an explicit minPeriods <= nRows
  const minPeriods = window > nRows || u() < 0.6 ? Math.floor(u() * (Math.min(window, nRows) + 1)) : undefined;
  const ddof = Math.floor(u() * 3);
  const spec = {
    nRows, nCols, nanRate: u() * 0.3, lateRate: 0.3, allNanRate: 0.1, kind: KINDS[c % 3],
  };
  return { nRows, nCols, window, minPeriods, ddof, spec };
}

describe('rollingMean', () => {
  it('rollingMean(x, 3) averages the last three values, NaN during warm-up', () => {
    expectClose(rollingMean(f64([1, 2, 3, 4, 5]), 3), [NaN, NaN, 2, 3, 4], 0);
  });

  it('rollingMean skips NaNs and needs minPeriods valid values (0 behaves as 1)', () => {
    expectClose(rollingMean(f64([1, NaN, 3, 5]), 3, { minPeriods: 2 }), [NaN, NaN, 2, 4], 0);
    expectClose(rollingMean(f64([NaN, 1, NaN, NaN, NaN, 7]), 2, { minPeriods: 0 }), [NaN, 1, 1, NaN, NaN, 7], 0);
  });

  it('rollingMean of a window of equal values is exactly that value (pandas GH#42064)', () => {
    // 0.1 + 0.2 + 0.3 leaves rounding in the running sum; the run rule removes it
    const y = rollingMean(f64([0.1, 0.2, 0.3, 0.7, 0.7, 0.7, NaN, 0.7]), 3, { minPeriods: 1 });
    expect(y[5]).toBe(0.7);
    expect(y[6]).toBe(0.7);
    expect(y[7]).toBe(0.7);
  });

  it('rollingMean sums with Kahan compensation as pandas: 1e16 + 1 + 1 - 1e16 keeps the 2', () => {
    const y = rollingMean(f64([1e16, 1, 1, 5, 5]), 3, { minPeriods: 1 });
    // window [1, 1, 5] after 1e16 left: a naive running sum would have lost the ones
    expect(y[3]).toBeCloseTo(7 / 3, 14);
    expect(y[4]).toBeCloseTo(11 / 3, 14);
  });
});

describe('rollingVar and rollingStd', () => {
  it('rollingVar(x, 2) is the sample variance of each pair', () => {
    expectClose(rollingVar(f64([1, 2, 4, 7]), 2), [NaN, 0.5, 2, 4.5], 0);
  });

  it('rollingStd(x, 3, {ddof: 0}) is the population std; ddof 1 the sample std', () => {
    // window [2, 4, 9]: mean 5, squared deviations 9 + 1 + 16 = 26
    expect(rollingStd(f64([2, 4, 9]), 3, { ddof: 0 })[2]).toBeCloseTo(Math.sqrt(26 / 3), 15);
    expect(rollingStd(f64([2, 4, 9]), 3)[2]).toBeCloseTo(Math.sqrt(13), 15);
  });

  it('rollingVar is NaN while n <= ddof and 0 for one value with ddof 0', () => {
    const x = f64([1, NaN, NaN, 2, 4]);
    expectClose(rollingVar(x, 2, { minPeriods: 1 }), [NaN, NaN, NaN, NaN, 2], 0);
    expectClose(rollingVar(x, 2, { minPeriods: 1, ddof: 0 }), [0, 0, NaN, 0, 1], 0);
    expectClose(rollingVar(x, 3, { minPeriods: 1, ddof: 2 }), [NaN, NaN, NaN, NaN, NaN], 0);
  });

  it('rollingStd of a constant stretch is exactly 0, also after varying values and NaNs', () => {
    const x = f64([1, 2, 3, 0.1, 0.1, NaN, 0.1, 0.1, 0.1]);
    const y = rollingStd(x, 3, { minPeriods: 2 });
    expect(arr(y.slice(5))).toEqual([0, 0, 0, 0]);
    expect(y[4]).toBeGreaterThan(0); // [3, 0.1, 0.1]
    expect(arr(rollingVar(f64(Array(10).fill(5.1)), 4).slice(3))).toEqual(Array(7).fill(0));
  });

  it('regression: 1e8 + uniform noise of 1e-3, window 4000, keeps >= 9 significant digits of the std', () => {
    // Welford add/remove on raw values computes x - mean on 1e8-sized numbers and
    // loses digits here; the expected values are two-pass per window (mean first).
    const u = rng(20240601);
    const T = 9000;
    const w = 4000;
    const x = new Float64Array(T);
    for (let t = 0; t < T; t++) x[t] = 1e8 + 1e-3 * u();
    const y = new Float64Array(T);
    for (let t = 0; t < T; t++) y[t] = 1e8 - 2e-3 * u();
    // Corrected two-pass (Chan, Golub & LeVeque): the plain sum of 4000 values of 1e8
    // puts an error of ~1e-6 into the mean; the correction term removes it.
    const twoPass = (a: Float64Array, b: Float64Array, t: number): number => {
      let ma = 0;
      let mb = 0;
      for (let r = t - w + 1; r <= t; r++) { ma += a[r]; mb += b[r]; }
      ma /= w;
      mb /= w;
      let s = 0;
      let da = 0;
      let db = 0;
      for (let r = t - w + 1; r <= t; r++) {
        s += (a[r] - ma) * (b[r] - mb);
        da += a[r] - ma;
        db += b[r] - mb;
      }
      return (s - (da * db) / w) / (w - 1);
    };
    // Float64Arrays run the scalar code, two-column panels the SIMD lanes.
    const pxy = Panel.fromColumns([x, y]);
    const pyx = Panel.fromColumns([y, x]);
    for (const backend of ['wasm', 'js'] as const) {
      const sd = rollingStd(x, w, { backend });
      const cv = rollingCov(x, y, w, { backend });
      const sdPanel = rollingStd(pxy, w, { backend });
      const cvPanel = rollingCov(pxy, pyx, w, { backend });
      for (let t = w - 1; t < T; t += 7) {
        const vx = twoPass(x, x, t);
        const vy = twoPass(y, y, t);
        const c = twoPass(x, y, t);
        expect(Math.abs(sd[t] - Math.sqrt(vx)) / Math.sqrt(vx), `std ${backend} t=${t}`).toBeLessThan(1e-9);
        expect(Math.abs(sdPanel.get(t, 0) - Math.sqrt(vx)) / Math.sqrt(vx), `std lanes ${backend} t=${t}`).toBeLessThan(1e-9);
        expect(Math.abs(sdPanel.get(t, 1) - Math.sqrt(vy)) / Math.sqrt(vy), `std lanes ${backend} t=${t}`).toBeLessThan(1e-9);
        expect(Math.abs(cv[t] - c) / Math.sqrt(vx * vy), `cov ${backend} t=${t}`).toBeLessThan(1e-9);
        expect(Math.abs(cvPanel.get(t, 0) - c) / Math.sqrt(vx * vy), `cov lanes ${backend} t=${t}`).toBeLessThan(1e-9);
      }
      [sdPanel, cvPanel].forEach((q) => q.free());
    }
    [pxy, pyx].forEach((q) => q.free());
  });
});

describe('rolling var / std / cov / corr on ill-conditioned series (level shifts, outliers, large offsets)', () => {
  // Regression: the shifted sums were re-anchored only every `window` rows, so after a jump
  // from 1e2 to 1e9 (or a 1e8 outlier) left the window the variance was off by up to 544x
  // (cov 390x) for up to a window of rows. Reference: exactWindowCov (compensated two-pass).
  const T = 100_000;
  const u = rng(20261204);
  const noise = (): number => u() - 0.5;
  const cols = {
    // 1e2 + noise, a jump to 1e9 at row 30000, back to 1e2 at row 60000
    levelShift: Float64Array.from({ length: T }, (_, t) => (t >= 30_000 && t < 60_000 ? 1e9 : 1e2) + noise()),
    // noise around 1e2 with single 1e8 outliers at rows 20000 and 70000
    outlier: Float64Array.from({ length: T }, (_, t) => (t === 20_000 || t === 70_000 ? 1e8 : 1e2 + noise())),
    // 1e8 + uniform noise of 1e-3
    offset: Float64Array.from({ length: T }, () => 1e8 + 1e-3 * u()),
    // data of size 1e-8 (a jump to 1e-2 at row 40000 and back at 45000)
    tiny: Float64Array.from({ length: T }, (_, t) => 1e-8 * noise() + (t >= 40_000 && t < 45_000 ? 1e-2 : 0)),
    // the level shift again, as the odd last column (the scalar code)
    levelShift2: Float64Array.from({ length: T }, (_, t) => (t >= 30_000 && t < 60_000 ? 1e9 : 1e2) + 2 * noise()),
  };
  const names = Object.keys(cols) as (keyof typeof cols)[];
  const events = [20_000, 30_000, 40_000, 45_000, 60_000, 70_000];
  /**
   * Rows to check (the reference costs O(w) per row): about 250 spread over the series, and
   * about 100 from each event to a bit after it has left the window.
   */
  function checkedRows(w: number): number[] {
    const rows = new Set<number>();
    for (let t = w - 1; t < T; t += 397) rows.add(t);
    const step = Math.max(3, Math.floor(w / 100));
    for (const e of events) for (let t = e; t < Math.min(T, e + w + 60); t += step) if (t >= w - 1) rows.add(t);
    return [...rows].sort((a, b) => a - b);
  }

  for (const w of [63, 4000]) {
    it(`rollingVar / rollingStd(x, ${w}) stay within 1e-9 of an exact two-pass variance after level shifts, outliers, on 1e8 + noise and on 1e-8-scale data, wasm and twin bit-identical`, () => {
      const p = Panel.fromColumns(cols);
      const v = rollingVar(p, w);
      const v2 = rollingVar(p, w, { backend: 'js' });
      const sd = rollingStd(p, w);
      expectClose(v.values, v2.values, 0, 'var wasm vs twin');
      const rows = checkedRows(w);
      names.forEach((name, j) => {
        const x = cols[name];
        const got = v.column(j);
        const gotSd = sd.column(j);
        for (const t of rows) {
          const ref = exactWindowCov(x, x, t, w);
          const rel = Math.abs(got[t] - ref) / ref;
          if (!(rel <= 1e-9)) expect.fail(`${name} w=${w} t=${t}: var ${got[t]}, exact ${ref} (relative error ${rel.toExponential(2)})`);
          const relSd = Math.abs(gotSd[t] - Math.sqrt(ref)) / Math.sqrt(ref);
          if (!(relSd <= 1e-9)) expect.fail(`${name} w=${w} t=${t}: std ${gotSd[t]}, exact ${Math.sqrt(ref)}`);
        }
      });
      [p, v, v2, sd].forEach((q) => q.free());
    });

    it(`rollingCov / rollingCorr(x, y, ${w}) stay within 1e-9 (of sqrt(var x var y); absolute for corr) of an exact two-pass covariance on the same series, wasm and twin bit-identical`, () => {
      // y: the same level / outlier structure with its own noise, so x and y are correlated
      const ys = names.map((name) => {
        const x = cols[name];
        return Float64Array.from(x, (a) => a + 0.25 * Math.abs(a) * 1e-12 + (name === 'offset' ? 1e-3 : name === 'tiny' ? 1e-8 : 1) * noise());
      });
      const px = Panel.fromColumns(cols);
      const py = Panel.fromColumns(Object.fromEntries(names.map((n, j) => [n, ys[j]])));
      const cv = rollingCov(px, py, w);
      const cv2 = rollingCov(px, py, w, { backend: 'js' });
      const cr = rollingCorr(px, py, w);
      const cr2 = rollingCorr(px, py, w, { backend: 'js' });
      expectClose(cv.values, cv2.values, 0, 'cov wasm vs twin');
      expectClose(cr.values, cr2.values, 0, 'corr wasm vs twin');
      const rows = checkedRows(w);
      names.forEach((name, j) => {
        const x = cols[name];
        const y = ys[j];
        const gotCov = cv.column(j);
        const gotCorr = cr.column(j);
        for (const t of rows) {
          const vx = exactWindowCov(x, x, t, w);
          const vy = exactWindowCov(y, y, t, w);
          const c = exactWindowCov(x, y, t, w);
          const scale = Math.sqrt(vx * vy);
          const err = Math.abs(gotCov[t] - c) / scale;
          if (!(err <= 1e-9)) expect.fail(`${name} w=${w} t=${t}: cov ${gotCov[t]}, exact ${c} (error ${err.toExponential(2)} of sqrt(vx vy))`);
          const errCorr = Math.abs(gotCorr[t] - c / scale);
          if (!(errCorr <= 1e-9)) expect.fail(`${name} w=${w} t=${t}: corr ${gotCorr[t]}, exact ${c / scale}`);
        }
      });
      [px, py, cv, cv2, cr, cr2].forEach((q) => q.free());
    });
  }

  it('rollingCovMatrix on the level-shift series: the diagonal is rollingVar and (i, j) rollingCov of the two columns, bit for bit', () => {
    const sub = { levelShift: cols.levelShift.subarray(25_000, 70_000), outlier: cols.outlier.subarray(15_000, 60_000), tiny: cols.tiny.subarray(35_000, 80_000) };
    const p = Panel.fromColumns(sub);
    const m = rollingCovMatrix(p, 4000);
    const v = rollingVar(p, 4000);
    const subNames = Object.keys(sub) as (keyof typeof sub)[];
    subNames.forEach((a, i) => {
      expectClose(Array.from({ length: m.nRows }, (_, t) => m.get(t, i, i)), v.column(i), 0, `diag ${a}`);
      subNames.forEach((b, j) => {
        if (j <= i) return;
        const c = rollingCov(Float64Array.from(sub[a]), Float64Array.from(sub[b]), 4000);
        expectClose(Array.from({ length: m.nRows }, (_, t) => m.get(t, i, j)), c, 0, `(${a}, ${b})`);
      });
    });
    [p, m, v].forEach((q) => q.free());
  });
});

describe('rollingCov and rollingCorr', () => {
  it('rollingCov(x, y, 3) is the sample covariance of each window', () => {
    // (1,2,3)x(2,4,6): 2; (2,3,4)x(4,6,9): deviations (-1,0,1)x(-7/3,-1/3,8/3) -> 5/2
    expectRel(rollingCov(f64([1, 2, 3, 4]), f64([2, 4, 6, 9]), 3), [NaN, NaN, 2, 2.5], 1e-15, 'cov');
  });

  it('rollingCov uses only rows where both x and y are valid', () => {
    // t=2: rows (1,1), (3,3) -> 2; t=3: rows (3,3), (4,5) -> 1
    expectClose(rollingCov(f64([1, 2, 3, 4]), f64([1, NaN, 3, 5]), 3, { minPeriods: 2 }), [NaN, NaN, 2, 1], 0);
  });

  it('rollingCorr is 1 for a linear relation, -1 for an inverted one, clipped to [-1, 1]', () => {
    const x = f64([0.1, 0.7, 0.2, 0.9, 0.4, 0.3]);
    const up = rollingCorr(x, f64(arr(x).map((v) => 3 * v + 1)), 4);
    const down = rollingCorr(x, f64(arr(x).map((v) => -2 * v)), 4);
    for (let t = 3; t < 6; t++) {
      expect(up[t]).toBeCloseTo(1, 14);
      expect(up[t]).toBeLessThanOrEqual(1);
      expect(down[t]).toBeCloseTo(-1, 14);
      expect(down[t]).toBeGreaterThanOrEqual(-1);
    }
  });

  it('rollingCorr is NaN when either series is constant over the window; rollingCov is 0', () => {
    const x = f64([1, 2, 3, 4, 5, 6]);
    const y = f64([3, 1, 2, 2, 2, 2]);
    // t=2: (1,2,3) x (3,1,2) -> -0.5; t=3: (2,3,4) x (1,2,2): cov 1/2, var 1 and 1/3 -> sqrt(3)/2
    expectClose(rollingCorr(x, y, 3), [NaN, NaN, -0.5, Math.sqrt(3) / 2, NaN, NaN], 1e-15);
    expectClose(rollingCov(x, y, 3), [NaN, NaN, -0.5, 0.5, 0, 0], 1e-15);
  });

  it('rollingCov of two Tables is a Table with x\'s columns and date column', () => {
    const dates = [new Date('2024-01-01'), new Date('2024-01-02'), new Date('2024-01-03')];
    const x = new Table({ date: vectorFromArray(dates), a: vectorFromArray([1, 2, 4], new Float64()), b: vectorFromArray([1, 3, 2], new Float64()) });
    const y = new Table({ p: vectorFromArray([2, 4, 8], new Float64()), q: vectorFromArray([1, null, 2], new Float64()) });
    const r = rollingCov(x, y, 2, { minPeriods: 2 });
    expect(r.schema.fields.map((f) => f.name)).toEqual(['date', 'a', 'b']);
    expect(r.getChild('date')!.get(1)).toBe(dates[1].getTime());
    expectClose(arr(r.getChild('a')!.toArray() as Float64Array), [NaN, 1, 4], 0);
    expectClose(arr(r.getChild('b')!.toArray() as Float64Array), [NaN, NaN, NaN], 0);
  });

  it('rolling kernels return the kind they are given: Float64Array, Vector, Panel', () => {
    expect(rollingMean(f64([1, 2]), 1)).toBeInstanceOf(Float64Array);
    const v = rollingStd(makeVector(f64([1, 2, 4])), 2);
    expectClose(arr(v.toArray() as Float64Array), [NaN, Math.SQRT1_2, Math.SQRT2], 1e-15);
    const p = Panel.fromColumns({ a: [1, 2, 3], b: [3, 2, 1] });
    const c = rollingCorr(p, p, 2);
    expect(c).toBeInstanceOf(Panel);
    expect(c.columns).toEqual(['a', 'b']);
    [p, c].forEach((q) => q.free());
  });
});

describe('rolling kernels against a brute-force two-pass reference', () => {
  it('rollingMean / rollingVar / rollingStd: wasm and twin bit-identical, brute force within 1e-9 (1000 random panels)', () => {
    const u = rng(7);
    for (let c = 0; c < 1000; c++) {
      const { nRows, nCols, window, minPeriods, ddof, spec } = randomCase(u, c);
      const p = Panel.fromRows(randomValues(c, spec), nRows, nCols);
      const mp = minPeriods ?? window;
      const results = [
        [rollingMean(p, window, { minPeriods }), rollingMean(p, window, { minPeriods, backend: 'js' })],
        [rollingVar(p, window, { minPeriods, ddof }), rollingVar(p, window, { minPeriods, ddof, backend: 'js' })],
        [rollingStd(p, window, { minPeriods, ddof }), rollingStd(p, window, { minPeriods, ddof, backend: 'js' })],
      ];
      results.forEach(([a, b], k) => expectClose(a.values, b.values, 0, `case ${c} stat ${k} wasm vs twin`));
      for (let j = 0; j < nCols; j++) {
        const x = arr(p.column(j));
        const v = bruteVar(x, window, mp, ddof);
        expectRel(results[0][0].column(j), bruteMean(x, window, mp), 1e-12, `case ${c} mean col ${j}`, x.map((_, t) => spread(x, t, window)));
        expectRel(results[1][0].column(j), v, 1e-9, `case ${c} var col ${j}`);
        expectRel(results[2][0].column(j), v.map(Math.sqrt), 1e-9, `case ${c} std col ${j}`);
      }
      results.flat().forEach((q) => q.free());
      p.free();
    }
  });

  it('rollingCov / rollingCorr: wasm and twin bit-identical, brute force within 1e-9 (1000 random pairs of panels)', () => {
    const u = rng(11);
    for (let c = 0; c < 1000; c++) {
      const { nRows, nCols, window, minPeriods, ddof, spec } = randomCase(u, c);
      const px = Panel.fromRows(randomValues(c, spec), nRows, nCols);
      const py = Panel.fromRows(randomValues(c + 5000, { ...spec, kind: KINDS[(c + (c >> 2)) % 3] }), nRows, nCols);
      const mp = minPeriods ?? window;
      const cov = rollingCov(px, py, window, { minPeriods, ddof });
      const cov2 = rollingCov(px, py, window, { minPeriods, ddof, backend: 'js' });
      const cor = rollingCorr(px, py, window, { minPeriods });
      const cor2 = rollingCorr(px, py, window, { minPeriods, backend: 'js' });
      expectClose(cov.values, cov2.values, 0, `case ${c} cov wasm vs twin`);
      expectClose(cor.values, cor2.values, 0, `case ${c} corr wasm vs twin`);
      for (let j = 0; j < nCols; j++) {
        const x = arr(px.column(j));
        const y = arr(py.column(j));
        const joint = (r: number): boolean => !Number.isNaN(x[r]) && !Number.isNaN(y[r]);
        const scale = x.map((_, t) => spread(x, t, window, joint) * spread(y, t, window, joint));
        expectRel(cov.column(j), bruteCov(x, y, window, mp, ddof), 1e-9, `case ${c} cov col ${j}`, scale);
        expectRel(cor.column(j), bruteCorr(x, y, window, mp), 1e-9, `case ${c} corr col ${j}`, x.map(() => 1));
      }
      [px, py, cov, cov2, cor, cor2].forEach((q) => q.free());
    }
  });
});

describe('rolling input validation', () => {
  const x = f64([1, 2, 3]);

  it('a window longer than the data is an InputError unless minPeriods fits the data', () => {
    expect(() => rollingStd(x, 5)).toThrow(InputError);
    expect(() => rollingStd(x, 5)).toThrow(/rollingStd: window 5 is longer than the data \(3 rows\); give minPeriods <= 3 to allow it/);
    expectClose(rollingMean(x, 5, { minPeriods: 2 }), [NaN, 1.5, 2], 0);
    expect(() => rollingMean(x, 5, { minPeriods: 4 })).toThrow(/minPeriods 4 is longer than the data \(3 rows\)/);
  });

  it('a window or ddof beyond the i32 range behaves as one longer than the data', () => {
    expectClose(rollingMean(x, 2 ** 40, { minPeriods: 1 }), [1, 1.5, 2], 0);
    expectClose(rollingVar(x, 2 ** 33, { minPeriods: 1 }), [NaN, 0.5, 1], 0);
    expectClose(rollingVar(x, 2, { ddof: 2 ** 32 }), [NaN, NaN, NaN], 0);
  });

  it('window must be an integer >= 1', () => {
    expect(() => rollingMean(x, 0)).toThrow(/rollingMean: window must be an integer >= 1, got 0/);
    expect(() => rollingVar(x, 2.5)).toThrow(/rollingVar: window must be an integer >= 1, got 2.5/);
    expect(() => rollingStd(x, 'a' as never)).toThrow(/rollingStd: window must be an integer >= 1, got a/);
    expect(() => rollingCov(x, x, NaN)).toThrow(InputError);
  });

  it('minPeriods must be an integer in [0, window] and ddof an integer >= 0', () => {
    expect(() => rollingMean(x, 2, { minPeriods: 3 })).toThrow(/rollingMean: minPeriods 3 must be <= window 2/);
    expect(() => rollingMean(x, 2, { minPeriods: -1 })).toThrow(/minPeriods must be an integer >= 0, got -1/);
    expect(() => rollingVar(x, 2, { ddof: -1 })).toThrow(/rollingVar: ddof must be an integer >= 0, got -1/);
    expect(() => rollingVar(x, 2, { ddof: 0.5 })).toThrow(/ddof must be an integer >= 0, got 0.5/);
  });

  it('unknown options are rejected, listing the valid ones', () => {
    expect(() => rollingVar(x, 2, { minPeriod: 1 } as never)).toThrow(/rollingVar: unknown option 'minPeriod'; valid options are ddof, minPeriods, backend/);
    expect(() => rollingMean(x, 2, { ddof: 1 } as never)).toThrow(/rollingMean: unknown option 'ddof'; valid options are minPeriods, backend/);
    expect(() => rollingCorr(x, x, 2, { ddof: 1 } as never)).toThrow(/rollingCorr: unknown option 'ddof'/);
    expect(() => rollingStd(x, 2, { backend: 'gpu' as never })).toThrow(/backend must be one of 'wasm', 'js'/);
  });

  it('cov / corr need two inputs of the same kind and shape', () => {
    const a = Panel.fromRows(new Float64Array(300), 100, 3);
    const b = Panel.fromRows(new Float64Array(297), 99, 3);
    expect(() => rollingCov(a, b, 5)).toThrow(InputError);
    expect(() => rollingCov(a, b, 5)).toThrow(/rollingCov: x is 100 x 3 but y is 99 x 3/);
    expect(() => rollingCorr(f64([1, 2, 3, 4, 5]), f64([1, 2, 3, 4]), 2)).toThrow(/rollingCorr: x has 5 values but y has 4 values/);
    expect(() => rollingCorr(x, a as never, 2)).toThrow(/rollingCorr: x is a Float64Array but y is a Panel/);
    [a, b].forEach((q) => q.free());
  });

  it('the result column j of cov comes from column j of x and y (positional pairing)', () => {
    const xs = [1, 2, 4, 8, 16];
    const ys = [3, 1, 4, 1, 5];
    const p = Panel.fromColumns({ a: xs, b: ys });
    const q = Panel.fromColumns({ c: ys, d: xs });
    const r = rollingCov(p, q, 3);
    expectRel(r.column('a'), bruteCov(xs, ys, 3, 3, 1), 1e-14, 'a');
    expectRel(r.column('b'), bruteCov(ys, xs, 3, 3, 1), 1e-14, 'b');
    expect(col(r.values, 2, 0).length).toBe(5);
    [p, q, r].forEach((z) => z.free());
  });
});
