import { Panel } from '../panel.js';
import { InputError } from '../errors.js';
import { checkNumber } from '../validate.js';
import { checkWeights } from './selection.js';

/**
 * Caps every position at `maxAbs` in absolute value: w clipped to [-maxAbs, maxAbs]
 * (pandas `w.clip(-maxAbs, maxAbs)`). What is cut is not redistributed: it goes to
 * cash (follow with `scaleLeverage` to re-lever). NaN weights read as 0. O(T N).
 */
export function capPositions(weights: Panel, maxAbs: number): Panel {
  const fn = 'capPositions';
  if (!(weights instanceof Panel)) throw new InputError(`${fn}: weights must be a Panel`);
  checkNumber(fn, 'maxAbs', maxAbs, { lo: 0, loOpen: true });
  checkWeights(fn, 'weights', weights);
  const out = weights.like();
  const s = weights.values;
  const w = out.values;
  for (let i = 0; i < s.length; i++) {
    const x = s[i];
    w[i] = x > maxAbs ? maxAbs : x < -maxAbs ? -maxAbs : x === x ? x : 0;
  }
  return out;
}
