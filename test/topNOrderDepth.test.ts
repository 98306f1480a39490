import { describe, expect, it } from 'vitest';
import { TOP_N_DEPTH, topNOrderDepth } from '../src/kernels/weights.js';
import { expandGrid } from '../src/grid/expand.js';
import { PointModel } from '../src/grid/points.js';
import { PLANS } from '../src/grid/plans/index.js';
import { parseGridSpec } from '../src/grid/spec.js';

describe('topNOrderDepth(nCols, largestTopN)', () => {
  it('is the largest topN, capped by the columns and TOP_N_DEPTH, TOP_N_DEPTH when unknown, at least 1', () => {
    expect(TOP_N_DEPTH).toBe(16);
    expect(topNOrderDepth(12, 5)).toBe(5);
    expect(topNOrderDepth(3, 5)).toBe(3);
    expect(topNOrderDepth(500, 40)).toBe(16);
    expect(topNOrderDepth(12, undefined)).toBe(12);
    expect(topNOrderDepth(500, undefined)).toBe(16);
    expect(topNOrderDepth(12, 0)).toBe(12);
    expect(topNOrderDepth(12, 2.5)).toBe(3);
  });
});

describe('PointModel.largest(name)', () => {
  it("is the max of a strategy axis, else the strategy's default, undefined for a non-numeric one", () => {
    const model = (spec: string): PointModel => {
      const s = parseGridSpec(spec);
      return new PointModel(expandGrid(s), PLANS[s.strategy]);
    };
    expect(model('strategy=dualMomentum lookback=20:260:20 topN=1..5 rebalance=weekly').largest('topN')).toBe(5);
    expect(model('strategy=dualMomentum lookback=20,40 topN=4,2,7').largest('topN')).toBe(7);
    // No topN axis: dualMomentum's default topN (3).
    expect(model('strategy=dualMomentum lookback=20,40').largest('topN')).toBe(3);
    expect(model('strategy=csm lookback=20,40').largest('rankMethod')).toBeUndefined();
  });
});
