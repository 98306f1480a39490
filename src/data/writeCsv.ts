import { DataType, type Table } from 'apache-arrow';
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
