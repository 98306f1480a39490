import { InputError } from '../../errors.js';
import type { Panel } from '../../panel.js';
import { rank } from '../../kernels/rank.js';
import { lookbackReturns } from '../../strategies/lookbackReturns.js';
import { checkInt, checkNumber } from '../../validate.js';
import type { GridParams } from '../params.js';
import type { Prepared, StrategyPlan } from './types.js';

const fn = 'csm';

interface CsmPrepared extends Prepared {
  ret: Panel;
  ranks: Panel;
}

type LegSize = (n: number) => number;

/**
 * `csm` split for grids (src/strategies/csm.ts, same arithmetic and errors): prepare =
 * the lookback returns and their descending rank (per lookback, skip, rankMethod);
 * weights = the legs of topN / bottomN (or quantile / bottomQuantile), equal weight
 * per leg.
 */
export const csmPlan: StrategyPlan = {
  signalParams: ['lookback', 'skip', 'rankMethod'],
  panelsNeeded: (p) => 2 + (Number(p.skip) > 0 ? 1 : 0),
  prepare(ctx, p, o): CsmPrepared {
    const ret = lookbackReturns(fn, p, o.lookback as number, o.skip as number, ctx.backend);
    try {
      const ranks = rank(ret, { method: o.rankMethod as 'first' | 'average', ascending: false, backend: ctx.backend });
      return { ret, ranks, free: () => { ranks.free(); ret.free(); } };
    } catch (e) {
      ret.free();
      throw e;
    }
  },
  weights(_ctx, prepared, p, o): Panel {
    const { ret, ranks } = prepared as CsmPrepared;
    const [longSize, shortSize] = legSizes(o, p.nCols);
    const out = ret.like();
    const r = ret.values;
    const d = ranks.values;
    const w = out.values;
    const N = p.nCols;
    for (let t = 0, row = 0; t < p.nRows; t++, row += N) {
      let n = 0;
      for (let j = 0; j < N; j++) if (r[row + j] === r[row + j]) n++;
      const kLong = longSize(n);
      const kShort = shortSize(n);
      let nLong = 0;
      let nShort = 0;
      for (let j = 0; j < N; j++) {
        const side = legOf(d[row + j], n, kLong, kShort);
        w[row + j] = side;
        if (side > 0) nLong++;
        else if (side < 0) nShort++;
      }
      for (let j = 0; j < N; j++) {
        const side = w[row + j];
        w[row + j] = side > 0 ? 1 / nLong : side < 0 ? -1 / nShort : 0;
      }
    }
    return out;
  },
};

function legOf(d: number, n: number, kLong: number, kShort: number): number {
  if (!(d === d)) return 0;
  const long = d <= kLong;
  const short = d >= n + 1 - kShort;
  return long === short ? 0 : long ? 1 : -1;
}

function legSizes(o: GridParams, nCols: number): [LegSize, LegSize] {
  const byCount = o.topN !== undefined || o.bottomN !== undefined;
  const byQuantile = o.quantile !== undefined || o.bottomQuantile !== undefined;
  if (byCount && byQuantile) throw new InputError(`${fn}: give either topN/bottomN or quantile/bottomQuantile, not both`);
  if (!byCount && !byQuantile) throw new InputError(`${fn}: give topN (assets held long, bottomN short) or quantile (fraction held long, bottomQuantile short)`);
  if (byCount) {
    if (o.topN === undefined) throw new InputError(`${fn}: bottomN needs topN (use topN: 0 for a short-only book)`);
    const top = checkInt(fn, 'topN', o.topN, 0);
    const bottom = checkInt(fn, 'bottomN', o.bottomN ?? top, 0);
    if (top + bottom < 1) throw new InputError(`${fn}: topN + bottomN must be at least 1, got ${top} + ${bottom}`);
    if (top > nCols || bottom > nCols) throw new InputError(`${fn}: topN ${top} / bottomN ${bottom} exceed the universe of ${nCols} assets`);
    return [() => top, () => bottom];
  }
  if (o.quantile === undefined) throw new InputError(`${fn}: bottomQuantile needs quantile (use quantile: 0 for a short-only book)`);
  const q = checkNumber(fn, 'quantile', o.quantile, { lo: 0, hi: 1 });
  const qb = checkNumber(fn, 'bottomQuantile', o.bottomQuantile ?? q, { lo: 0, hi: 1 });
  if (q + qb > 1) throw new InputError(`${fn}: quantile + bottomQuantile must be <= 1 (the legs would overlap), got ${q} + ${qb}`);
  if (q + qb === 0) throw new InputError(`${fn}: quantile and bottomQuantile are both 0: no asset would be held`);
  return [(n) => Math.floor(q * n + 1e-9), (n) => Math.floor(qb * n + 1e-9)];
}
