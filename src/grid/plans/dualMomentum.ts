import { InputError } from '../../errors.js';
import type { Panel } from '../../panel.js';
import { rank } from '../../kernels/rank.js';
import { lookbackReturns } from '../../strategies/lookbackReturns.js';
import { resolvePeriodsPerYear } from '../../strategies/periods.js';
import type { GridParams } from '../params.js';
import type { PlanContext, Prepared, StrategyPlan } from './types.js';

const fn = 'dualMomentum';

interface DualPrepared extends Prepared {
  ret: Panel;
  ranks: Panel;
  /** Column of the defensive asset, -1 for cash. */
  def: number;
}

function defensiveColumn(p: Panel, name: unknown): number {
  if (name === undefined) return -1;
  const j = typeof name === 'string' ? p.columns.indexOf(name) : -1;
  if (j < 0) throw new InputError(`${fn}: defensive must name a column of the prices, got ${JSON.stringify(name)}; columns are ${p.columns.join(', ')}`);
  return j;
}

/**
 * `dualMomentum` split for grids (src/strategies/dualMomentum.ts, same arithmetic):
 * prepare = the lookback returns r, the absolute filter r - rf_L > 0 and the descending
 * 'first' rank of the passing assets (per lookback, skip, riskFree, defensive);
 * weights = 1 / topN on ranks <= topN, empty slots to cash or the defensive asset.
 */
export const dualMomentumPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip', 'riskFree', 'defensive'],
  panelsNeeded: (p) => 4 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx: PlanContext, p: Panel, o: GridParams): DualPrepared {
    const lookback = o.lookback as number;
    const skip = o.skip as number;
    const def = defensiveColumn(p, o.defensive);
    const N = p.nCols;
    const rfL = lookbackRiskFree(ctx, p, o.riskFree as number, lookback);
    const ret = lookbackReturns(fn, p, lookback, skip, ctx.backend);
    let passed: Panel | null = null;
    try {
      passed = ret.like();
      const r = ret.values;
      const f = passed.values;
      for (let t = 0, row = 0; t < p.nRows; t++, row += N) {
        for (let j = 0; j < N; j++) f[row + j] = j !== def && r[row + j] - rfL[t] > 0 ? r[row + j] : NaN;
      }
      const ranks = rank(passed, { method: 'first', ascending: false, backend: ctx.backend });
      return { ret, ranks, def, free: () => { ranks.free(); ret.free(); } };
    } catch (e) {
      ret.free();
      throw e;
    } finally {
      passed?.free();
    }
  },
  weights(_ctx, prepared, p, o): Panel {
    const { ret, ranks, def } = prepared as DualPrepared;
    const topN = o.topN as number;
    const N = p.nCols;
    const candidates = def < 0 ? N : N - 1;
    if (topN > candidates) throw new InputError(`${fn}: topN ${topN} exceeds the ${candidates} candidate assets${def < 0 ? '' : ` (the defensive '${String(o.defensive)}' is not a candidate)`}`);
    const out = p.like();
    const d = ranks.values;
    const w = out.values;
    const px = p.values;
    const r2 = ret.values;
    for (let t = 0, row = 0; t < p.nRows; t++, row += N) {
      let valid = 0;
      for (let j = 0; j < N; j++) if (j !== def && r2[row + j] === r2[row + j]) valid++;
      let held = 0;
      for (let j = 0; j < N; j++) {
        const hold = d[row + j] <= topN;
        w[row + j] = hold ? 1 / topN : 0;
        if (hold) held++;
      }
      if (def >= 0 && valid > 0 && held < topN && px[row + def] === px[row + def]) w[row + def] = (topN - held) / topN;
    }
    return out;
  },
};

/** rf_L per date for a constant annual rate: (1 + rf)^(lookback / ppy) - 1 (zeros for rf 0). */
function lookbackRiskFree(ctx: PlanContext, p: Panel, rf: number, lookback: number): Float64Array {
  const T = p.nRows;
  const out = new Float64Array(T);
  if (rf === 0) {
    if (ctx.periodsPerYear !== undefined) resolvePeriodsPerYear(fn, p, ctx.periodsPerYear);
    return out;
  }
  const years = lookback / resolvePeriodsPerYear(fn, p, ctx.periodsPerYear);
  for (let t = 0; t < T; t++) out[t] = (1 + rf) ** years - 1;
  return out;
}
