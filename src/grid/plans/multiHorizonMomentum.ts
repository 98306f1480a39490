import { InputError } from '../../errors.js';
import {
  checkHorizonWeights, checkMultiHorizonTopN, MULTI_HORIZON_PARAMS, multiHorizonWeights, prepareMultiHorizon, type MultiHorizonOptions,
  type MultiHorizonPrepared,
} from '../../strategies/multiHorizonMomentum.js';
import { checkDualTopN, defensiveColumn } from '../../strategies/dualMomentum.js';
import { topNOrderDepth } from '../../kernels/weights.js';
import type { StrategyPlan } from './types.js';
import { resolveParams } from '../../schema/param.js';

type Mh = MultiHorizonOptions & { horizons: readonly number[]; weights: readonly number[]; skip: number };

const fn = 'multiHorizonMomentum';

/**
 * `multiHorizonMomentum` with `topN` split for grids, calling the two halves of
 * src/strategies/multiHorizonMomentum.ts: prepare = `prepareMultiHorizon` (the score
 * m = sum_k w_k pct_change(h_k) of the prices shifted by skip, and the order of its
 * best passing values per date; per horizons, weights, skip, riskFree,
 * defensive: the absolute filter of a constant riskFree scaled to each horizon, the
 * defensive column out of the candidates); weights = `multiHorizonWeights` (1 / topN on the
 * first topN of the order, empty slots to cash or the defensive column). topN is required
 * in a grid. Both validate the point's options through MULTI_HORIZON_PARAMS, as
 * `multiHorizonMomentum` does.
 */
export const multiHorizonPlan: StrategyPlan = {
  signalParams: ['horizons', 'weights', 'skip', 'riskFree', 'defensive'],
  panelsNeeded: (p) => 6 + (Array.isArray(p.horizons) ? p.horizons.length : 3),
  prepare(ctx, p, o): MultiHorizonPrepared {
    const { horizons, weights, skip, riskFree, defensive } = resolveParams<Mh>(MULTI_HORIZON_PARAMS, o, fn);
    checkHorizonWeights(fn, horizons, weights);
    const signal = { horizons, weights, skip, backend: ctx.backend, depth: topNOrderDepth(p.nCols, ctx.largest('topN')) };
    if (riskFree === undefined && defensive === undefined) return prepareMultiHorizon(fn, p, signal);
    const def = defensiveColumn(fn, p, defensive);
    return prepareMultiHorizon(fn, p, { ...signal, riskFree, periodsPerYear: ctx.periodsPerYear, def });
  },
  weights(_ctx, prepared, p, o) {
    const { topN, defensive } = resolveParams<Mh>(MULTI_HORIZON_PARAMS, o, fn);
    if (topN === undefined) throw new InputError(`${fn}: a grid needs topN (target weights, not scores); add topN to params`);
    const mh = prepared as MultiHorizonPrepared;
    if (mh.def >= 0) checkDualTopN(fn, p.nCols, mh.def, topN, defensive);
    else checkMultiHorizonTopN(fn, topN, p.nCols);
    return multiHorizonWeights(mh, topN, p);
  },
};
