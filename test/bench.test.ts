import { describe, expect, it } from 'vitest';
import { Datasets, buildCases, checkParity, compare, type Shapes } from '../bench/cases.js';
import { judge, type Row } from '../bench/report.js';

// Small shapes: every window (63, 90) still fits, so each case has values to compare.
const SMALL: Shapes = { big: [150, 7], long: 400, pair: [150, 5], rank: [60, 9], matrix: [120, 4] };

describe('bench', () => {
  it('the parity check passes for every kernel case on small shapes (wasm vs twin, naive vs twin)', () => {
    const data = new Datasets(SMALL);
    const cases = buildCases(data);
    expect(new Set(cases.map((c) => c.kernel))).toEqual(new Set([
      'ewmMean', 'rollingMean', 'rollingStd', 'rollingCov', 'rollingCorr', 'rollingCorrMatrix', 'rank',
      'pctChange', 'shift', 'logReturns', 'cumReturns',
    ]));
    for (const c of cases) {
      const r = checkParity(c.prepare());
      expect(r.twin, `${c.kernel} ${c.shape} wasm vs twin`).toMatchObject({ ok: true, nanMismatch: 0 });
      expect(r.naive, `${c.kernel} ${c.shape} naive vs twin`).toMatchObject({ ok: true, nanMismatch: 0 });
    }
    data.dispose();
  });

  it('compare flags a NaN mismatch and a difference beyond the tolerance', () => {
    const a = new Float64Array([1, 2, NaN, 1000]);
    expect(compare(a, new Float64Array([1, 2, NaN, 1000]), 0)).toEqual({ maxAbs: 0, maxRel: 0, nanMismatch: 0, ok: true });
    expect(compare(a, new Float64Array([1, 2, 3, 1000]), 1e-12)).toMatchObject({ nanMismatch: 1, ok: false });
    const r = compare(a, new Float64Array([1, 2, NaN, 1000 + 1e-6]), 1e-12);
    expect(r.ok).toBe(false);
    expect(r.maxRel).toBeCloseTo(1e-9, 15);
  });

  it('judge passes >=2x twin, <=3x copy and <numba only when the numbers say so', () => {
    const timing = (ms: number) => ({ ms, rme: 0, samples: 1, method: 'runs' as const });
    const row: Row = {
      kernel: 'ewmMean', params: '', shape: '', cells: 1, wasm: timing(3), twin: timing(5), naive: null, notes: [],
      speedup: 5 / 3, numbaMs: 2.9, parity: null, targets: [],
    };
    expect(judge(['twin2x', 'copy3x', 'numba'], row, 1).map((t) => [t.name, t.pass])).toEqual([
      ['>=2x twin', false], ['<=3x copy', true], ['<numba', false],
    ]);
  });
});
