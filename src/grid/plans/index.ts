import type { GridStrategy } from '../params.js';
import { csmPlan } from './csm.js';
import { dualMomentumPlan } from './dualMomentum.js';
import { fxTrendPlan } from './fxTrend.js';
import { multiHorizonPlan } from './multiHorizonMomentum.js';
import { tsmPlan } from './tsm.js';
import type { StrategyPlan } from './types.js';

export type { StrategyPlan, Prepared, PlanContext } from './types.js';

/** The grid plan of each strategy. */
export const PLANS: Readonly<Record<GridStrategy, StrategyPlan>> = Object.freeze({
  dualMomentum: dualMomentumPlan,
  tsm: tsmPlan,
  csm: csmPlan,
  multiHorizonMomentum: multiHorizonPlan,
  fxTrend: fxTrendPlan,
});
