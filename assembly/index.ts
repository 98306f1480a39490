// Entry point of the wasm module: every export is a pointer-and-length kernel.
// The TypeScript layer (src/engine) owns memory, validation and backend choice.
export { alloc, free, copyBytes, fillF64 } from './memory';
export { setScratchRegion } from './scratch';
export { ewmMean, ewmSmaSeed } from './kernels/ewm';
export { pctChange, shift, logReturns, cumReturns } from './kernels/returns';
export { rankRows } from './kernels/rank';
export { simulate } from './kernels/simulate';
export { checkSimulationInputs } from './kernels/simulateCheck';
export { rollingMean } from './kernels/rollingMean';
export { rollingVar, rollingStd } from './kernels/rolling';
export { rollingCov, rollingCorr } from './kernels/rollingCov';
export { rollingCovMatrix, rollingCorrMatrix } from './kernels/rollingMatrix';
export { powF64 } from './kernels/pow';
export { simulateStats } from './kernels/simulateStats';
export { dualMomentumFilter, topNWeights, topNOrder, topNFromOrder } from './kernels/topN';
export { gridMetrics } from './kernels/gridMetrics';
export { tsmSigns } from './kernels/tsmSigns';
export { volScale } from './kernels/volScale';
