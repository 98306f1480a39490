import { describe, expect, it } from 'vitest';
import { expandGrid } from '../src/grid/expand.js';
import { PointModel } from '../src/grid/points.js';
import { PLANS } from '../src/grid/plans/index.js';
import { estimateGridMs, planTasks } from '../src/grid/tasks.js';

// Task plans worked out by hand: with R points left the next task takes
// max(floor, ceil(R / (4 workers))) points, cut where the lookback (the signal) changes.

function model(spec: string): PointModel {
  const g = expandGrid(spec);
  return new PointModel(g, PLANS[g.spec.strategy]);
}

/** 2 lookbacks x 5 topN x 4 fee levels: 40 points, two signal groups of 20. */
const SPEC = 'strategy=dualMomentum lookback=20,40 topN=1..5 feesBps=0,5,10,20';

function lookbacks(m: PointModel, points: Int32Array): Set<unknown> {
  return new Set(Array.from(points, (i) => m.strategyParams(i).lookback));
}

describe('estimateGridMs(count, T, N)', () => {
  it('is count x T x N x 4 ns', () => {
    expect(estimateGridMs(10_000, 2557, 12)).toBeCloseTo(1227.36, 9);
    expect(estimateGridMs(0, 2557, 12)).toBe(0);
  });
});

describe('planTasks(model, count, maxWorkers, estimatedMs)', () => {
  const m = model(SPEC);

  it('starts one worker per 200 ms of estimated work, at least 1, at most maxWorkers', () => {
    expect(planTasks(m, 40, 16, 150).workers).toBe(1);
    expect(planTasks(m, 40, 16, 450).workers).toBe(2);
    expect(planTasks(m, 40, 2, 1000).workers).toBe(2);
    expect(planTasks(m, 40, 3, Infinity).workers).toBe(3);
    expect(planTasks(m, 40, 0, 1000).workers).toBe(0);
  });

  it('cuts shrinking tasks, never across a signal change (2 workers: 40 -> 5, 35 -> 5, 30 -> 4, ...)', () => {
    const sizes = (maxWorkers: number, ms: number): number[] => planTasks(m, 40, maxWorkers, ms).tasks.map((t) => t.points.length);
    // 2 workers (share 8): 5 5 4 4, then the 2 left of the first lookback; 3 3 2 2 2, then 1s (R <= 8).
    expect(sizes(2, 1000)).toEqual([5, 5, 4, 4, 2, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
    // 1 worker (share 4): 10 8 2 | 5 4 3 2 2 1 1 1 1.
    expect(sizes(16, 150)).toEqual([10, 8, 2, 5, 4, 3, 2, 2, 1, 1, 1, 1]);
    // 3 named workers (share 12): 4 3 3 3 3 2 2 | 2 2 2 2 then twelve 1s.
    expect(sizes(3, Infinity)).toEqual([4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, ...new Array(12).fill(1)]);
    // The calling thread: one task per signal group (up to 1,000 points).
    expect(sizes(0, 1000)).toEqual([20, 20]);
  });

  it('covers every point once, one lookback per task, ids numbered in order, attempts zeroed', () => {
    for (const [w, ms] of [[2, 1000], [16, 150], [3, Infinity], [0, 0]] as const) {
      const { tasks } = planTasks(m, 40, w, ms);
      const seen = new Set<number>();
      tasks.forEach((t, k) => {
        expect(t.id).toBe(k);
        expect(lookbacks(m, t.points).size).toBe(1);
        expect(Array.from(t.attempts)).toEqual(new Array(t.points.length).fill(0));
        for (const i of t.points) seen.add(i);
      });
      expect(seen.size).toBe(40);
      expect(tasks.reduce((n, t) => n + t.points.length, 0)).toBe(40);
    }
  });

  it('keeps tasks at least count / (64 workers) points unless a signal group ends (1,000 points, 2 workers: 8)', () => {
    // 10 lookbacks x 5 topN x 20 fee levels: groups of 100 points.
    const fees = Array.from({ length: 20 }, (_, k) => k).join(',');
    const big = model(`strategy=dualMomentum lookback=10:100:10 topN=1..5 feesBps=${fees}`);
    const { workers, tasks } = planTasks(big, 1000, 2, 5000);
    expect(workers).toBe(2);
    // First task: ceil(1000 / 8) = 125 points, cut at the group's 100.
    expect(tasks[0].points.length).toBe(100);
    let inGroup = 0;
    for (const t of tasks) {
      inGroup += t.points.length;
      const endsGroup = inGroup % 100 === 0;
      if (!endsGroup) expect(t.points.length).toBeGreaterThanOrEqual(8);
      expect(lookbacks(big, t.points).size).toBe(1);
    }
    expect(inGroup).toBe(1000);
    // The tail of the last group runs in tasks of the floor (8) or its remainder.
    expect(tasks.at(-1)!.points.length).toBeLessThanOrEqual(8);
  });
});
