import { FX_TREND_PARAMS, fxTrendWeights, prepareFxTrend, type FxTrendOptions, type FxTrendPrepared } from '../../strategies/fxTrend.js';
import { resolveParams } from '../../schema/param.js';
import type { StrategyPlan } from './types.js';

/**
 * `fxTrend` split for grids, calling the two halves of src/strategies/fxTrend.ts:
 * prepare = `prepareFxTrend` (the Baz et al. signal; per pairs, weights, priceStdWindow,
 * signalStdWindow, adjust); weights = `fxTrendWeights` (leverage * signal / N, 0 where
 * the signal is NaN, in a new panel: the signal is shared by every leverage). Both
 * validate the point's options through FX_TREND_PARAMS, as `fxTrend` does.
 */
export const fxTrendPlan: StrategyPlan = {
  signalParams: ['pairs', 'weights', 'priceStdWindow', 'signalStdWindow', 'adjust'],
  panelsNeeded: (p) => 2 + 7 * (Array.isArray(p.pairs) ? p.pairs.length : 3),
  prepare(ctx, p, o): FxTrendPrepared {
    const { pairs, weights, priceStdWindow, signalStdWindow, adjust } = resolveParams<FxTrendOptions>(FX_TREND_PARAMS, o, 'fxTrend');
    return prepareFxTrend('fxTrend', p, { pairs, weights, priceStdWindow, signalStdWindow, adjust, backend: ctx.backend });
  },
  weights(_ctx, prepared, _p, o) {
    return fxTrendWeights(prepared as FxTrendPrepared, resolveParams<{ leverage: number }>(FX_TREND_PARAMS, o, 'fxTrend').leverage);
  },
};
