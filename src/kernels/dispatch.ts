import { Float64, makeData, makeVector, type Table, type Vector } from 'apache-arrow';
import { explainTrap } from '../engine/residency.js';
import { isArrowTable, isArrowVector, vectorAsTable } from '../arrow.js';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { engine } from '../engine/wasm.js';
import { twin } from '../twin/index.js';
import { BACKENDS, type Backend, type Kernels } from '../engine/kernels.js';
import { checkEnum } from '../validate.js';

/**
 * What every kernel accepts: a Panel (no copies), an Arrow Table of numeric columns
 * (plus an optional date column that passes through), an Arrow numeric Vector, or a
 * Float64Array. The result has the same kind and shape and keeps the column names.
 */
export type SeriesInput = Panel | Table | Vector | Float64Array;

/** `backend: 'wasm'` (default) runs the AssemblyScript kernel, `'js'` its TypeScript twin. */
export interface BackendOption {
  backend?: Backend;
}

export const DEFAULT_BACKEND: Backend = 'wasm';

/** The kernel set for a backend name (validated). */
export function kernelsFor(fn: string, backend: unknown = DEFAULT_BACKEND): Kernels {
  return checkEnum(fn, 'backend', backend, BACKENDS) === 'wasm' ? engine() : twin;
}

/** A Panel view of any accepted input; `owned` panels are temporaries to free. */
export interface PanelArg {
  panel: Panel;
  owned: boolean;
}

export function toPanel(fn: string, arg: string, x: SeriesInput): PanelArg {
  if (x instanceof Panel) return { panel: x, owned: false };
  if (isArrowTable(x)) return { panel: Panel.fromArrow(x), owned: true };
  if (x instanceof Float64Array) return { panel: Panel.fromRows(x, x.length, 1), owned: true };
  if (isArrowVector(x)) {
    try {
      return { panel: Panel.fromArrow(vectorAsTable(x, arg), {}), owned: true };
    } catch (e) {
      throw new InputError(`${fn}: ${arg} is an Arrow Vector of type ${String(x.type)}; expected a numeric vector`);
    }
  }
  throw new InputError(`${fn}: ${arg} must be a Panel, an Arrow Table, an Arrow Vector or a Float64Array`);
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

/** Runs `body` on a Panel view of `x`, freeing temporaries whatever happens. */
export function withPanel<I extends SeriesInput, R>(fn: string, arg: string, x: I, body: (p: Panel) => R): R {
  const { panel, owned } = toPanel(fn, arg, x);
  try {
    return body(panel);
  } finally {
    if (owned) panel.free();
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
