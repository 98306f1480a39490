import type { Kernels } from '../engine/kernels.js';
import { ewmMean, ewmSmaSeed } from './ewm.js';

/**
 * The TypeScript twins of every wasm kernel, typed against the same `Kernels`
 * interface. They read and write the same wasm memory, so a Panel works with either.
 */
export const twin: Kernels = {
  ewmMean,
  ewmSmaSeed,
};
