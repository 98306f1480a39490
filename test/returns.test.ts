import { describe, expect, it } from 'vitest';
import { Float64, Table, makeVector, vectorFromArray } from 'apache-arrow';
import { InputError, Panel, cumReturns, logReturns, pctChange, shift } from '../src/index.js';
import { col, expectClose, randomPanel, randomValues, rng } from './helpers.js';

// Brute-force references, one column at a time on plain arrays, from the definitions.

/** pandas pct_change(k, fill_method=None): x[t] / x[t-k] - 1, NaN without both ends. */
function brutePct(x: number[], k: number): number[] {
  return x.map((v, t) => (t - k >= 0 ? v / x[t - k] - 1 : NaN));
}

/** pandas shift(k): the value k rows earlier (k < 0: |k| rows later), else NaN. */
function bruteShift(x: number[], k: number): number[] {
  return x.map((_, t) => (t - k >= 0 && t - k < x.length ? x[t - k] : NaN));
}

/** ln(x[t] / x[t-k]) the textbook way (less precise for tiny returns: compare with a tolerance). */
function bruteLog(x: number[], k: number): number[] {
  return x.map((v, t) => (t - k >= 0 ? Math.log(v / x[t - k]) : NaN));
}

/** (1 + r).cumprod() with skipna, recomputed from scratch at every row. */
function bruteCum(r: number[]): number[] {
  return r.map((v, t) => {
    if (Number.isNaN(v)) return NaN;
    let prod = 1;
    for (let s = 0; s <= t; s++) if (!Number.isNaN(r[s])) prod *= 1 + r[s];
    return prod;
  });
}

const arr = (a: ArrayLike<number>): number[] => Array.from(a);

/**
 * Asserts a and b agree within `ulps` units in the last place (NaN where the other is
 * NaN). The wasm's log (a SIMD port of musl's) and V8's Math.log1p / Math.log are both
 * fdlibm-derived but not bit-identical: they can differ in the last bit.
 */
function expectUlps(a: ArrayLike<number>, b: ArrayLike<number>, ulps: number, label: string): void {
  expect(a.length, label).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) expect.fail(`${label} at ${i}: got ${a[i]}, expected ${b[i]}`);
      continue;
    }
    if (a[i] === b[i]) continue;
    if (!(Math.abs(a[i] - b[i]) <= ulps * Number.EPSILON * Math.abs(b[i]))) expect.fail(`${label} at ${i}: got ${a[i]}, expected ${b[i]} (${ulps} ulps)`);
  }
}

describe('pctChange', () => {
  it('pctChange(x) is x_t / x_{t-1} - 1 with a NaN first row', () => {
    expectClose(pctChange(new Float64Array([1, 2, 4, 3, 3])), [NaN, 1, 1, -0.25, 0], 0);
  });

  it('pctChange divides first and then subtracts 1, as pandas does (100 -> 110 gives 0.10000000000000009)', () => {
    // pandas: pd.Series([100., 110.]).pct_change()[1] == 0.10000000000000009 (1.1 rounds up);
    // (110 - 100) / 100 would give exactly 0.1.
    expect(pctChange(new Float64Array([100, 110]))[1]).toBe(0.10000000000000009);
    expect(pctChange(new Float64Array([100, 110]), { backend: 'js' })[1]).toBe(0.10000000000000009);
  });

  it('pctChange(x, 2) compares with the price two rows back; the first two rows are NaN', () => {
    expectClose(pctChange(new Float64Array([1, 2, 3, 4, 6]), 2), [NaN, NaN, 2, 1, 1], 0);
    expectClose(pctChange(new Float64Array([1, 2, 3, 4, 6]), { periods: 3, backend: 'js' }), [NaN, NaN, NaN, 3, 2], 0);
  });

  it('pctChange gives NaN when either end is NaN (fill_method=None: no forward fill)', () => {
    // pandas: pd.Series([1, 2, nan, 4, 8]).pct_change(fill_method=None) -> [nan, 1, nan, nan, 1]
    expectClose(pctChange(new Float64Array([1, 2, NaN, 4, 8])), [NaN, 1, NaN, NaN, 1], 0);
    expectClose(pctChange(new Float64Array([NaN, NaN, 5, 10])), [NaN, NaN, NaN, 1], 0);
  });

  it('pctChange of a zero price is +-Infinity or NaN (0/0), as in pandas', () => {
    expectClose(pctChange(new Float64Array([0, 2, 0, 0])), [NaN, Infinity, -1, NaN], 0);
  });

  it('pctChange works down each column of a panel independently (odd N: SIMD pairs + scalar tail)', () => {
    const p = Panel.fromColumns({ a: [1, 2, 4], b: [10, 5, NaN], c: [NaN, 3, 6] });
    const y = pctChange(p);
    expectClose(y.column('a'), [NaN, 1, 1], 0);
    expectClose(y.column('b'), [NaN, -0.5, NaN], 0);
    expectClose(y.column('c'), [NaN, NaN, 1], 0);
    [p, y].forEach((q) => q.free());
  });
});

describe('shift', () => {
  it('shift(x, 2) lags by two rows and fills NaN', () => {
    expectClose(shift(new Float64Array([1, 2, 3, 4]), 2), [NaN, NaN, 1, 2], 0);
  });

  it('shift(x, -1) leads: row t holds the value of row t+1 (a look forward)', () => {
    expectClose(shift(new Float64Array([1, 2, 3, 4]), -1), [2, 3, 4, NaN], 0);
    expectClose(shift(new Float64Array([1, 2, 3, 4]), { periods: -3, backend: 'js' }), [4, NaN, NaN, NaN], 0);
  });

  it('shift(x, 0) copies, NaNs included, into a new panel', () => {
    const p = Panel.fromColumns({ a: [1, NaN, 3], b: [4, 5, NaN] });
    const y = shift(p, 0);
    expect(y).not.toBe(p);
    expectClose(y.values, p.values, 0);
    [p, y].forEach((q) => q.free());
  });
});

describe('logReturns', () => {
  it('logReturns(x) is ln(x_t / x_{t-1}); periods > 1 spans k rows', () => {
    expectClose(logReturns(new Float64Array([1, 2, 4, 2])), [NaN, Math.LN2, Math.LN2, -Math.LN2], 1e-16);
    expectClose(logReturns(new Float64Array([1, 2, 4, 2]), 2), [NaN, NaN, 2 * Math.LN2, 0], 1e-16);
    expectClose(logReturns(new Float64Array([Math.E, 1, NaN, 1])), [NaN, -1, NaN, NaN], 1e-16);
  });

  it('logReturns keeps full relative precision on a tiny return (1e8 + 1 -> 1e8)', () => {
    // ln(1e8 / (1e8 + 1)) = -ln(1 + 1e-8) = -(1e-8 - 0.5e-16 + 1e-24 / 3 - ...)
    const expected = -(1e-8 - 0.5e-16 + 1e-24 / 3);
    const y = logReturns(new Float64Array([1e8 + 1, 1e8]));
    expect(Math.abs(y[1] - expected) / Math.abs(expected)).toBeLessThan(4e-16);
  });

  it('logReturns is within a few ulps of ln(p/q) on extreme moves and around the log1p / log switch', () => {
    // Ratios from 1e-300 to 1e300, returns either side of -29.3% and +41.4% (where the
    // kernel switches between log1p of the return and log of the ratio), tiny returns, a
    // subnormal ratio; in SIMD lanes and the scalar tail. wasm and twin within 1 ulp.
    const u = rng(3);
    const ratios: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const k = i % 4;
      ratios.push(k === 0 ? 10 ** (600 * u() - 300) : k === 1 ? 1 - 0.2929 + (u() - 0.5) * 1e-3 : k === 2 ? 1.41421 + (u() - 0.5) * 1e-3 : 1 + (u() - 0.5) * 1e-9);
    }
    ratios.push(1e-200, 1e-310, 1); // the last cell is the scalar tail
    // Two rows, 3003 columns (an odd count: SIMD pairs and a scalar tail): row 1 / row 0 = ratio.
    const N = ratios.length;
    const q = 0.5 + u();
    const prices = new Float64Array(2 * N).fill(q);
    ratios.forEach((r, j) => { prices[N + j] = q * r; });
    const p = Panel.fromRows(prices, 2, N);
    const a = logReturns(p);
    const b = logReturns(p, { backend: 'js' });
    expectUlps(a.values, b.values, 1, 'wasm vs twin');
    for (let j = 0; j < N; j++) {
      // Reference: near 1, the Taylor series of ln(1 + x) on the return x = (p - q) / q
      // (p - q is exact there); elsewhere ln of the rounded ratio (|ln| > 0.34, so the ratio's
      // rounding costs <= 1.5 ulp of the result).
      const pj = prices[N + j];
      const x = (pj - q) / q;
      const nearOne = Math.abs(x) < 1e-6;
      const ref = nearOne ? x - (x * x) / 2 + (x * x * x) / 3 : Math.log(pj / q);
      const ulps = nearOne ? 2 : 3;
      expect(Math.abs(a.values[N + j] - ref), `column ${j}: ratio ${ratios[j]}`).toBeLessThanOrEqual(ulps * Number.EPSILON * Math.abs(ref));
    }
    expect(a.values[2 * N - 1]).toBe(0); // ratio 1 in the tail
    expect(a.values[2 * N - 2]).toBeCloseTo(Math.log(1e-310), 12); // subnormal ratio (q r rounds at 5e-14 relative)
    [p, a, b].forEach((x) => x.free());
  });

  it('logReturns rejects a zero or negative price, naming the column, row and date', () => {
    const index = [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)];
    const p = Panel.fromColumns({ BTC: [1, 2, 3], ETH: [5, 0, -1] }, { index });
    for (const backend of ['wasm', 'js'] as const) {
      expect(() => logReturns(p, { backend })).toThrow(InputError);
      expect(() => logReturns(p, { backend })).toThrow("logReturns: price 0 at column 'ETH', row 1 (2024-01-02) is not positive");
    }
    expect(() => logReturns(new Float64Array([3, NaN, -2, 1]))).toThrow("price -2 at column 'c0', row 2 is not positive");
    p.free();
  });
});

describe('cumReturns', () => {
  it('cumReturns(r) is the running product of 1 + r', () => {
    expectClose(cumReturns(new Float64Array([0.1, -0.5, 1])), [1.1, 0.55, 1.1], 1e-15);
  });

  it('cumReturns keeps NaN rows NaN and continues the product past them (pandas cumprod skipna)', () => {
    expectClose(cumReturns(new Float64Array([NaN, NaN, 1, NaN, 0.5, NaN])), [NaN, NaN, 2, NaN, 3, NaN], 0);
  });
});

describe('returns kernels on random panels', () => {
  it('wasm, TS twin and brute force agree on 1000 random panels with NaNs, for every kernel', () => {
    const u = rng(7);
    for (let c = 0; c < 1000; c++) {
      const nRows = 2 + Math.floor(u() * 50);
      const nCols = 1 + Math.floor(u() * 9);
      const nanRate = u() * 0.3;
      const p = randomPanel(c, { nRows, nCols, nanRate });
      const r = Panel.fromRows(randomValues(c + 5000, { nRows, nCols, nanRate, kind: 'noise' }).map((v) => 0.05 * v), nRows, nCols);
      const k = 1 + Math.floor(u() * (nRows - 1));
      const s = Math.floor(u() * (2 * nRows - 1)) - (nRows - 1); // -(T-1) .. T-1
      const runs = [
        { name: 'pctChange', a: pctChange(p, k), b: pctChange(p, { periods: k, backend: 'js' }), brute: (x: number[]) => brutePct(x, k), tol: 0, src: p },
        { name: 'shift', a: shift(p, s), b: shift(p, { periods: s, backend: 'js' }), brute: (x: number[]) => bruteShift(x, s), tol: 0, src: p },
        { name: 'logReturns', a: logReturns(p, k), b: logReturns(p, { periods: k, backend: 'js' }), brute: (x: number[]) => bruteLog(x, k), tol: 1e-13, src: p },
        { name: 'cumReturns', a: cumReturns(r), b: cumReturns(r, { backend: 'js' }), brute: bruteCum, tol: 0, src: r },
      ];
      for (const run of runs) {
        const label = `${run.name} case ${c} (${nRows} x ${nCols}, k=${k}, s=${s})`;
        if (run.name === 'logReturns') expectUlps(run.a.values, run.b.values, 2, `${label} wasm vs twin`);
        else expectClose(run.a.values, run.b.values, 0, `${label} wasm vs twin`);
        const values = run.src.values;
        for (let j = 0; j < nCols; j++) expectClose(run.a.column(j), run.brute(col(values, nCols, j)), run.tol, `${label} col ${j} vs brute`);
        run.a.free();
        run.b.free();
      }
      p.free();
      r.free();
    }
  });

  it('logReturns reports the first non-positive price in row-major order on both backends', () => {
    const u = rng(11);
    for (let c = 0; c < 200; c++) {
      const nRows = 2 + Math.floor(u() * 30);
      const nCols = 1 + Math.floor(u() * 7);
      const v = randomValues(c, { nRows, nCols, nanRate: 0.1 });
      const nBad = 1 + Math.floor(u() * 3);
      for (let b = 0; b < nBad; b++) v[Math.floor(u() * v.length)] = u() < 0.5 ? 0 : -1 - u();
      const first = v.findIndex((x) => x <= 0);
      const t = Math.floor(first / nCols);
      const msg = `price ${v[first]} at column 'c${first - t * nCols}', row ${t} is not positive`;
      const p = Panel.fromRows(v, nRows, nCols);
      expect(() => logReturns(p), `case ${c}`).toThrow(msg);
      expect(() => logReturns(p, { backend: 'js' }), `case ${c} js`).toThrow(msg);
      p.free();
    }
  });
});

describe('returns kernels: input kinds and bad input', () => {
  it('pctChange returns the kind it is given: Table (date column kept), Vector', () => {
    const dates = [new Date('2024-01-01'), new Date('2024-01-02'), new Date('2024-01-03')];
    const t = new Table({ date: vectorFromArray(dates), a: vectorFromArray([1, null, 3], new Float64()), b: vectorFromArray([2, 4, 5], new Float64()) });
    const y = pctChange(t);
    expect(y.schema.fields.map((f) => f.name)).toEqual(['date', 'a', 'b']);
    expect(y.getChild('date')!.get(1)).toBe(dates[1].getTime());
    expectClose(arr(y.getChild('a')!.toArray() as Float64Array), [NaN, NaN, NaN], 0);
    expectClose(arr(y.getChild('b')!.toArray() as Float64Array), [NaN, 1, 0.25], 0);
    const v = shift(makeVector(new Float64Array([1, 2, 3])), 1);
    expectClose(arr(v.toArray() as Float64Array), [NaN, 1, 2], 0);
  });

  it('pctChange and logReturns reject periods that are not integers >= 1 or not shorter than the data', () => {
    const x = new Float64Array([1, 2, 3]);
    for (const fn of [pctChange, logReturns]) {
      const name = fn === pctChange ? 'pctChange' : 'logReturns';
      expect(() => fn(x, 0)).toThrow(`${name}: periods must be an integer >= 1`);
      expect(() => fn(x, -1)).toThrow(/would look ahead/);
      expect(() => fn(x, 1.5)).toThrow(/periods must be an integer >= 1, got 1.5/);
      expect(() => fn(x, '2' as never)).toThrow(/periods must be an integer >= 1, got 2/);
      expect(() => fn(x, 3)).toThrow(`${name}: periods 3 is longer than the data: 3 rows give no value; periods must be < 3`);
      expect(() => fn(x, { period: 1 } as never)).toThrow(`${name}: unknown option 'period'; valid options are periods, backend`);
      expect(() => fn(x, { periods: 1, backend: 'gpu' as never })).toThrow(/backend must be one of 'wasm', 'js'/);
      expect(() => fn(x, 0)).toThrow(InputError);
    }
  });

  it('shift rejects a missing or fractional period and one as long as the data', () => {
    const x = new Float64Array([1, 2, 3]);
    expect(() => shift(x, { backend: 'js' })).toThrow('shift: periods is required');
    expect(() => shift(x, 0.5)).toThrow('shift: periods must be an integer (positive lags, negative leads), got 0.5');
    expect(() => shift(x, -3)).toThrow('shift: periods -3 is longer than the data');
    expect(() => shift(x, 3)).toThrow(/\|periods\| must be < 3/);
  });

  it('cumReturns rejects unknown options', () => {
    expect(() => cumReturns(new Float64Array([0.1]), { periods: 1 } as never)).toThrow("cumReturns: unknown option 'periods'; valid options are backend");
  });
});
