import { describe, expect, it } from 'vitest';
import { Panel, pctChange, tsm } from '../src/index.js';
import { engine } from '../src/engine/wasm.js';
import { twin } from '../src/twin/index.js';
import { rng } from './helpers.js';

/** Prices 1..4 with gaps: returns repeat, and equal the thresholds 0 and 1 exactly on many cells. */
function tiedPrices(seed: number, T: number, N: number): Panel {
  const u = rng(seed);
  const v = new Float64Array(T * N);
  for (let i = 0; i < v.length; i++) v[i] = u() < 0.1 ? NaN : 1 + Math.floor(u() * 4);
  return Panel.fromRows(v, T, N);
}

/** The previous tsm weights, written out: sign(r - threshold) / (valid r of the row). */
function reference(p: Panel, lookback: number, threshold: number, below: number): number[] {
  const ret = pctChange(p, { periods: lookback });
  const r = ret.values.slice();
  ret.free();
  const N = p.nCols;
  const w: number[] = [];
  for (let t = 0; t < p.nRows; t++) {
    let n = 0;
    for (let j = 0; j < N; j++) if (!Number.isNaN(r[t * N + j])) n++;
    for (let j = 0; j < N; j++) {
      const x = r[t * N + j];
      const s = x > threshold ? 1 : x < threshold ? below : 0;
      w.push(s === 0 ? 0 : s / n);
    }
  }
  return w;
}

describe('tsmSigns(ret, out, T, N, threshold, below)', () => {
  it('tsm(prices, options) gives sign(r - threshold) / n_t as before, in both modes and backends, with returns equal to the threshold', () => {
    for (const [seed, N] of [[1, 1], [2, 7], [3, 30]]) {
      const p = tiedPrices(seed, 200, N);
      for (const threshold of [0, 1, 0.25]) {
        for (const mode of ['long-cash', 'long-short'] as const) {
          const want = reference(p, 5, threshold, mode === 'long-short' ? -1 : 0);
          for (const backend of ['wasm', 'js'] as const) {
            const w = tsm(p, { lookback: 5, threshold, mode, backend });
            const got = Array.from(w.values);
            w.free();
            expect(got, `N ${N} threshold ${threshold} ${mode} ${backend}`).toEqual(want);
            expect(got.some((x) => Object.is(x, -0) || Number.isNaN(x))).toBe(false);
          }
        }
      }
      p.free();
    }
  });

  it('writes 1 / 3, -1 / 3 and 0 on a row of three valid returns around the threshold, and 0 for NaN', () => {
    const ret = Panel.fromRows([0.2, -0.1, 0.05, NaN], 1, 4);
    for (const k of [engine(), twin]) {
      const out = ret.like();
      k.tsmSigns(ret.ptr, out.ptr, 1, 4, 0.05, -1);
      expect(Array.from(out.values)).toEqual([1 / 3, -1 / 3, 0, 0]);
      out.free();
    }
    ret.free();
  });
});
