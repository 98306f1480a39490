/**
 * xmom: WebAssembly-accelerated kernels, strategies and backtests for cross-asset
 * momentum. Node entry point: the wasm engine is instantiated synchronously on import.
 */
import { initNode } from './engine/node.js';

initNode();

export { Panel } from './panel.js';
export type { PanelLabels, FromArrowOptions, PanelIndex } from './panel.js';
export { InputError } from './errors.js';
export type { Backend } from './engine/kernels.js';
export type { SeriesInput, BackendOption } from './kernels/dispatch.js';
export { ewmMean, ewmAlpha, EWM_DEFAULTS } from './kernels/ewm.js';
export type { EwmOptions } from './kernels/ewm.js';
