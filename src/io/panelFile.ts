import { DataType, Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkEnum, checkOptions } from '../validate.js';
import { readCsv, type ReadCsvOptions } from '../data/csv.js';
import { splitCsvLine } from '../data/csvLine.js';
import { decodeArrow, encodeArrow, IPC_FORMATS, type IpcFormat } from './arrowIpc.js';
import { decodeParquet, encodeParquet, PARQUET_COMPRESSIONS, type ParquetCompression } from './parquet.js';
import { panelToCsv } from '../data/writeCsv.js';
import { formatOf, type FileFormat } from './format.js';
import { readFileBytes, writeFileBytes } from './fsErrors.js';
import { LONG_FIELDS, type LongField, type LongParseOptions } from './longCsv.js';
import { readLongCsv, type LongTableResult } from './readLongCsv.js';
import type { ReadReport } from './report.js';
import type { DateOrder } from '../data/dateOrder.js';

export const LAYOUTS = ['auto', 'wide', 'long'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface ReadPanelFileOptions {
  /** Override the format implied by the extension. */
  format?: FileFormat;
  /**
   * CSV only. `'auto'` (default): long when the header has a `symbol` column (or the
   * column named by `long.columns.symbol`), else wide.
   */
  layout?: Layout;
  /** Long layout: the field pivoted into the panel (default `'close'`). */
  value?: LongField;
  /** Wide CSV: options of `readCsv` (its `dateFormat` defaults to `'auto'` here). */
  csv?: ReadCsvOptions;
  /** Long CSV: options of `readLongCsv` (file name filled in). */
  long?: Omit<LongParseOptions, 'file'>;
  /** Arrow / Parquet: the date column (default: the first Date/Timestamp column). */
  index?: string;
  /**
   * Arrow / Parquet: row order of the date column, as `csv.order` for a CSV
   * (`'ascending'` default, `'descending'`, `'sort'`; see `Panel.fromArrow`).
   */
  order?: DateOrder;
}

export interface WritePanelFileOptions {
  /** Override the format implied by the extension. */
  format?: FileFormat;
  /** Arrow: `'file'` (default; `.arrow`, `.feather`, `.ipc`) or `'stream'` (default for `.arrows`). */
  ipc?: IpcFormat;
  /** Parquet: `'snappy'` (default), `'zstd'` or `'uncompressed'`. */
  compression?: ParquetCompression;
}

/** Defaults of the file readers and writers, in one place. */
export const PANEL_FILE_DEFAULTS = {
  layout: 'auto' as Layout, value: 'close' as LongField, csvDateFormat: 'auto', ipc: 'file' as IpcFormat, compression: 'snappy' as ParquetCompression,
} as const;

const READ_OPTIONS = ['format', 'layout', 'value', 'csv', 'long', 'index', 'order'] as const;
const WRITE_OPTIONS = ['format', 'ipc', 'compression'] as const;

export interface LoadedPanel {
  panel: Panel;
  report: ReadReport;
}

/**
 * Reads a panel from a file, by extension: `.csv` (wide: `readCsv`; long: pivoted by
 * `readLongCsv` on `value`), `.arrow` / `.feather` / `.ipc` / `.arrows` (Arrow IPC file
 * or stream) and `.parquet`, both through `Panel.fromArrow` (numeric columns are
 * assets, the first Date/Timestamp column the index; nulls read as NaN; dates checked
 * as a CSV's: no nulls, no duplicates, in `order`). Returns the
 * panel and the accounting of what was read (`ReadReport`), which
 * `xmom data inspect` prints. A missing file is an InputError "no such file: ...".
 * Cost: one read of the file plus one copy into wasm memory (Parquet: two more).
 */
export function loadPanelFile(path: string, options: ReadPanelFileOptions = {}): LoadedPanel {
  const fn = 'readPanelFile';
  checkOptions(fn, options, READ_OPTIONS);
  const format = formatOf(fn, path, options.format);
  const layout = checkEnum(fn, 'layout', options.layout ?? PANEL_FILE_DEFAULTS.layout, LAYOUTS);
  const bytes = readFileBytes(fn, path);
  if (format === 'csv') {
    const text = new TextDecoder().decode(bytes);
    const long = layout === 'long' || (layout === 'auto' && looksLong(text, options));
    if (long) {
      const value = checkEnum(fn, 'value', options.value ?? PANEL_FILE_DEFAULTS.value, LONG_FIELDS);
      return readLongCsv(text, { ...options.long, file: path, value });
    }
    if (options.value !== undefined) throw new InputError(`${fn}: value applies to long files only; ${path} is read as wide (layout ${layout})`);
    return wideReport(path, 'csv', withFile(path, () => readCsv(text, { dateFormat: PANEL_FILE_DEFAULTS.csvDateFormat, ...options.csv })), text);
  }
  if (layout === 'long') throw new InputError(`${fn}: layout 'long' is supported for CSV only; ${path} is ${format}`);
  const table = format === 'arrow' ? decodeArrow(fn, bytes, path) : decodeParquet(fn, bytes, path);
  const symbolField = table.schema.fields.find((f) => f.name.toLowerCase() === 'symbol' && !(DataType.isFloat(f.type) || DataType.isInt(f.type)));
  if (symbolField) {
    throw new InputError(`${fn}: ${path} has a '${symbolField.name}' column: it looks like a long table (date, symbol, ...); readPanelFile pivots long data from CSV only (layout 'long'), Arrow and Parquet files must be wide (one numeric column per asset)`);
  }
  const panel = withFile(path, () => Panel.fromArrow(table, {
    ...(options.index === undefined ? {} : { index: options.index }), ...(options.order === undefined ? {} : { order: options.order }),
  }));
  return wideReport(path, format, panel, null);
}

/** `loadPanelFile(path, options).panel`: the panel alone. */
export function readPanelFile(path: string, options: ReadPanelFileOptions = {}): Panel {
  return loadPanelFile(path, options).panel;
}

/**
 * Reads a long CSV file as an Arrow Table (for the double sort): `readLongCsv` on the
 * file's text, with the file name in every error.
 */
export function readLongCsvFile(path: string, options: Omit<LongParseOptions, 'file'> = {}): LongTableResult {
  const text = new TextDecoder().decode(readFileBytes('readLongCsvFile', path));
  return readLongCsv(text, { ...options, file: path });
}

/**
 * Writes a panel, by extension: `.csv` (wide, `panelToCsv`: dates ISO, numbers in
 * shortest round-trip form, NaN empty), Arrow IPC (`.arrow` / `.feather` / `.ipc` in the
 * file format, `.arrows` as a stream, or `ipc`), `.parquet` (parquet-wasm, snappy, no
 * dictionary encoding; `compression` to change). The date column keeps the panel's
 * index name; values are Float64 with NaN (no nulls), so every format reads back to
 * the same panel bit for bit (CSV: except the sign of -0, written as `0`). Replaces an
 * existing file.
 */
export function writePanelFile(panel: Panel, path: string, options: WritePanelFileOptions = {}): void {
  const fn = 'writePanelFile';
  checkOptions(fn, options, WRITE_OPTIONS);
  if (!(panel instanceof Panel)) throw new InputError(`${fn}: panel must be a Panel`);
  const format = formatOf(fn, path, options.format);
  let data: Uint8Array | string;
  if (format === 'csv') {
    data = panelToCsv(fn, panel);
  } else {
    const table: Table = panel.toArrow();
    if (format === 'arrow') {
      const ipc = checkEnum(fn, 'ipc', options.ipc ?? (path.toLowerCase().endsWith('.arrows') ? 'stream' : PANEL_FILE_DEFAULTS.ipc), IPC_FORMATS);
      data = encodeArrow(table, ipc);
    } else {
      data = encodeParquet(table, checkEnum(fn, 'compression', options.compression ?? PANEL_FILE_DEFAULTS.compression, PARQUET_COMPRESSIONS));
    }
  }
  writeFileBytes(fn, path, data);
}

/** Does the first non-blank line of a CSV name a symbol column? */
function looksLong(text: string, options: ReadPanelFileOptions): boolean {
  const m = /^[ \t]*\S.*$/m.exec(text);
  if (!m) return false;
  const header = (splitCsvLine(m[0].replace(/\r$/, ''), options.long?.delimiter ?? options.csv?.delimiter ?? ',') ?? []).map((s) => s.trim());
  const sym = options.long?.columns?.symbol;
  return sym !== undefined ? header.includes(sym) : header.some((c) => c.toLowerCase() === 'symbol');
}

/** Prefixes InputErrors of a reader that does not know the file name with it. */
function withFile<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError && !e.message.includes(path)) {
      const i = e.message.indexOf(': ');
      throw new InputError(i > 0 ? `${e.message.slice(0, i)}: ${path}, ${e.message.slice(i + 2)}` : `${path}: ${e.message}`);
    }
    throw e;
  }
}

/** Accounting of a wide read: every row used; missing = NaN cells per column. */
function wideReport(path: string, format: FileFormat, panel: Panel, text: string | null): LoadedPanel {
  const missing: Record<string, number> = {};
  const v = panel.values;
  const N = panel.nCols;
  panel.columns.forEach((c, j) => {
    let n = 0;
    for (let k = j; k < v.length; k += N) if (Number.isNaN(v[k])) n++;
    missing[c] = n;
  });
  let blankLines = 0;
  if (text !== null) {
    const lines = text.split(/\r?\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    let h = 0;
    while (h < lines.length && lines[h].trim() === '') h++;
    for (let i = h + 1; i < lines.length; i++) if (lines[i].trim() === '') blankLines++;
  }
  return {
    panel,
    report: {
      source: path, format, layout: 'wide', rowsRead: panel.nRows, rowsUsed: panel.nRows, blankLines,
      columnsUsed: panel.index ? [panel.indexName, ...panel.columns] : [...panel.columns], columnsIgnored: [], missing,
      dates: panel.index ? new Set(panel.dates()).size : 0, symbols: null, notes: [],
    },
  };
}
