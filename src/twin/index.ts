import type { Kernels } from '../engine/kernels.js';
import { ewmMean, ewmSmaSeed } from './ewm.js';
import { pctChange, shift, logReturns, cumReturns } from './returns.js';
import { rankRows } from './rank.js';
import { simulate } from './simulate.js';
import { checkSimulationInputs } from './simulateCheck.js';
import { rollingMean } from './rollingMean.js';
import { rollingVar, rollingStd } from './rolling.js';
import { rollingCov, rollingCorr } from './rollingCov.js';
import { rollingCovMatrix, rollingCorrMatrix } from './rollingMatrix.js';
import { simulateStats } from './simulateStats.js';
import { dualMomentumFilter, topNWeights, topNOrder, topNFromOrder } from './topN.js';
import { gridMetrics } from './gridMetrics.js';
import { tsmSigns } from './tsmSigns.js';
import { volScale } from './volScale.js';

/**
 * The TypeScript twins of every wasm kernel, typed against the same `Kernels`
 * interface. They read and write the same wasm memory, so a Panel works with either.
 */
export const twin: Kernels = {
  ewmMean,
  ewmSmaSeed,
  pctChange,
  shift,
  logReturns,
  cumReturns,
  rankRows,
  simulate,
  checkSimulationInputs,
  rollingMean,
  rollingVar,
  rollingStd,
  rollingCov,
  rollingCorr,
  rollingCovMatrix,
  rollingCorrMatrix,
  simulateStats,
  dualMomentumFilter,
  topNWeights,
  topNOrder,
  topNFromOrder,
  gridMetrics,
  tsmSigns,
  volScale,
};
