import type { FileFormat } from './format.js';

/**
 * What a reader did with its input, so that nothing is dropped silently: `xmom data
 * inspect` prints it beside `inspectPanel`. Counts are of data rows (blank lines and
 * the header excluded).
 */
export interface ReadReport {
  /** The file path, or `'<text>'` when text was passed directly. */
  source: string;
  format: FileFormat;
  /** `'wide'`: one column per asset; `'long'`: one row per (date, symbol). */
  layout: 'wide' | 'long';
  /** Data rows in the input. */
  rowsRead: number;
  /**
   * Rows that put a value into the output: every row for a wide file or a long table;
   * for a long file pivoted on a field, the rows where that field is not missing.
   */
  rowsUsed: number;
  /** Blank lines skipped (CSV only; they hold no data). */
  blankLines: number;
  /** Input columns read, in file order. */
  columnsUsed: string[];
  /** Input columns present but not read (long layout: columns with no known role). */
  columnsIgnored: string[];
  /** Missing (NaN / NA) cells per input column read. */
  missing: Record<string, number>;
  /** Distinct dates and (long layout) symbols in the output. */
  dates: number;
  symbols: number | null;
  /** Anything else the reader changed: rows re-ordered, columns derived. */
  notes: string[];
}
