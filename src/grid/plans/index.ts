import { InputError } from '../../errors.js';
import { strategyEntry, type StrategyEntry } from '../../strategies/registry.js';
import { csmPlan } from './csm.js';
import { dualMomentumPlan } from './dualMomentum.js';
import { fxTrendPlan } from './fxTrend.js';
import { multiHorizonPlan } from './multiHorizonMomentum.js';
import { tsmPlan } from './tsm.js';
import type { StrategyPlan } from './types.js';

export type { StrategyPlan, Prepared, PlanContext } from './types.js';

/** The grid plan of each built-in strategy (its kernels shared across points). */
export const PLANS: Readonly<Record<string, StrategyPlan>> = Object.freeze({
  dualMomentum: dualMomentumPlan,
  tsm: tsmPlan,
  csm: csmPlan,
  multiHorizonMomentum: multiHorizonPlan,
  fxTrend: fxTrendPlan,
});

const nothing = { free(): void {} };

/**
 * The plan of a registered strategy without its own: nothing shared, every point calls
 * the strategy's `weights(prices, options)` (which validates them through its schema).
 */
export function wholePlan(entry: StrategyEntry): StrategyPlan {
  return {
    signalParams: [],
    panelsNeeded: () => 4,
    prepare: () => nothing,
    weights: (ctx, _prepared, p, o) => entry.weights!(p, ctx.backend === undefined ? o : { ...o, backend: ctx.backend }),
  };
}

/** The plan of `strategy`: its own (PLANS) or, for a registered one, `wholePlan`. */
export function planFor(strategy: string): StrategyPlan {
  if (Object.hasOwn(PLANS, strategy)) return PLANS[strategy];
  const entry = strategyEntry(strategy);
  if (!entry?.grid) throw new InputError(`grid: strategy '${strategy}' has no grid plan (is it registered in this thread?)`);
  return wholePlan(entry);
}
