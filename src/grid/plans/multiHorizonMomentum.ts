import { InputError } from '../../errors.js';
import {
  checkHorizonWeights, checkMultiHorizonTopN, multiHorizonWeights, prepareMultiHorizon, type MultiHorizonPrepared,
} from '../../strategies/multiHorizonMomentum.js';
import { checkDualTopN, defensiveColumn } from '../../strategies/dualMomentum.js';
import { topNOrderDepth } from '../../kernels/weights.js';
import type { StrategyPlan } from './types.js';

const fn = 'multiHorizonMomentum';

/**
 * `multiHorizonMomentum` with `topN` split for grids, calling the two halves of
 * src/strategies/multiHorizonMomentum.ts: prepare = `prepareMultiHorizon` (the score
 * m = sum_k w_k pct_change(h_k) of the prices shifted by skip, and the order of its
 * best passing values per date; per horizons, weights, skip, riskFree,
 * defensive: the absolute filter of a constant riskFree scaled to each horizon, the
 * defensive column out of the candidates); weights = `multiHorizonWeights` (1 / topN on the
 * first topN of the order, empty slots to cash or the defensive column). topN is required
 * in a grid.
 */
export const multiHorizonPlan: StrategyPlan = {
  signalParams: ['horizons', 'weights', 'skip', 'riskFree', 'defensive'],
  panelsNeeded: (p) => 6 + (Array.isArray(p.horizons) ? p.horizons.length : 3),
  prepare(ctx, p, o): MultiHorizonPrepared {
    const horizons = o.horizons as readonly number[];
    const weights = o.weights as readonly number[];
    checkHorizonWeights(fn, horizons, weights);
    const signal = { horizons, weights, skip: o.skip as number, backend: ctx.backend, depth: topNOrderDepth(p.nCols, ctx.largest('topN')) };
    if (o.riskFree === undefined && o.defensive === undefined) return prepareMultiHorizon(fn, p, signal);
    const def = defensiveColumn(fn, p, o.defensive);
    return prepareMultiHorizon(fn, p, { ...signal, riskFree: o.riskFree as number | undefined, periodsPerYear: ctx.periodsPerYear, def });
  },
  weights(_ctx, prepared, p, o) {
    if (o.topN === undefined) throw new InputError(`${fn}: a grid needs topN (target weights, not scores); add topN to params`);
    const topN = o.topN as number;
    const mh = prepared as MultiHorizonPrepared;
    if (mh.def >= 0) checkDualTopN(fn, p.nCols, mh.def, topN, o.defensive);
    else checkMultiHorizonTopN(fn, topN, p.nCols);
    return multiHorizonWeights(mh, topN, p);
  },
};
