import type { Table, Vector } from 'apache-arrow';
import { explainTrap } from '../engine/residency.js';
import { isArrowTable, isArrowVector } from '../arrow.js';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import type { Kernels } from '../engine/kernels.js';
import { fromPanel, kernelsFor, type SeriesInput } from './dispatch.js';
import { withPanel } from '../inputs/index.js';

/** An input of the same kind as I (a Table for a Table, ...), whatever its schema. */
export type SameKind<I> = I extends Panel ? Panel
  : I extends Table ? Table
    : I extends Float64Array ? Float64Array
      : I extends Vector ? Vector
        : never;

/** The kind of an input, for error messages. */
export function kindOf(x: unknown): string {
  if (x instanceof Panel) return 'Panel';
  if (isArrowTable(x)) return 'Table';
  if (x instanceof Float64Array) return 'Float64Array';
  if (isArrowVector(x)) return 'Vector';
  return x === null ? 'null' : typeof x;
}

function shapeOf(p: Panel, oneD: boolean): string {
  return oneD ? `${p.nRows} values` : `${p.nRows} x ${p.nCols}`;
}

/**
 * The common shape of a two-input kernel (column j of x with column j of y): x and y
 * must be of the same kind and shape; the result has x's kind, columns and dates.
 * Validates, views both as Panels (no copy for Panels), allocates the output, runs the
 * chosen backend over the three pointers, and frees temporaries whatever happens.
 */
export function applyBinary<I extends SeriesInput>(
  fn: string, x: I, y: SameKind<I>, backend: unknown,
  run: (k: Kernels, x: number, y: number, out: number, T: number, N: number) => void,
  check?: (p: Panel) => void,
): I {
  const k = kernelsFor(fn, backend);
  const kx = kindOf(x);
  const ky = kindOf(y);
  if (kx !== ky) throw new InputError(`${fn}: x is a ${kx} but y is a ${ky}; give two inputs of the same kind`);
  const oneD = kx === 'Float64Array' || kx === 'Vector';
  return withPanel(fn, 'x', x, (px) => withPanel(fn, 'y', y, (py) => {
    if (px.nRows !== py.nRows || px.nCols !== py.nCols) {
      throw new InputError(`${fn}: x ${oneD ? 'has' : 'is'} ${shapeOf(px, oneD)} but y ${oneD ? 'has' : 'is'} ${shapeOf(py, oneD)}; they must have the same shape`);
    }
    check?.(px);
    const out = px.like();
    try {
      run(k, px.ptr, py.ptr, out.ptr, px.nRows, px.nCols);
    } catch (e) {
      out.free();
      throw explainTrap(e);
    }
    return fromPanel(out, x);
  }));
}
