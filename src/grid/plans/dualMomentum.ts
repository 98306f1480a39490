import {
  checkDualTopN, defensiveColumn, DUAL_PARAMS, dualMomentumWeights, prepareDualMomentum, type DualMomentumPrepared,
} from '../../strategies/dualMomentum.js';
import { resolveParams } from '../../schema/param.js';
import { topNOrderDepth } from '../../kernels/weights.js';

interface Dual { lookback: number; skip: number; topN: number; riskFree: number; defensive: string | undefined }
import type { StrategyPlan } from './types.js';

const fn = 'dualMomentum';

/**
 * `dualMomentum` split for grids, calling the two halves of src/strategies/dualMomentum.ts:
 * prepare = `prepareDualMomentum` (the lookback returns, the absolute filter against the
 * constant riskFree and the order of the best passing assets per date, as deep as the
 * grid's largest topN (`topNOrderDepth`); per
 * lookback, skip, riskFree, defensive); weights = `dualMomentumWeights` (1 / topN on the
 * first topN of the order, empty slots to cash or the defensive asset). Both validate the
 * point's options through DUAL_PARAMS, as `dualMomentum` does.
 */
export const dualMomentumPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip', 'riskFree', 'defensive'],
  panelsNeeded: (p) => 5 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx, p, o): DualMomentumPrepared {
    const { lookback, skip, riskFree, defensive } = resolveParams<Dual>(DUAL_PARAMS, o, fn);
    const def = defensiveColumn(fn, p, defensive);
    return prepareDualMomentum(fn, p, def, {
      lookback,
      skip,
      riskFree,
      periodsPerYear: ctx.periodsPerYear,
      backend: ctx.backend,
      depth: topNOrderDepth(p.nCols, ctx.largest('topN')),
    });
  },
  weights(_ctx, prepared, p, o) {
    const dual = prepared as DualMomentumPrepared;
    const { topN, defensive } = resolveParams<Dual>(DUAL_PARAMS, o, fn);
    checkDualTopN(fn, p.nCols, dual.def, topN, defensive);
    return dualMomentumWeights(dual, p, topN);
  },
};
