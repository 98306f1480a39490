import { Panel } from '../panel.js';
import { InputError } from '../errors.js';
import { checkWeights } from './selection.js';

/**
 * Equal weights over a selection: on each date every selected asset (a nonzero value;
 * 0 and NaN are not selected) gets sign(s) / n, n being the number selected that
 * date. Gross exposure 1 (long-only: the weights sum to 1); a date with nothing
 * selected is all cash (zeros). Same as pandas `sel.ne(0).div(sel.ne(0).sum(axis=1), axis=0)`
 * with signs. Turns any signal panel (0/1, -1/0/+1, or weights) into 1/N weights,
 * e.g. `equalWeight(multiHorizonMomentum(p, { topN: 3 }))` holds 1 / (assets held).
 * Row by row, no look-ahead. O(T N).
 */
export function equalWeight(selection: Panel): Panel {
  const fn = 'equalWeight';
  if (!(selection instanceof Panel)) throw new InputError(`${fn}: selection must be a Panel`);
  checkWeights(fn, 'selection', selection);
  const out = selection.like();
  const s = selection.values;
  const w = out.values;
  const N = selection.nCols;
  for (let t = 0, row = 0; t < selection.nRows; t++, row += N) {
    let n = 0;
    for (let j = 0; j < N; j++) if (s[row + j] > 0 || s[row + j] < 0) n++;
    for (let j = 0; j < N; j++) {
      const x = s[row + j];
      w[row + j] = x > 0 ? 1 / n : x < 0 ? -1 / n : 0;
    }
  }
  return out;
}
