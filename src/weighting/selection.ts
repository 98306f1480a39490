import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { rowLabel } from '../inputs/index.js';

/**
 * A selection or weights panel: a nonzero value selects (or holds) an asset with its
 * sign; 0 and NaN mean no position. +-Infinity is an error naming the column and date.
 */
export function checkWeights(fn: string, name: string, w: Panel): void {
  const v = w.values;
  const N = w.nCols;
  for (let k = 0; k < v.length; k++) {
    if (v[k] === Infinity || v[k] === -Infinity) {
      const t = Math.floor(k / N);
      throw new InputError(`${fn}: ${name} is ${v[k]} in column '${w.columns[k % N]}' at ${rowLabel(w, t)}; weights must be finite (0 or NaN for no position)`);
    }
  }
}

/**
 * Spreads each leg's gross over the selected assets of one row in proportion to
 * `score` (e.g. 1 / sigma): longs share G+ = sum of the positive selection values,
 * shorts share G- = sum of |negative| ones, so the long leg sums to G+, the short leg
 * to -G-, and the net and gross exposures of the selection are kept. Assets whose score
 * is not finite and > 0 (no volatility estimate yet) get 0 and their share goes to the
 * other assets of their leg; a leg where no asset has a valid score is all cash (0).
 * With `unitGross`, a non-empty leg's gross is 1 instead (the selection only says who).
 * Reads `sel[row .. row + N)`, writes `out[row .. row + N)`; `score` has N entries.
 */
export function spreadLegs(sel: Float64Array, score: Float64Array, out: Float64Array, row: number, N: number, unitGross = false): void {
  let grossLong = 0;
  let grossShort = 0;
  let sumLong = 0;
  let sumShort = 0;
  for (let j = 0; j < N; j++) {
    const s = sel[row + j];
    const valid = score[j] > 0 && score[j] < Infinity;
    if (s > 0) {
      grossLong += s;
      if (valid) sumLong += score[j];
    } else if (s < 0) {
      grossShort -= s;
      if (valid) sumShort += score[j];
    }
  }
  if (unitGross) {
    grossLong = grossLong > 0 ? 1 : 0;
    grossShort = grossShort > 0 ? 1 : 0;
  }
  for (let j = 0; j < N; j++) {
    const s = sel[row + j];
    const valid = score[j] > 0 && score[j] < Infinity;
    out[row + j] = !valid ? 0 : s > 0 ? grossLong * (score[j] / sumLong) : s < 0 ? -grossShort * (score[j] / sumShort) : 0;
  }
}
