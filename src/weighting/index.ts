/**
 * Weighting: functions from a selection / weights Panel (and prices) to a new weights
 * Panel, composable in any order, e.g. `capPositions(volTarget(dualMomentum(p), p), 0.5)`.
 * Every one uses data at rows <= t only and never returns NaN.
 */
export { equalWeight } from './equalWeight.js';
export { inverseVol, INVERSE_VOL_DEFAULTS } from './inverseVol.js';
export type { InverseVolOptions } from './inverseVol.js';
export { volTarget, VOL_TARGET_DEFAULTS } from './volTarget.js';
export type { VolTargetOptions, VolTargetMode } from './volTarget.js';
export { riskParity, RISK_PARITY_DEFAULTS } from './riskParity.js';
export type { RiskParityOptions } from './riskParity.js';
export { scaleLeverage } from './scaleLeverage.js';
export { capPositions } from './capPositions.js';
