import { InputError } from '../../errors.js';
import type { Panel } from '../../panel.js';
import { pctChange, shift } from '../../kernels/returns.js';
import { rank } from '../../kernels/rank.js';
import { checkLookback } from '../../strategies/common.js';
import type { Prepared, StrategyPlan } from './types.js';

const fn = 'multiHorizonMomentum';

interface MhmPrepared extends Prepared {
  ranks: Panel;
}

/**
 * `multiHorizonMomentum` with `topN` split for grids (src/strategies/multiHorizonMomentum.ts,
 * same arithmetic): prepare = the score m = sum_k w_k pct_change(h_k) of the prices
 * shifted by skip, and the descending 'first' rank of its positive values (per horizons,
 * weights, skip); weights = 1 / topN on ranks <= topN. topN is required in a grid.
 */
export const multiHorizonPlan: StrategyPlan = {
  signalParams: ['horizons', 'weights', 'skip'],
  panelsNeeded: (p) => 5 + (Array.isArray(p.horizons) ? p.horizons.length : 3),
  prepare(ctx, p, o): MhmPrepared {
    const horizons = o.horizons as readonly number[];
    const weights = o.weights as readonly number[];
    const skip = o.skip as number;
    if (weights.length !== horizons.length) {
      throw new InputError(`${fn}: weights must be an array with one weight per horizon (${horizons.length}), got ${weights.length}`);
    }
    const longest = Math.max(...horizons);
    checkLookback(fn, skip > 0 ? `max(horizons) + skip (${longest} + ${skip}) =` : 'max(horizons)', longest + skip, p.nRows);
    const backend = ctx.backend;
    const lagged = skip > 0 ? shift(p, { periods: skip, backend }) : p;
    const score = p.like();
    let positive: Panel | null = null;
    try {
      score.values.fill(0);
      for (let k = 0; k < horizons.length; k++) {
        const r = pctChange(lagged, { periods: horizons[k], backend });
        const rv = r.values;
        const mv = score.values;
        const wk = weights[k];
        for (let i = 0; i < mv.length; i++) mv[i] += rv[i] * wk;
        r.free();
      }
      positive = score.like();
      const s = score.values;
      const f = positive.values;
      for (let i = 0; i < s.length; i++) f[i] = s[i] > 0 ? s[i] : NaN;
      const ranks = rank(positive, { method: 'first', ascending: false, backend });
      return { ranks, free: () => ranks.free() };
    } finally {
      positive?.free();
      score.free();
      if (lagged !== p) lagged.free();
    }
  },
  weights(_ctx, prepared, p, o): Panel {
    const { ranks } = prepared as MhmPrepared;
    if (o.topN === undefined) throw new InputError(`${fn}: a grid needs topN (target weights, not scores); add topN to params`);
    const topN = o.topN as number;
    if (topN > p.nCols) throw new InputError(`${fn}: topN ${topN} exceeds the universe of ${p.nCols} assets`);
    const out = ranks.like();
    const d = ranks.values;
    const w = out.values;
    for (let i = 0; i < d.length; i++) w[i] = d[i] <= topN ? 1 / topN : 0;
    return out;
  },
};
