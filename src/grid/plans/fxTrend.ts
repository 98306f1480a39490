import type { Panel } from '../../panel.js';
import { bazOnPanel } from '../../strategies/baz.js';
import type { Prepared, StrategyPlan } from './types.js';

interface FxPrepared extends Prepared {
  signal: Panel;
}

/**
 * `fxTrend` split for grids (src/strategies/fxTrend.ts, same arithmetic): prepare = the
 * Baz et al. signal (`bazOnPanel`: per pairs, weights, priceStdWindow, signalStdWindow,
 * adjust); weights = leverage * signal / N, 0 where the signal is NaN.
 */
export const fxTrendPlan: StrategyPlan = {
  signalParams: ['pairs', 'weights', 'priceStdWindow', 'signalStdWindow', 'adjust'],
  panelsNeeded: (p) => 2 + 7 * (Array.isArray(p.pairs) ? p.pairs.length : 3),
  prepare(ctx, p, o): FxPrepared {
    const parts = bazOnPanel('fxTrend', p, {
      pairs: o.pairs as readonly (readonly [number, number])[],
      weights: o.weights as readonly number[] | undefined,
      priceStdWindow: o.priceStdWindow as number,
      signalStdWindow: o.signalStdWindow as number,
      adjust: o.adjust as boolean,
      backend: ctx.backend,
    });
    for (const list of [parts.x, parts.y, parts.z, parts.u]) for (const q of list) q.free();
    const signal = parts.signal;
    return { signal, free: () => signal.free() };
  },
  weights(_ctx, prepared, _p, o): Panel {
    const { signal } = prepared as FxPrepared;
    const leverage = o.leverage as number;
    const out = signal.like();
    const s = signal.values;
    const v = out.values;
    const N = out.nCols;
    for (let i = 0; i < v.length; i++) v[i] = s[i] === s[i] ? (leverage * s[i]) / N : 0;
    return out;
  },
};
