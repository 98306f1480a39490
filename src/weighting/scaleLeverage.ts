import { Panel } from '../panel.js';
import { InputError } from '../errors.js';
import { checkNumber } from '../validate.js';
import { checkWeights } from './selection.js';

/**
 * Rescales each date's weights so their gross exposure sum |w| equals `gross` (e.g. 1
 * for an unlevered book, 5 for the FX trend strategy): w * gross / sum |w|. Signs and
 * proportions are kept; a date with no position (all 0 / NaN) stays all cash. `gross`
 * must be > 0 (0 would silently empty the book: an InputError says so). NaN
 * weights read as 0. Row by row, no look-ahead. O(T N).
 */
export function scaleLeverage(weights: Panel, gross: number): Panel {
  const fn = 'scaleLeverage';
  if (!(weights instanceof Panel)) throw new InputError(`${fn}: weights must be a Panel`);
  if (gross === 0) throw new InputError(`${fn}: gross must be > 0 (the sum |w| each row is rescaled to); 0 would empty every row and hold nothing`);
  checkNumber(fn, 'gross', gross, { lo: 0, loOpen: true });
  checkWeights(fn, 'weights', weights);
  const out = weights.like();
  const s = weights.values;
  const w = out.values;
  const N = weights.nCols;
  for (let t = 0, row = 0; t < weights.nRows; t++, row += N) {
    let g = 0;
    for (let j = 0; j < N; j++) if (s[row + j] === s[row + j]) g += Math.abs(s[row + j]);
    const k = g > 0 ? gross / g : 0;
    for (let j = 0; j < N; j++) w[row + j] = s[row + j] === s[row + j] ? s[row + j] * k : 0;
  }
  return out;
}
