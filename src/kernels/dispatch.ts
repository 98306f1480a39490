import { Float64, makeData, makeVector } from 'apache-arrow';
import { explainTrap } from '../engine/residency.js';
import { isArrowTable } from '../arrow.js';
import { withPanel, type SeriesInput } from '../inputs/index.js';
import { Panel } from '../panel.js';
import { engine } from '../engine/wasm.js';
import { twin } from '../twin/index.js';
import { BACKENDS, type Backend, type Kernels } from '../engine/kernels.js';
import { checkEnum } from '../validate.js';

/** `backend: 'wasm'` (default) runs the AssemblyScript kernel, `'js'` its TypeScript twin. */
export interface BackendOption {
  backend?: Backend;
}

/** Kernel inputs: see src/inputs/panel.ts. */
export type { SeriesInput };

export const DEFAULT_BACKEND: Backend = 'wasm';

/** The kernel set for a backend name (validated). */
export function kernelsFor(fn: string, backend: unknown = DEFAULT_BACKEND): Kernels {
  return checkEnum(fn, 'backend', backend, BACKENDS) === 'wasm' ? engine() : twin;
}

/** Converts a result panel to the kind of `like`, freeing it unless it is returned. */
export function fromPanel<I extends SeriesInput>(out: Panel, like: I): I {
  if (like instanceof Panel) return out as I;
  try {
    if (isArrowTable(like)) return out.toArrow() as I;
    const col = out.values.slice(0, out.nRows);
    if (like instanceof Float64Array) return col as I;
    return makeVector(makeData({ type: new Float64(), length: col.length, nullCount: 0, data: col })) as unknown as I;
  } finally {
    out.free();
  }
}

/**
 * The common shape of a one-input kernel: validate, view the input as a Panel, allocate
 * an output of the same shape, run the chosen backend over the two pointers, and hand
 * back a result of the input's kind.
 */
export function applyUnary<I extends SeriesInput>(
  fn: string, x: I, backend: unknown,
  run: (k: Kernels, x: number, out: number, T: number, N: number) => void,
  check?: (p: Panel) => void,
): I {
  const k = kernelsFor(fn, backend);
  return withPanel(fn, 'x', x, (p) => {
    check?.(p);
    const out = p.like();
    try {
      run(k, p.ptr, out.ptr, p.nRows, p.nCols);
    } catch (e) {
      out.free();
      throw explainTrap(e);
    }
    return fromPanel(out, x);
  });
}
