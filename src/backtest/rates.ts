import { isArrowVector } from '../arrow.js';
import { InputError } from '../errors.js';
import { checkNumber } from '../validate.js';
import type { RateInput } from './options.js';

/** The per-bar rate of an annual rate: (1 + annual)^(1 / periodsPerYear) - 1 (compounding). */
export function perBarRate(annual: number, periodsPerYear: number): number {
  return Math.pow(1 + annual, 1 / periodsPerYear) - 1;
}

/**
 * Per-bar cash rates, one per row: a constant annual rate, or one annual rate per row
 * (row t's rate accrues over bar t, close t-1 -> close t), each converted with
 * `perBarRate`. Row 0 gets 0 (nothing accrues before the first close). Rates must be
 * finite and > -1 (a rate of -100% or below would wipe out cash). O(T).
 */
export function cashRatesPerBar(fn: string, rate: RateInput, T: number, periodsPerYear: number): Float64Array {
  const out = new Float64Array(T);
  if (typeof rate === 'number') {
    const r = perBarRate(checkNumber(fn, 'cashRate', rate, { lo: -1, loOpen: true }), periodsPerYear);
    out.fill(r);
  } else {
    if (!(rate instanceof Float64Array || isArrowVector(rate) || Array.isArray(rate))) {
      throw new InputError(`${fn}: cashRate must be an annual rate (number) or one annual rate per row (Float64Array, array or Arrow Vector)`);
    }
    const n = rate.length;
    if (n !== T) throw new InputError(`${fn}: cashRate series has ${n} values for ${T} price rows; give one annual rate per row`);
    for (let t = 0; t < T; t++) {
      const x = isArrowVector(rate) ? rate.get(t) : (rate as ArrayLike<number>)[t];
      const v = x === null || x === undefined ? NaN : Number(x);
      if (!Number.isFinite(v) || v <= -1) throw new InputError(`${fn}: cashRate at row ${t} is ${String(x)}; rates must be finite annual rates > -1`);
      out[t] = perBarRate(v, periodsPerYear);
    }
  }
  if (T > 0) out[0] = 0;
  return out;
}

/**
 * Decay factors by target age: factor[a] = 0.5^(a / halflife) for a = 0 .. T-1
 * (a fresh target keeps its full weight, one `halflife` bars old keeps half). O(T).
 */
export function decayFactors(fn: string, decay: unknown, T: number): Float64Array {
  if (typeof decay !== 'object' || decay === null || Object.keys(decay).some((k) => k !== 'halflife')) {
    throw new InputError(`${fn}: decay must be { halflife: bars } with halflife > 0, got ${JSON.stringify(decay)}`);
  }
  const h = checkNumber(fn, 'decay.halflife', (decay as { halflife?: unknown }).halflife, { lo: 0, loOpen: true });
  const out = new Float64Array(Math.max(T, 1));
  for (let a = 0; a < out.length; a++) out[a] = Math.pow(0.5, a / h);
  return out;
}
