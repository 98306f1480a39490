import { fxTrendWeights, prepareFxTrend, type FxTrendPrepared } from '../../strategies/fxTrend.js';
import type { StrategyPlan } from './types.js';

/**
 * `fxTrend` split for grids, calling the two halves of src/strategies/fxTrend.ts:
 * prepare = `prepareFxTrend` (the Baz et al. signal; per pairs, weights, priceStdWindow,
 * signalStdWindow, adjust); weights = `fxTrendWeights` (leverage * signal / N, 0 where
 * the signal is NaN, in a new panel: the signal is shared by every leverage).
 */
export const fxTrendPlan: StrategyPlan = {
  signalParams: ['pairs', 'weights', 'priceStdWindow', 'signalStdWindow', 'adjust'],
  panelsNeeded: (p) => 2 + 7 * (Array.isArray(p.pairs) ? p.pairs.length : 3),
  prepare(ctx, p, o): FxTrendPrepared {
    return prepareFxTrend('fxTrend', p, {
      pairs: o.pairs as readonly (readonly [number, number])[],
      weights: o.weights as readonly number[] | undefined,
      priceStdWindow: o.priceStdWindow as number,
      signalStdWindow: o.signalStdWindow as number,
      adjust: o.adjust as boolean,
      backend: ctx.backend,
    });
  },
  weights(_ctx, prepared, _p, o) {
    return fxTrendWeights(prepared as FxTrendPrepared, o.leverage as number);
  },
};
