import { CSM_PARAMS, csmWeights, legSizes, prepareCsm, type CsmOptions, type CsmPrepared, type CsmRankMethod } from '../../strategies/csm.js';
import { resolveParams } from '../../schema/param.js';
import type { StrategyPlan } from './types.js';

const fn = 'csm';

/**
 * `csm` split for grids, calling the two halves of src/strategies/csm.ts: prepare =
 * `prepareCsm` (the lookback returns and their descending rank; per lookback, skip,
 * rankMethod); weights = `legSizes` + `csmWeights` (the legs of topN / bottomN or
 * quantile / bottomQuantile, equal weight per leg). Both validate the point's options
 * through CSM_PARAMS, as `csm` does.
 */
export const csmPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip', 'rankMethod'],
  panelsNeeded: (p) => 2 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx, p, o): CsmPrepared {
    const { lookback, skip, rankMethod } = resolveParams<{ lookback: number; skip: number; rankMethod: CsmRankMethod }>(CSM_PARAMS, o, fn);
    return prepareCsm(fn, p, { lookback, skip, rankMethod, backend: ctx.backend });
  },
  weights(_ctx, prepared, p, o) {
    return csmWeights(prepared as CsmPrepared, p, legSizes(fn, resolveParams<CsmOptions>(CSM_PARAMS, o, fn), p.nCols));
  },
};
