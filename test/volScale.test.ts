import { describe, expect, it } from 'vitest';
import { Panel } from '../src/index.js';
import { engine } from '../src/engine/wasm.js';
import { twin } from '../src/twin/index.js';

describe('volScale(w, sigma, out, n, target, cap, annual)', () => {
  it('scales by min(cap, target / (sigma annual)), caps sigma 0, and writes 0 for w 0 or NaN and sigma NaN (wasm and twin)', () => {
    const w = Panel.fromRows([0.5, 0.5, -0.25, 0, NaN, 1], 1, 6);
    const sigma = Panel.fromRows([0.01, 0, 0.05, 0.02, 0.02, NaN], 1, 6);
    // target 0.2, cap 2, annual 4: scales 5, inf -> 2, 1, -, -, NaN.
    const want = [0.5 * 2, 0.5 * 2, -0.25 * (0.2 / (0.05 * 4)), 0, 0, 0];
    for (const k of [engine(), twin]) {
      const out = w.like();
      k.volScale(w.ptr, sigma.ptr, out.ptr, 6, 0.2, 2, 4);
      expect(Array.from(out.values)).toEqual(want);
      out.free();
    }
    w.free();
    sigma.free();
  });
});
