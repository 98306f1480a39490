import { expect } from 'vitest';
import { InputError, Panel } from '../src/index.js';
import { randomValues, rng } from './helpers.js';

// Shared by test/strategies.test.ts and test/weighting.test.ts.

export const DAY = 86_400_000;
export const MON_2024_01_01 = Date.UTC(2024, 0, 1);

/** Consecutive calendar days from 2024-01-01 (a 7-day crypto calendar). */
export function days(n: number): number[] {
  return Array.from({ length: n }, (_, t) => MON_2024_01_01 + t * DAY);
}

/** A dated (or undated) price panel from named columns. */
export function prices(cols: Record<string, number[]>, dated = true): Panel {
  const n = Object.values(cols)[0].length;
  return Panel.fromColumns(cols, dated ? { index: days(n) } : {});
}

/** The panel as one array per row. */
export function rows(p: Panel): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < p.nRows; t++) out.push(Array.from(p.row(t)));
  return out;
}

/** Every cell within `tol` of the expected rows (never NaN). */
export function expectRows(p: Panel, expected: number[][], tol = 1e-15): void {
  const got = rows(p);
  expect(got.length).toBe(expected.length);
  got.forEach((r, t) => r.forEach((x, j) => {
    if (!(Math.abs(x - expected[t][j]) <= tol)) expect.fail(`row ${t}, column ${p.columns[j]}: got ${x}, expected ${expected[t][j]}`);
  }));
}

/** f() throws an InputError whose message matches. */
export function expectThrows(f: () => unknown, message: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an InputError').toBeInstanceOf(InputError);
  expect((err as Error).message).toMatch(message);
}

/** A seeded random-walk panel with gaps and late listings (positive prices, NaN = missing). */
export function walk(seed: number, nRows: number, nCols: number, dated = true): Panel {
  const v = randomValues(seed, { nRows, nCols, nanRate: 0.03, lateRate: 0.3, allNanRate: 0, kind: 'walk' });
  return Panel.fromRows(v, nRows, nCols, dated ? { index: days(nRows) } : {});
}

/**
 * Look-ahead check: multiplies every price after row t by a random factor in
 * [0.5, 1.5) and asserts that the weights at rows <= t are bit-identical (Object.is).
 * Also asserts that every weight is finite (never NaN; `scores` allows NaN), that the strategy holds
 * something, and that the perturbation does move
 * some later weight, so the check cannot pass vacuously.
 */
export function expectNoLookAhead(strategy: (p: Panel) => Panel, base: Panel, ts: number[], { seed = 7, scores = false } = {}): void {
  const ref = strategy(base);
  const u = rng(seed);
  let changedLater = 0;
  let positions = 0;
  for (let k = 0; k < ref.size; k++) {
    const x = ref.values[k];
    if (Number.isNaN(x) && scores) continue; // a score panel is NaN during warm-up
    if (!Number.isFinite(x)) expect.fail(`weight ${x} at row ${Math.floor(k / ref.nCols)}, column ${k % ref.nCols}: weights must be finite (0 for no position)`);
    if (x !== 0) positions++;
  }
  expect(positions, 'the strategy takes some positions on this data').toBeGreaterThan(0);
  for (const t of ts) {
    const v = base.values.slice();
    for (let k = (t + 1) * base.nCols; k < v.length; k++) v[k] *= 0.5 + u();
    const moved = Panel.fromRows(v, base.nRows, base.nCols, base.labels());
    const w = strategy(moved);
    const a = ref.values;
    const b = w.values;
    for (let k = 0; k < (t + 1) * base.nCols; k++) {
      if (!Object.is(a[k], b[k])) expect.fail(`perturbing rows > ${t} changed the weight at row ${Math.floor(k / base.nCols)}, column ${k % base.nCols}: ${a[k]} -> ${b[k]}`);
    }
    for (let k = (t + 1) * base.nCols; k < a.length; k++) if (!Object.is(a[k], b[k])) changedLater++;
    moved.free();
    w.free();
  }
  // the perturbation must reach the later weights, or the test proves nothing
  expect(changedLater, 'perturbed prices changed some later weight').toBeGreaterThan(0);
  ref.free();
}
