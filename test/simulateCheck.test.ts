import { describe, expect, it } from 'vitest';
import { Panel } from '../src/index.js';
import { engine } from '../src/engine/wasm.js';
import { twin } from '../src/twin/index.js';
import type { Kernels } from '../src/engine/kernels.js';
import { checkPrices, checkTargets } from '../src/backtest/inputs.js';
import { priceGaps } from '../src/kernels/simulate.js';
import { rng } from './helpers.js';

// The two halves of the backtest's input check (a grid checks its prices once and each
// weights panel after): codes `cell * 8 + kind` worked out by hand, in wasm and the twin.

const BACKENDS: [string, Kernels][] = [['wasm', engine()], ['js', twin]];

/** Flags in wasm memory for the duration of `run`. */
function withFlags<R>(flags: number[], run: (ptr: number) => R): R {
  const ptr = engine().alloc(Math.max(16, flags.length));
  try {
    new Uint8Array(engine().memory.buffer, ptr, flags.length).set(flags);
    return run(ptr);
  } finally {
    engine().free(ptr);
  }
}

describe('checkSimulationPrices(prices, n)', () => {
  it('returns 8 x the first price <= 0 or +Infinity in row-major order, NaN allowed, else -1', () => {
    for (const [name, k] of BACKENDS) {
      const good = Panel.fromRows([1, 2, NaN, 4, 5, 6, 7, NaN, 9], 3, 3);
      expect(k.checkSimulationPrices(good.ptr, 9), name).toBe(-1);
      // cell 4 (row 1, col 1) is 0, cell 7 is -1: the first one wins.
      const bad = Panel.fromRows([1, 2, 3, 4, 0, 6, 7, -1, 9], 3, 3);
      expect(k.checkSimulationPrices(bad.ptr, 9), name).toBe(32);
      // The odd last cell (no SIMD pair) is checked too.
      const tail = Panel.fromRows([1, 2, 3, 4, 5, 6, 7, 8, Infinity], 3, 3);
      expect(k.checkSimulationPrices(tail.ptr, 9), name).toBe(64);
      [good, bad, tail].forEach((p) => p.free());
    }
  });
});

describe('checkSimulationTargets(prices, weights, rebalance, gaps, T, N, lag, allowShort, allowNaN)', () => {
  // Prices with a hole at (row 1, col 2); targets clean except where a case plants one.
  const prices = [1, 1, 1, 1, 1, NaN, 1, 1, 1];
  const clean = [0.5, 0.5, 0, 0.2, 0.3, 0, 0.1, 0.1, 0.1];
  const code = (k: Kernels, w: number[], flags: number[], lag: number, allowShort: number, allowNaN: number): number => {
    const p = Panel.fromRows(prices, 3, 3);
    const x = Panel.fromRows(w, 3, 3);
    try {
      return withFlags(flags, (f) => k.checkSimulationTargets(p.ptr, x.ptr, f, 0, 3, 3, lag, allowShort, allowNaN));
    } finally {
      p.free();
      x.free();
    }
  };
  const put = (cell: number, v: number): number[] => clean.map((x, i) => (i === cell ? v : x));

  it('finds each kind at its cell: NaN 1, infinite 2, short 3, traded into a missing price 4', () => {
    for (const [name, k] of BACKENDS) {
      expect(code(k, clean, [1, 1, 1], 1, 0, 0), name).toBe(-1);
      expect(code(k, put(1, NaN), [1, 1, 1], 1, 0, 0), name).toBe(1 * 8 + 1);
      expect(code(k, put(1, NaN), [1, 1, 1], 1, 0, 1), `${name} NaN allowed`).toBe(-1);
      expect(code(k, put(6, -Infinity), [1, 1, 1], 1, 1, 1), name).toBe(6 * 8 + 2);
      expect(code(k, put(7, -0.1), [1, 1, 1], 1, 0, 0), name).toBe(7 * 8 + 3);
      expect(code(k, put(7, -0.1), [1, 1, 1], 1, 1, 0), `${name} shorts allowed`).toBe(-1);
      // Row 1's target for col 2 trades at row 1 + lag - 1 = 1, where the price is NaN.
      expect(code(k, put(5, 0.5), [1, 1, 1], 1, 0, 0), name).toBe(5 * 8 + 4);
      expect(code(k, put(5, 0.5), [1, 0, 1], 1, 0, 0), `${name} row 1 not traded`).toBe(-1);
      // lag 2: row 0's targets trade at row 1 (col 2 target there is 0: fine), row 1's at row 2.
      expect(code(k, put(5, 0.5), [1, 1, 1], 2, 0, 0), `${name} lag 2`).toBe(-1);
      expect(code(k, put(2, 0.5), [1, 1, 1], 2, 0, 0), `${name} lag 2`).toBe(2 * 8 + 4);
      // Row 2 + lag 2 - 1 = 3 is past the end: nothing trades, the missing rule does not apply.
      expect(code(k, put(8, 0.5), [1, 1, 1], 2, 0, 0), name).toBe(-1);
    }
  });

  it('reports the first bad cell of a row in column order when a SIMD pair and the odd last column are both bad', () => {
    for (const [name, k] of BACKENDS) {
      const T = 2;
      const N = 5;
      const p = Panel.fromRows(new Array(T * N).fill(1), T, N);
      const w = Panel.fromRows([0, 0, 0, 0, 0, 0, Infinity, 0, 0, NaN], T, N);
      const got = withFlags([1, 1], (f) => k.checkSimulationTargets(p.ptr, w.ptr, f, 0, T, N, 1, 1, 0));
      expect(got, name).toBe(6 * 8 + 2);
      p.free();
      w.free();
    }
  });

  it('equals checkSimulationInputs (prices first, then targets) on random panels with planted faults', () => {
    const u = rng(16);
    for (let trial = 0; trial < 40; trial++) {
      const T = 1 + Math.floor(u() * 9);
      const N = 1 + Math.floor(u() * 7);
      const pv = Array.from({ length: T * N }, () => (u() < 0.15 ? NaN : u() < 0.03 ? 0 : 1 + u()));
      const wv = Array.from({ length: T * N }, () => (u() < 0.05 ? NaN : u() < 0.03 ? Infinity : u() < 0.4 ? 0 : u() - 0.2));
      const flags = Array.from({ length: T }, () => (u() < 0.6 ? 1 : 0));
      const lag = Math.floor(u() * 3);
      const short = u() < 0.5 ? 1 : 0;
      const nan = u() < 0.5 ? 1 : 0;
      const p = Panel.fromRows(pv, T, N);
      const w = Panel.fromRows(wv, T, N);
      for (const [name, k] of BACKENDS) {
        const whole = withFlags(flags, (f) => k.checkSimulationInputs(p.ptr, w.ptr, f, T, N, lag, short, nan));
        const priceCode = k.checkSimulationPrices(p.ptr, T * N);
        const halves = priceCode >= 0 ? priceCode : withFlags(flags, (f) => k.checkSimulationTargets(p.ptr, w.ptr, f, 0, T, N, lag, short, nan));
        expect(halves, `${name} trial ${trial}`).toBe(whole);
        // With the rows' gaps given, rows without a missing price skip that rule: same answer.
        const gaps = priceGaps(p);
        const withGaps = priceCode >= 0 ? priceCode : withFlags(flags, (f) => withFlags(Array.from(gaps), (g) => k.checkSimulationTargets(p.ptr, w.ptr, f, g, T, N, lag, short, nan)));
        expect(withGaps, `${name} trial ${trial} with gaps`).toBe(whole);
      }
      p.free();
      w.free();
    }
  });
});

describe('priceGaps(prices)', () => {
  it('marks the rows holding a NaN price', () => {
    const p = Panel.fromRows([1, 2, NaN, 4, 5, 6, NaN, NaN, 1, 1, 1, NaN], 4, 3);
    expect(Array.from(priceGaps(p))).toEqual([1, 0, 1, 1]);
    p.free();
  });
});

describe('checkPrices(fn, k, prices) and checkTargets(fn, k, prices, weights, rules)', () => {
  it('throw the errors of checkInputs naming the cell', () => {
    const bad = Panel.fromRows([1, 2, 3, -4], 2, 2, { columns: ['A', 'B'] });
    expect(() => checkPrices('backtest', engine(), bad)).toThrow("backtest: price -4 in column 'B' at row 1");
    const p = Panel.fromRows([1, NaN, 1, 1], 2, 2, { columns: ['A', 'B'] });
    const w = Panel.fromRows([0.5, 0.5, 0, 0], 2, 2, { columns: ['A', 'B'] });
    expect(() => checkPrices('backtest', engine(), p)).not.toThrow();
    const rules = { nanWeights: 'error' as const, allowShort: false, lag: 1, flags: new Uint8Array([1, 1]) };
    expect(() => checkTargets('backtest', engine(), p, w, rules)).toThrow("backtest: target 0.5 for 'B' at row 0 would trade at row 0, where its price is missing");
    [bad, p, w].forEach((x) => x.free());
  });
});
