import { checkDualTopN, defensiveColumn, dualMomentumWeights, prepareDualMomentum, type DualMomentumPrepared } from '../../strategies/dualMomentum.js';
import { topNOrderDepth } from '../../kernels/weights.js';
import type { StrategyPlan } from './types.js';

const fn = 'dualMomentum';

/**
 * `dualMomentum` split for grids, calling the two halves of src/strategies/dualMomentum.ts:
 * prepare = `prepareDualMomentum` (the lookback returns, the absolute filter against the
 * constant riskFree and the order of the best passing assets per date, as deep as the
 * grid's largest topN (`topNOrderDepth`); per
 * lookback, skip, riskFree, defensive); weights = `dualMomentumWeights` (1 / topN on the
 * first topN of the order, empty slots to cash or the defensive asset).
 */
export const dualMomentumPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip', 'riskFree', 'defensive'],
  panelsNeeded: (p) => 5 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx, p, o): DualMomentumPrepared {
    const def = defensiveColumn(fn, p, o.defensive);
    return prepareDualMomentum(fn, p, def, {
      lookback: o.lookback as number,
      skip: o.skip as number,
      riskFree: o.riskFree as number,
      periodsPerYear: ctx.periodsPerYear,
      backend: ctx.backend,
      depth: topNOrderDepth(p.nCols, ctx.largest('topN')),
    });
  },
  weights(_ctx, prepared, p, o) {
    const dual = prepared as DualMomentumPrepared;
    const topN = o.topN as number;
    checkDualTopN(fn, p.nCols, dual.def, topN, o.defensive);
    return dualMomentumWeights(dual, p, topN);
  },
};
