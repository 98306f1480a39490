import type { Panel } from '../../panel.js';
import { lookbackReturns } from '../../strategies/lookbackReturns.js';
import type { Prepared, StrategyPlan } from './types.js';

interface TsmPrepared extends Prepared {
  ret: Panel;
}

/**
 * `tsm` split for grids (src/strategies/tsm.ts, same arithmetic): prepare = the lookback
 * returns (per lookback, skip); weights = sign(r - threshold) / (assets with a valid r).
 */
export const tsmPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip'],
  panelsNeeded: (p) => 1 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx, p, o): TsmPrepared {
    const ret = lookbackReturns('tsm', p, o.lookback as number, o.skip as number, ctx.backend);
    return { ret, free: () => ret.free() };
  },
  weights(_ctx, prepared, p, o): Panel {
    const { ret } = prepared as TsmPrepared;
    const threshold = o.threshold as number;
    const below = o.mode === 'long-short' ? -1 : 0;
    const out = ret.like();
    const r = ret.values;
    const w = out.values;
    const N = p.nCols;
    for (let t = 0, row = 0; t < p.nRows; t++, row += N) {
      let n = 0;
      for (let j = 0; j < N; j++) if (r[row + j] === r[row + j]) n++;
      for (let j = 0; j < N; j++) {
        const x = r[row + j];
        const s = x > threshold ? 1 : x < threshold ? below : 0;
        w[row + j] = s === 0 ? 0 : s / n;
      }
    }
    return out;
  },
};
