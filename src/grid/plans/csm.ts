import { csmWeights, legSizes, prepareCsm, type CsmOptions, type CsmPrepared, type CsmRankMethod } from '../../strategies/csm.js';
import type { StrategyPlan } from './types.js';

const fn = 'csm';

/**
 * `csm` split for grids, calling the two halves of src/strategies/csm.ts: prepare =
 * `prepareCsm` (the lookback returns and their descending rank; per lookback, skip,
 * rankMethod); weights = `legSizes` + `csmWeights` (the legs of topN / bottomN or
 * quantile / bottomQuantile, equal weight per leg).
 */
export const csmPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip', 'rankMethod'],
  panelsNeeded: (p) => 2 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx, p, o): CsmPrepared {
    return prepareCsm(fn, p, { lookback: o.lookback as number, skip: o.skip as number, rankMethod: o.rankMethod as CsmRankMethod, backend: ctx.backend });
  },
  weights(_ctx, prepared, p, o) {
    return csmWeights(prepared as CsmPrepared, p, legSizes(fn, o as CsmOptions, p.nCols));
  },
};
