/**
 * `Symbol.dispose` where the runtime lacks it (browsers before explicit resource
 * management; Node 20 has it). Uses `Symbol.for('Symbol.dispose')`, the symbol that
 * TypeScript's and esbuild's downlevel `using` helpers look up when `Symbol.dispose`
 * is missing, so `using p = ewmMean(...)` compiled by either finds Panel's method.
 * Imported by panel.ts and matrixSeries.ts before their classes are defined.
 */
const S = Symbol as unknown as { dispose?: symbol };
if (typeof S.dispose !== 'symbol') {
  Object.defineProperty(Symbol, 'dispose', { value: Symbol.for('Symbol.dispose'), configurable: true, writable: false, enumerable: false });
}
export {};
