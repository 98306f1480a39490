import type { Table } from 'apache-arrow';
import { isArrowTable } from '../arrow.js';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkPrices } from './common.js';
import { isoDate } from '../data/dates.js';

/** What a strategy or weighting reads prices from: a Panel (no copy) or an Arrow Table. */
export type PriceInput = Panel | Table;

/**
 * Runs `body` on a Panel of the prices (an Arrow Table is converted once and freed
 * afterwards) after checking that every present price is positive (`checkPrices`).
 * The body's result must be a new Panel: it is returned as is.
 */
export function withPrices<R>(fn: string, prices: PriceInput, body: (p: Panel) => R): R {
  let owned: Panel | null = null;
  let p: Panel;
  if (prices instanceof Panel) p = prices;
  else if (isArrowTable(prices)) p = owned = Panel.fromArrow(prices);
  else throw new InputError(`${fn}: prices must be a Panel or an Arrow Table`);
  try {
    checkPrices(fn, p);
    return body(p);
  } finally {
    owned?.free();
  }
}

/**
 * A weights / selection panel must line up with the prices: same shape, same column
 * names in the same order, and the same dates when both carry dates.
 */
export function checkAligned(fn: string, name: string, w: Panel, prices: Panel): void {
  if (!(w instanceof Panel)) throw new InputError(`${fn}: ${name} must be a Panel`);
  if (w.nRows !== prices.nRows || w.nCols !== prices.nCols) {
    throw new InputError(`${fn}: ${name} is ${w.nRows} x ${w.nCols} but prices are ${prices.nRows} x ${prices.nCols}; they must have the same dates and assets`);
  }
  const j = w.columns.findIndex((c, k) => c !== prices.columns[k]);
  if (j >= 0) throw new InputError(`${fn}: ${name} column ${j} is '${w.columns[j]}' but the prices' is '${prices.columns[j]}'; columns must match in order`);
  if (w.index && prices.index) {
    const a = w.dates();
    const b = prices.dates();
    const t = a.findIndex((ms, k) => !Object.is(ms, b[k]));
    if (t >= 0) throw new InputError(`${fn}: ${name} row ${t} is dated ${isoDate(a[t])} but the prices' row is ${isoDate(b[t])}; dates must match`);
  }
}
