/**
 * Reading data files for the commands: the reader flags every command shares
 * (`--date-format`, `--na`, `--order`, `--ignore-columns`, ...) and the paths of the
 * bundled fixtures. Wide files become a Panel through `loadPanelFile`; long files
 * (date, symbol, close, market_cap, ...) an Arrow Table for the double sort.
 */
import { DataType, type Table } from 'apache-arrow';
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_ARROW_FILES, fixtureArrowBytes, type FixtureArrowFile } from '../data/fixtures.js';
import { InputError } from '../errors.js';
import { loadPanelFile, readLongCsvFile, type LoadedPanel, type ReadPanelFileOptions } from '../io/panelFile.js';
import { formatOf } from '../io/format.js';
import { readFileBytes } from '../io/fsErrors.js';
import { decodeArrow } from '../io/arrowIpc.js';
import { decodeParquet } from '../io/parquet.js';
import { CSV_ORDERS, type CsvOrder } from '../data/csv.js';
import { DATE_FORMATS, type DateFormat } from '../data/dates.js';
import { UsageError } from './errors.js';

/** The repository root (bin/, src/, fixtures/ live under it). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of a file under the repository root (`fixtures/crypto12.arrow`). */
export function repoPath(rel: string): string {
  return fileURLToPath(new URL(`../../${rel}`, import.meta.url));
}

/**
 * Path of a bundled dataset (`fixtures/crypto12.arrow`), the default data of the commands.
 * A checkout has every fixture; the npm package ships crypto12.arrow only (size), so a
 * missing fixtures/fx10.arrow or equities.arrow is built from its seeds
 * (`fixtureArrowBytes`, the same bytes as the file in the repository, ~0.3 s for the
 * equities) and kept in `<tmpdir>/xmom-<version>-fixtures/` for the next run.
 */
export function bundledDataPath(rel: string): string {
  const path = repoPath(rel);
  const name = basename(rel) as FixtureArrowFile;
  if (existsSync(path) || dirname(rel) !== 'fixtures' || !FIXTURE_ARROW_FILES.includes(name)) return path;
  const dir = join(tmpdir(), `xmom-${packageVersion()}-fixtures`);
  const cached = join(dir, name);
  if (!existsSync(cached)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    writeFileSync(partial, fixtureArrowBytes(name));
    renameSync(partial, cached); // atomic: a concurrent run sees the whole file or none
  }
  return cached;
}

/** The package's version (package.json at the root), 'unknown' when it cannot be read. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** A path as shown to the user: relative to the working directory when shorter. */
export function shownPath(path: string): string {
  const r = relative(process.cwd(), path);
  return r !== '' && !r.startsWith('..') && r.length < path.length ? r : path;
}

/** Reader flags as commander parses them. */
export interface ReaderFlags {
  dateFormat?: string;
  na?: string;
  order?: string;
  ignoreColumns?: string;
  dateColumn?: string;
  delimiter?: string;
  layout?: string;
  value?: string;
}

/** Adds the reader flags to a command. */
export function addReaderFlags(cmd: Command): Command {
  return cmd
    .option('--date-format <format>', `date cells of a CSV: ${DATE_FORMATS.join(', ')}`, 'auto')
    .option('--na <list>', "comma-separated cells read as missing (default '',NA,N/A,NaN,null)")
    .option('--order <order>', `row order of the dates of a wide CSV, Arrow or Parquet file: ${CSV_ORDERS.join(', ')} (default ascending; descending: newest first, as the ECB's; sort: any order)`)
    .option('--ignore-columns <list>', "comma-separated columns to leave out; an empty name ('' or a trailing comma) is the unnamed column, as the ECB file's last one")
    .option('--date-column <name>', 'the date column of a CSV (default the first)')
    .option('--delimiter <char>', 'CSV field separator', ',')
    .option('--layout <layout>', 'CSV layout: auto (long when a symbol column exists), wide, long', 'auto')
    .option('--value <field>', 'long CSV: the field pivoted into a panel (close, market_cap, volume, dollar_volume)');
}

function list(s: string | undefined): string[] | undefined {
  return s === undefined ? undefined : s.split(',').map((x) => x.trim());
}

/** Reader flags -> `loadPanelFile` options. */
export function readOptions(f: ReaderFlags): ReadPanelFileOptions {
  const dateFormat = f.dateFormat ?? 'auto';
  if (!DATE_FORMATS.includes(dateFormat as DateFormat)) throw new UsageError(`--date-format must be one of ${DATE_FORMATS.join(', ')}, got '${dateFormat}'`);
  if (f.order !== undefined && !CSV_ORDERS.includes(f.order as CsvOrder)) throw new UsageError(`--order must be one of ${CSV_ORDERS.join(', ')}, got '${f.order}'`);
  const naValues = list(f.na);
  const csv: NonNullable<ReadPanelFileOptions['csv']> = { dateFormat: dateFormat as DateFormat };
  if (naValues) csv.naValues = naValues;
  if (f.order) csv.order = f.order as CsvOrder;
  if (f.ignoreColumns !== undefined) csv.ignoreColumns = list(f.ignoreColumns);
  if (f.dateColumn !== undefined) csv.dateColumn = f.dateColumn;
  if (f.delimiter !== undefined && f.delimiter !== ',') csv.delimiter = f.delimiter;
  const long: NonNullable<ReadPanelFileOptions['long']> = { dateFormat: dateFormat as DateFormat };
  if (naValues) long.naValues = naValues;
  if (f.delimiter !== undefined && f.delimiter !== ',') long.delimiter = f.delimiter;
  if (f.dateColumn !== undefined) long.columns = { date: f.dateColumn };
  const out: ReadPanelFileOptions = { csv, long };
  if (f.layout !== undefined && f.layout !== 'auto') out.layout = f.layout as ReadPanelFileOptions['layout'];
  if (f.value !== undefined) out.value = f.value as ReadPanelFileOptions['value'];
  if (f.order) out.order = f.order as CsvOrder;
  return out;
}

/** A wide panel (or a long CSV pivoted on `--value`) with the reader's accounting. */
export function loadWide(path: string, f: ReaderFlags): LoadedPanel {
  return loadPanelFile(path, readOptions(f));
}

/**
 * Long rows as an Arrow Table: a long CSV through `readLongCsvFile`, an Arrow / Parquet
 * file as stored (it must have date and symbol columns).
 */
export function loadLong(path: string, f: ReaderFlags): Table {
  const fn = 'loadLong';
  const format = formatOf(fn, path);
  if (format === 'csv') {
    const o = readOptions(f).long!;
    return readLongCsvFile(path, o).table;
  }
  const bytes = readFileBytes(fn, path);
  const table = format === 'arrow' ? decodeArrow(fn, bytes, path) : decodeParquet(fn, bytes, path);
  const sym = table.schema.fields.find((x) => x.name === 'symbol');
  if (!sym || DataType.isFloat(sym.type) || DataType.isInt(sym.type)) {
    throw new InputError(`${path}: a long table needs a 'symbol' column (date, symbol, close, market_cap, ...); columns are ${table.schema.fields.map((x) => x.name).join(', ')}`);
  }
  return table;
}
