// Entry point of the wasm module: every export is a pointer-and-length kernel.
// The TypeScript layer (src/engine) owns memory, validation and backend choice.
export { alloc, free, copyBytes, fillF64 } from './memory';
export { setScratchRegion } from './scratch';
export { ewmMean, ewmSmaSeed } from './kernels/ewm';
