import { describe, expect, it } from 'vitest';
import { InputError, metrics } from '../src/index.js';
import { engine } from '../src/engine/wasm.js';
import { twin } from '../src/twin/index.js';
import { allocF64, f64View, freePtr } from '../src/engine/memory.js';
import { GRID_METRICS, N_METRICS, badReturnError } from '../src/grid/reduce.js';
import { GRID_METRICS_OUT, MetricsWorkspace } from '../src/kernels/metricsWorkspace.js';
import type { Kernels } from '../src/engine/kernels.js';
import { rng } from './helpers.js';

// The grid's metrics kernel against the public `metrics()` (empyrical profile), bit for bit.

const BACKENDS: [string, Kernels][] = [['wasm', engine()], ['js', twin]];

/** Runs the kernel of `k` on `r` (and `tv`) copied into wasm memory: [result code, 8 metrics]. */
function run(k: Kernels, r: ArrayLike<number>, tv: ArrayLike<number> | null, ppy: number): [number, number[]] {
  const len = r.length;
  const rp = allocF64(len);
  const tp = tv ? allocF64(len) : 0;
  const sp = allocF64(3 * Math.max(len, 1));
  const op = allocF64(8);
  try {
    f64View(rp, len).set(r);
    if (tv) f64View(tp, len).set(tv);
    f64View(op, 8).fill(-12345);
    const code = k.gridMetrics(rp, tp, len, ppy, sp, op);
    return [code, Array.from(f64View(op, 8))];
  } finally {
    [rp, tp, sp, op].forEach(freePtr);
  }
}

function expected(r: ArrayLike<number>, tv: ArrayLike<number> | null, ppy: number): number[] {
  const m = metrics(Float64Array.from(r), tv ? { periodsPerYear: ppy, turnover: Float64Array.from(tv) } : { periodsPerYear: ppy }) as unknown as Record<string, number>;
  return GRID_METRICS.map((n) => m[n]);
}

function series(seed: number, len: number, nanRate: number): { r: number[]; tv: number[] } {
  const u = rng(seed);
  const r: number[] = [];
  const tv: number[] = [];
  for (let t = 0; t < len; t++) {
    r.push(u() < nanRate ? NaN : 0.04 * (u() - 0.48));
    tv.push(u() < nanRate ? NaN : u() * 0.3);
  }
  return { r, tv };
}

describe('gridMetrics(returns, turnover, len, ppy, scratch, out)', () => {
  it('equals metrics() bit for bit on random returns with and without NaN, short and long (pairwise sums past 128 terms)', () => {
    for (const len of [0, 1, 2, 7, 8, 9, 127, 128, 129, 300, 1000, 2557]) {
      for (const nanRate of [0, 0.1]) {
        const { r, tv } = series(len * 10 + nanRate * 100, len, nanRate);
        for (const ppy of [252, 365]) {
          const want = expected(r, tv, ppy);
          const wantNoTv = expected(r, null, ppy);
          for (const [name, k] of BACKENDS) {
            const [code, got] = run(k, r, tv, ppy);
            expect(code).toBe(-1);
            got.forEach((v, m) => expect(Object.is(v, want[m]), `${name} len ${len} nan ${nanRate} ${GRID_METRICS[m]}: ${v} vs ${want[m]}`).toBe(true));
            const [, noTv] = run(k, r, null, ppy);
            expect(noTv, `${name} len ${len} without turnover`).toEqual(wantNoTv);
            expect(Number.isNaN(noTv[6])).toBe(true);
          }
        }
      }
    }
  });

  it('handles constant returns (std exactly 0: sharpe NaN), all-NaN returns and a ruined book ending at -1', () => {
    const cases = [Array(50).fill(0.001), Array(10).fill(NaN), [0.1, -0.5, -1, 0, 0, 0], [0.01, 0.02, -0.03]];
    for (const r of cases) {
      const want = expected(r, null, 252);
      for (const [name, k] of BACKENDS) expect(run(k, r, null, 252)[1], `${name} ${r.slice(0, 3)}`).toEqual(want);
    }
    expect(Number.isNaN(run(engine(), cases[0], null, 252)[1][0])).toBe(true);
    expect(run(engine(), cases[2], null, 252)[1][3]).toBe(-1);
  });

  it('reports the first infinite return or return below -1 by its index and writes nothing', () => {
    for (const [name, k] of BACKENDS) {
      const [code, out] = run(k, [0.01, NaN, -1.5, Infinity], null, 252);
      expect(code, name).toBe(2);
      expect(out, name).toEqual(Array(8).fill(-12345));
      expect(run(k, [0.01, -Infinity, 0.2], null, 252)[0], name).toBe(1);
    }
  });
});

describe('MetricsWorkspace.reduce', () => {
  it('reports the index of a return below -1, whose error is metrics()\' error', () => {
    expect(GRID_METRICS_OUT).toBe(N_METRICS);
    const ws = new MetricsWorkspace(4);
    const rp = allocF64(4);
    f64View(rp, 4).set([0.01, 0.02, -2, 0]);
    const dest = new Float64Array(8).fill(7);
    const bad = ws.reduce(engine(), rp, 0, 4, 252, dest, 0);
    freePtr(rp);
    ws.free();
    expect(bad).toBe(2);
    expect(Array.from(dest)).toEqual(Array(8).fill(7));
    const err = badReturnError(2, -2);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/returns\[2\] is -2; a simple return cannot be below -1/);
    expect(() => metrics([0.01, 0.02, -2, 0])).toThrow(err.message);
  });
});
