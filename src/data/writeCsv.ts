import { DataType, type Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { isoDate } from './dates.js';

/**
 * An Arrow Table as CSV text (header line, `\n` line ends, trailing newline): the
 * inverse of `readCsv` for wide panels (`panel.toArrow()`) and the writer of long
 * tables. Date / timestamp columns are written ISO (`YYYY-MM-DD` at midnight UTC);
 * numbers with `String(x)`, the shortest text that reads back to the same double;
 * NaN and nulls as an empty cell; strings quoted when they hold `,`, `"` or a line
 * break. Deterministic: same table, same text. O(cells).
 */
export function tableToCsv(table: Table): string {
  const fields = table.schema.fields;
  const cols = fields.map((f, i) => ({ vec: table.getChildAt(i)!, date: DataType.isDate(f.type) || DataType.isTimestamp(f.type) }));
  const lines: string[] = [fields.map((f) => quote(f.name)).join(',')];
  for (let r = 0; r < table.numRows; r++) {
    const cells: string[] = [];
    for (const c of cols) {
      const x = c.vec.get(r) as unknown;
      if (x === null || x === undefined) cells.push('');
      else if (c.date) cells.push(isoDate(Number(x instanceof Date ? x.getTime() : x)));
      else if (typeof x === 'number') cells.push(Number.isNaN(x) ? '' : String(x));
      else cells.push(quote(String(x)));
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

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
