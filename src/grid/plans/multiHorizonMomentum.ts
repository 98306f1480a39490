import { InputError } from '../../errors.js';
import {
  checkHorizonWeights, checkMultiHorizonTopN, multiHorizonWeights, prepareMultiHorizon, type MultiHorizonPrepared,
} from '../../strategies/multiHorizonMomentum.js';
import { TOP_N_DEPTH } from '../../kernels/weights.js';
import type { StrategyPlan } from './types.js';

const fn = 'multiHorizonMomentum';

/**
 * `multiHorizonMomentum` with `topN` split for grids, calling the two halves of
 * src/strategies/multiHorizonMomentum.ts: prepare = `prepareMultiHorizon` (the score
 * m = sum_k w_k pct_change(h_k) of the prices shifted by skip, and the order of its
 * TOP_N_DEPTH best positive values per date; per horizons, weights, skip); weights =
 * `multiHorizonWeights` (1 / topN on the first topN of the order). topN is required in a grid.
 */
export const multiHorizonPlan: StrategyPlan = {
  signalParams: ['horizons', 'weights', 'skip'],
  panelsNeeded: (p) => 6 + (Array.isArray(p.horizons) ? p.horizons.length : 3),
  prepare(ctx, p, o): MultiHorizonPrepared {
    const horizons = o.horizons as readonly number[];
    const weights = o.weights as readonly number[];
    checkHorizonWeights(fn, horizons, weights);
    return prepareMultiHorizon(fn, p, { horizons, weights, skip: o.skip as number, backend: ctx.backend, depth: Math.min(p.nCols, TOP_N_DEPTH) });
  },
  weights(_ctx, prepared, p, o) {
    if (o.topN === undefined) throw new InputError(`${fn}: a grid needs topN (target weights, not scores); add topN to params`);
    const topN = o.topN as number;
    checkMultiHorizonTopN(fn, topN, p.nCols);
    return multiHorizonWeights(prepared as MultiHorizonPrepared, topN);
  },
};
