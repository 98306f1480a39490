import { prepareTsm, tsmWeights, type TsmMode, type TsmPrepared } from '../../strategies/tsm.js';
import type { StrategyPlan } from './types.js';

/**
 * `tsm` split for grids, calling the two halves of src/strategies/tsm.ts: prepare =
 * `prepareTsm` (the lookback returns; per lookback, skip); weights = `tsmWeights`
 * (sign(r - threshold) / (assets with a valid r)).
 */
export const tsmPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip'],
  panelsNeeded: (p) => 1 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx, p, o): TsmPrepared {
    return prepareTsm('tsm', p, { lookback: o.lookback as number, skip: o.skip as number, backend: ctx.backend });
  },
  weights(_ctx, prepared, p, o) {
    return tsmWeights(prepared as TsmPrepared, p, o.threshold as number, o.mode as TsmMode);
  },
};
