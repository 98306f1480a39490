import { prepareTsm, TSM_PARAMS, tsmWeights, type TsmMode, type TsmPrepared } from '../../strategies/tsm.js';
import { resolveParams } from '../../schema/param.js';

interface Tsm { lookback: number; skip: number; threshold: number; mode: TsmMode }
import type { StrategyPlan } from './types.js';

/**
 * `tsm` split for grids, calling the two halves of src/strategies/tsm.ts: prepare =
 * `prepareTsm` (the lookback returns; per lookback, skip); weights = `tsmWeights`
 * (sign(r - threshold) / (assets with a valid r)). Both validate the point's options
 * through TSM_PARAMS, as `tsm` does.
 */
export const tsmPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip'],
  panelsNeeded: (p) => 1 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx, p, o): TsmPrepared {
    const { lookback, skip } = resolveParams<Tsm>(TSM_PARAMS, o, 'tsm');
    return prepareTsm('tsm', p, { lookback, skip, backend: ctx.backend });
  },
  weights(_ctx, prepared, p, o) {
    const { threshold, mode } = resolveParams<Tsm>(TSM_PARAMS, o, 'tsm');
    return tsmWeights(prepared as TsmPrepared, p, threshold, mode);
  },
};
