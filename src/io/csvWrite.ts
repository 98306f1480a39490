import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { isoDate } from '../data/dates.js';
import { tableToCsv } from '../data/writeCsv.js';

/**
 * A wide CSV of a dated panel: `tableToCsv(panel.toArrow())` (dates ISO, numbers in
 * shortest round-trip form, NaN as an empty cell), the inverse of `readCsv`, after two
 * checks that keep the round trip exact (InputError otherwise): the panel has dates
 * (the wide CSV layout needs a date column) and no infinite values (readCsv reads
 * finite numbers and NaN only). O(T N).
 */
export function panelToCsv(fn: string, panel: Panel): string {
  if (!panel.index) throw new InputError(`${fn}: the panel has no dates; a wide CSV needs a date column (write .arrow or .parquet instead)`);
  const v = panel.values;
  const N = panel.nCols;
  for (let k = 0; k < v.length; k++) {
    if (v[k] === Infinity || v[k] === -Infinity) {
      const t = Math.floor(k / N);
      throw new InputError(`${fn}: row ${t} (${isoDate(panel.dates()[t])}), column '${panel.columns[k % N]}' is ${v[k]}; CSV cells hold finite numbers or NaN (empty)`);
    }
  }
  return tableToCsv(panel.toArrow());
}
