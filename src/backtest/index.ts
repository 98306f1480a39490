export { backtest, simulatePanels } from './backtest.js';
export { buyAndHold, equalWeight } from './benchmarks.js';
export type { BuyAndHoldOptions, EqualWeightOptions } from './benchmarks.js';
export { simulateLean } from './lean.js';
export { BACKTEST_DEFAULTS } from './options.js';
export type { BacktestOptions, RebalanceSchedule, ScheduleName, RateInput } from './options.js';
export { scheduleRows, parseSchedule, SCHEDULE_NAMES } from './schedule.js';
export { evaluationStart, sliceResult } from './evaluation.js';
export type { BacktestResult, Trade } from './types.js';
