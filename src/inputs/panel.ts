/**
 * The one "Panel or Arrow data" adapter every layer uses: strategies and weighting
 * (`withPrices`), the backtester and the grid (`asPanel` with prices or weights), and the
 * kernels (`withPanel` of any `SeriesInput`). A Panel is used in place (no copy); an
 * Arrow Table, Arrow Vector or Float64Array is copied into a temporary Panel that the
 * helper frees (`owned` tells the caller of `asPanel` to free it).
 */
import type { Table, Vector } from 'apache-arrow';
import { isArrowTable, isArrowVector, vectorAsTable } from '../arrow.js';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkPrices } from './checks.js';

/** Prices or weights: a Panel (used in place) or an Arrow Table with a date column (copied). */
export type PanelInput = Panel | Table;

/** What a strategy or weighting reads prices from: a Panel (no copy) or an Arrow Table. */
export type PriceInput = PanelInput;

/**
 * What every kernel accepts: a Panel (no copies), an Arrow Table of numeric columns
 * (plus an optional date column that passes through), an Arrow numeric Vector, or a
 * Float64Array. The result has the same kind and shape and keeps the column names.
 */
export type SeriesInput = Panel | Table | Vector | Float64Array;

/** A Panel view of an input; `owned` panels are temporaries the caller frees. */
export interface OwnedPanel {
  panel: Panel;
  owned: boolean;
}

/** Which inputs `asPanel` takes: 'table' = Panel | Arrow Table (default), 'series' = any SeriesInput. */
export type Accepts = 'table' | 'series';

/**
 * A Panel view of `x`. With `accepts` 'table' (prices, weights) a Panel or an Arrow Table;
 * with 'series' (kernels) also an Arrow numeric Vector or a Float64Array (one column).
 * Anything else is an InputError naming `fn` and `arg`. The Table copy is O(T N).
 */
export function asPanel(fn: string, arg: string, x: unknown, accepts: Accepts = 'table'): OwnedPanel {
  if (x instanceof Panel) return { panel: x, owned: false };
  if (isArrowTable(x)) return { panel: Panel.fromArrow(x), owned: true };
  if (accepts === 'table') throw new InputError(`${fn}: ${arg} must be a Panel or an Arrow Table (dates x assets)`);
  if (x instanceof Float64Array) return { panel: Panel.fromRows(x, x.length, 1), owned: true };
  if (isArrowVector(x)) {
    try {
      return { panel: Panel.fromArrow(vectorAsTable(x, arg), {}), owned: true };
    } catch {
      throw new InputError(`${fn}: ${arg} is an Arrow Vector of type ${String(x.type)}; expected a numeric vector`);
    }
  }
  throw new InputError(`${fn}: ${arg} must be a Panel, an Arrow Table, an Arrow Vector or a Float64Array`);
}

/** Runs `body` on a Panel view of `x` (any SeriesInput), freeing a temporary copy whatever happens. */
export function withPanel<R>(fn: string, arg: string, x: SeriesInput, body: (p: Panel) => R): R {
  const { panel, owned } = asPanel(fn, arg, x, 'series');
  try {
    return body(panel);
  } finally {
    if (owned) panel.free();
  }
}

/**
 * Runs `body` on a Panel of the prices (an Arrow Table is converted once and freed
 * afterwards) after checking that every present price is positive (`checkPrices`).
 * The body's result must be a new Panel (or not a panel at all): it is returned as is.
 */
export function withPrices<R>(fn: string, prices: PriceInput, body: (p: Panel) => R): R {
  const { panel, owned } = asPanel(fn, 'prices', prices);
  try {
    checkPrices(fn, panel);
    return body(panel);
  } finally {
    if (owned) panel.free();
  }
}
