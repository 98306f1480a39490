import { expect } from 'vitest';
import { Panel, InputError } from '../src/index.js';
import { mulberry32 } from '../src/data/random.js';

/** The project's seeded PRNG (mulberry32, src/data/random.ts): every random test is reproducible. */
export const rng = mulberry32;

/** Standard normal draws (Box-Muller) from a uniform source. */
export function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export interface RandomPanelSpec {
  nRows: number;
  nCols: number;
  /** Probability that a cell is NaN (scattered gaps). */
  nanRate?: number;
  /** Probability that a column starts late (leading NaNs) / is all NaN. */
  lateRate?: number;
  allNanRate?: number;
  /** 'walk': positive GBM-like prices; 'noise': N(0,1); 'ties': small integers (many ties). */
  kind?: 'walk' | 'noise' | 'ties';
}

/** A seeded random time-major panel as a plain array, with NaN gaps. */
export function randomValues(seed: number, s: RandomPanelSpec): Float64Array {
  const u = rng(seed);
  const z = normal(u);
  const { nRows: T, nCols: N, nanRate = 0.05, lateRate = 0.2, allNanRate = 0.05, kind = 'walk' } = s;
  const v = new Float64Array(T * N);
  for (let j = 0; j < N; j++) {
    const allNan = u() < allNanRate;
    const start = u() < lateRate ? Math.floor(u() * T) : 0;
    let p = 10 + 990 * u();
    for (let t = 0; t < T; t++) {
      p *= Math.exp(0.02 * z());
      let x = kind === 'walk' ? p : kind === 'noise' ? z() : Math.floor(u() * 5);
      if (allNan || t < start || u() < nanRate) x = NaN;
      v[t * N + j] = x;
    }
  }
  return v;
}

export function randomPanel(seed: number, s: RandomPanelSpec): Panel {
  return Panel.fromRows(randomValues(seed, s), s.nRows, s.nCols);
}

/**
 * Asserts two arrays agree cell by cell: NaN exactly where the other is NaN, and
 * |a - b| <= tol * max(1, |b|) elsewhere. Reports the first differing index.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (Number.isNaN(b) || Number.isNaN(a)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) expect.fail(`${label} at ${i}: got ${a}, expected ${b}`);
      continue;
    }
    if (a === b) continue;
    if (!(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)))) expect.fail(`${label} at ${i}: got ${a}, expected ${b} (tol ${tol})`);
  }
}

/** Column j of a time-major array. */
export function col(values: ArrayLike<number>, nCols: number, j: number): number[] {
  const out: number[] = [];
  for (let k = j; k < values.length; k += nCols) out.push(values[k]);
  return out;
}

/** Runs f, expects an InputError, returns its message (to match with toMatch). */
export function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  return expect.fail('expected an InputError');
}
