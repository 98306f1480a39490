/**
 * `xmom report <file>`: an HTML report from files written earlier, without re-running
 * anything. A backtest's `series.json`, or its `series.arrow` (with the `weights.arrow`
 * beside it when present), gives the full backtest report; a grid's `results.arrow`
 * gives a table of the best points; any other dated file (CSV, Parquet, or Arrow with a
 * date column) of returns or prices gives a tear sheet (`tearSheet`, src/report).
 */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { DataType, type Table } from 'apache-arrow';
import { readFileBytes } from '../io/fsErrors.js';
import { decodeArrow } from '../io/arrowIpc.js';
import { readSeriesArrow, readSeriesJson, type SavedBacktest } from './savedSeries.js';
import { UsageError } from './errors.js';
import { addReaderFlags, loadWide, shownPath, type ReaderFlags } from './dataFile.js';
import { PRICE_COLUMNS } from './benchmarkFile.js';
import { TEAR_SHEET_INPUTS, type TearSheetInput } from '../report/tearSheetInput.js';
import { isoDate } from '../data/dates.js';
import type { Output } from './output.js';
import { gridTableHtml } from './gridHtml.js';
import { checkOutDir, OUT_FILES } from './outDir.js';

interface ReportFlags extends ReaderFlags {
  out: string;
  input?: string;
  column?: string;
  benchmark?: string;
  benchmarkColumn?: string;
  benchmarkInput?: string;
  benchmarkName?: string;
  drawdowns?: number;
  periodsPerYear?: number;
  priceCheck?: boolean;
  title?: string;
  name?: string;
  metric?: string;
  top?: number;
  force?: boolean;
}

/** The `report` command: a backtest report from saved series, or a ranked table of grid results. */
export function reportCommand(getOutput: (cmd: Command) => Output): Command {
  const positiveInt = (flag: string) => (s: string): number => {
    if (!/^\d+$/.test(s) || Number(s) < 1) throw new UsageError(`${flag} must be an integer >= 1, got '${s}'`);
    return Number(s);
  };
  const cmd = new Command('report')
    .description('HTML report: a tear sheet of any returns / prices file, or from saved results (a backtest series.json / series.arrow, a grid results.arrow)')
    .argument('<file>', 'a CSV / Arrow / Parquet file of dates and returns (or prices) columns; or series.json / series.arrow (xmom backtest --out), results.arrow (xmom grid --out)')
    .requiredOption('-o, --out <dir>', 'folder to write report.html into (a backtest also gets its series files again)')
    .option('-f, --force', 'replace the report (and series files) when --out already holds them')
    .option('--title <text>', 'report title')
    .option('--name <text>', "the strategy's label (series.arrow does not store it); a tear sheet of one column: its label")
    .option('--metric <name>', 'grid: the metric to rank points by (default sharpe)')
    .option('--top <n>', 'grid: rows shown (default 50)', positiveInt('--top'))
    .option('--input <kind>', `tear sheet: what the file's columns hold: ${TEAR_SHEET_INPUTS.join(', ')} (default returns; prices become simple returns, the first row dropped)`)
    .option('--column <name>', 'tear sheet: the one column to report (default: every numeric column, one block of sections each)')
    .option('--benchmark <file>', 'tear sheet: a CSV / Arrow / Parquet file of the benchmark (dates + one column), matched by date')
    .option('--benchmark-column <name>', `tear sheet: the benchmark file's column (default its only numeric column, else the first of ${PRICE_COLUMNS.join(', ')})`)
    .option('--benchmark-input <kind>', `tear sheet: what the benchmark holds: ${TEAR_SHEET_INPUTS.join(', ')} (default: as --input)`)
    .option('--benchmark-name <text>', "tear sheet: the benchmark's label (default: the file's name without its extension)")
    .option('--drawdowns <n>', 'tear sheet: rows of the worst-drawdowns table (default 5)', positiveInt('--drawdowns'))
    .option('--periods-per-year <n>', 'tear sheet: bars per year (default inferred from the dates)', (s) => {
      const v = Number(s);
      if (!(v > 0) || !Number.isFinite(v)) throw new UsageError(`--periods-per-year must be a number > 0, got '${s}'`);
      return v;
    })
    .option('--no-price-check', 'tear sheet: accept a returns column that looks like prices (all > 1 in absolute value, or a positive smooth path)');
  addReaderFlags(cmd);
  return cmd
    .addHelpText('after', `
A tear sheet is made for a CSV or Parquet file, for an Arrow file with a date column and no
returns + equity pair, and whenever --input, --column or --benchmark is given. The reader
flags (--date-format, --na, --order, ...) apply to that file; the benchmark file is read
with the defaults (ascending dates, a date column).

Examples:
  $ xmom report fund.csv --out out/fund                                   # returns per row, every column
  $ xmom report ../shared/data/ffn_test_data.csv --input prices --column AAPL \\
      --benchmark ../shared/data/vega_sp500_2000.csv --benchmark-column adjclose --out out/aapl
  $ xmom backtest dual-momentum --out out/dm && xmom report out/dm/series.json --out out/dm-again
  $ xmom report out/dm/series.arrow --out out/dm-arrow --name "Dual momentum"
  $ xmom grid dual-momentum lookback=30:360:30 topN=1..4 --out out/grid && xmom report out/grid/results.arrow --out out/grid --metric calmar`)
    .action(async (file: string, f: ReportFlags, self: Command) => {
      const out = getOutput(self);
      const path = resolve(file);
      const outDir = resolve(f.out);
      const ext = extname(path).toLowerCase();
      checkOutDir('--out', outDir, [], true);
      let saved: SavedBacktest | null = null;
      let grid: Table | null = null;
      const arrowExt = ext === '.arrow' || ext === '.feather' || ext === '.ipc' || ext === '.arrows';
      const asked = f.input !== undefined || f.column !== undefined || f.benchmark !== undefined;
      if (asked || ext === '.csv' || ext === '.parquet' || ext === '.pq') {
        await tearSheetReport(out, path, outDir, f);
        return;
      }
      if (ext === '.json') {
        saved = readSeriesJson(path);
      } else if (arrowExt) {
        const table = decodeArrow('xmom report', readFileBytes('xmom report', path), path);
        if (table.getChild('returns') && table.getChild('equity')) saved = readSeriesArrow(path, table);
        else if (table.schema.fields.some((x) => DataType.isDate(x.type) || DataType.isTimestamp(x.type))) {
          await tearSheetReport(out, path, outDir, f);
          return;
        } else grid = table;
      } else {
        throw new UsageError(`cannot tell what ${shownPath(path)} holds from its extension; give a returns file (.csv, .parquet, .arrow), series.json, series.arrow or a grid results.arrow`);
      }
      checkNoTearSheetFlags(self);
      if (saved) {
        if (outDir === dirname(path)) throw new UsageError(`--out ${shownPath(outDir)} is the folder of the input: writing there would replace the saved series; choose another folder`);
        if (f.metric !== undefined || f.top !== undefined) throw new UsageError('--metric and --top apply to grid results only');
        checkOutDir('--out', outDir, OUT_FILES.backtest, f.force === true);
        const { writeReport } = await import('../report/write.js');
        out.progress('writing the report...');
        try {
          const files = await writeReport(saved.result, {
            outDir, title: f.title ?? saved.title ?? 'Backtest report', strategyName: f.name ?? saved.strategyName, benchmarks: saved.benchmarks,
            periodsPerYear: saved.result.periodsPerYear,
          });
          out.done();
          if (out.json) out.result({ command: 'report', kind: 'backtest', input: path, files });
          else out.text(`report: ${shownPath(files.html)}`);
        } finally {
          saved.result.weights.free();
          saved.result.contribution.free();
        }
        return;
      }
      if (f.name !== undefined) throw new UsageError('--name applies to backtest series only');
      checkOutDir('--out', outDir, OUT_FILES.gridReport, f.force === true);
      const html = gridTableHtml(grid!, { title: f.title ?? `Grid results: ${shownPath(path)}`, metric: f.metric, top: f.top });
      mkdirSync(outDir, { recursive: true });
      const target = join(outDir, 'report.html');
      writeFileSync(target, html.html);
      if (out.json) out.result({ command: 'report', kind: 'grid', input: path, files: { html: target }, metric: html.metric, rows: grid!.numRows });
      else out.text(`report: ${shownPath(target)} (${grid!.numRows} points ranked by ${html.metric})`);
    });
}

/** The flags that only a tear sheet reads, and the reader flags (set on the command line). */
const TEAR_SHEET_ONLY = ['input', 'column', 'benchmark', 'benchmarkColumn', 'benchmarkInput', 'benchmarkName', 'drawdowns', 'periodsPerYear', 'priceCheck'] as const;
const READER_FLAGS = ['dateFormat', 'na', 'order', 'ignoreColumns', 'dateColumn', 'delimiter', 'layout', 'value'] as const;

/** Throws when a tear-sheet or reader flag was given to the saved-results form. */
function checkNoTearSheetFlags(cmd: Command): void {
  const given = [...TEAR_SHEET_ONLY, ...READER_FLAGS].filter((k) => cmd.getOptionValueSource(k) === 'cli');
  if (given.length) {
    const flag = (k: string): string => (k === 'priceCheck' ? '--no-price-check' : `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new UsageError(`${given.map(flag).join(', ')} appl${given.length === 1 ? 'ies' : 'y'} to a returns / prices file (tear sheet) only`);
  }
}

function inputKind(flag: string, v: string | undefined, fallback: TearSheetInput): TearSheetInput {
  if (v === undefined) return fallback;
  if (!TEAR_SHEET_INPUTS.includes(v as TearSheetInput)) throw new UsageError(`${flag} must be one of ${TEAR_SHEET_INPUTS.join(', ')}, got '${v}'`);
  return v as TearSheetInput;
}

/** Columns and dates of a wide file, copied out of wasm memory. */
function readColumns(flagged: string, path: string, f: ReaderFlags): { dates: Float64Array; columns: Record<string, Float64Array> } {
  const loaded = loadWide(path, f).panel;
  try {
    const dates = loaded.dates();
    if (!dates.length) throw new UsageError(`${flagged}${shownPath(path)} has no date column; a tear sheet needs a date per row`);
    if (!loaded.columns.length) throw new UsageError(`${flagged}${shownPath(path)} has no numeric column`);
    return { dates, columns: Object.fromEntries(loaded.columns.map((c, j) => [c, loaded.column(j)])) };
  } finally {
    loaded.free();
  }
}

/** `xmom report FILE` for a returns or prices file: report.html with `tearSheet`. */
async function tearSheetReport(out: Output, path: string, outDir: string, f: ReportFlags): Promise<void> {
  if (f.metric !== undefined || f.top !== undefined) throw new UsageError('--metric and --top apply to grid results only');
  const input = inputKind('--input', f.input, 'returns');
  const benchmarkInput = inputKind('--benchmark-input', f.benchmarkInput, input);
  if (f.benchmark === undefined && (f.benchmarkColumn !== undefined || f.benchmarkInput !== undefined || f.benchmarkName !== undefined)) {
    throw new UsageError('--benchmark-column, --benchmark-input and --benchmark-name need --benchmark FILE');
  }
  checkOutDir('--out', outDir, OUT_FILES.gridReport, f.force === true);
  const shown = shownPath(path);
  const main = readColumns('', path, f);
  let names = Object.keys(main.columns);
  if (f.column !== undefined) {
    if (!names.includes(f.column)) throw new UsageError(`--column '${f.column}' is not a numeric column of ${shown}; columns are ${names.join(', ')}`);
    names = [f.column];
  }
  if (f.name !== undefined && names.length > 1) throw new UsageError(`--name labels a single column; ${shown} has ${names.length} (${names.join(', ')}): pick one with --column`);
  const series = f.name !== undefined ? { [f.name]: main.columns[names[0]] } : Object.fromEntries(names.map((n) => [n, main.columns[n]]));
  const lines = [`input: ${shown}, ${names.length === 1 ? `column ${names[0]}` : `columns ${names.join(', ')}`}, ${main.dates.length} rows (${isoDate(main.dates[0])} .. ${isoDate(main.dates[main.dates.length - 1])})`
    + `${input === 'prices' ? "; prices converted to simple returns, each column's first price row dropped" : ''}`];
  let benchmark;
  if (f.benchmark !== undefined) {
    const bPath = resolve(f.benchmark);
    const b = readColumns('--benchmark ', bPath, {});
    const cols = Object.keys(b.columns);
    let col = f.benchmarkColumn;
    if (col !== undefined && !cols.includes(col)) throw new UsageError(`--benchmark-column '${col}' is not a numeric column of ${shownPath(bPath)}; columns are ${cols.join(', ')}`);
    col ??= cols.length === 1 ? cols[0] : PRICE_COLUMNS.find((c) => cols.includes(c));
    if (col === undefined) throw new UsageError(`--benchmark ${shownPath(bPath)}: cannot tell which column to use among ${cols.join(', ')}; pick one with --benchmark-column`);
    const label = f.benchmarkName ?? basename(bPath, extname(bPath));
    benchmark = { values: b.columns[col], dates: b.dates, name: label, input: benchmarkInput, source: shownPath(bPath), column: col };
    lines.push(`benchmark: ${shownPath(bPath)}, column ${col} as ${benchmarkInput}, ${b.dates.length} rows (${isoDate(b.dates[0])} .. ${isoDate(b.dates[b.dates.length - 1])}), compounded onto the series' dates`);
  }
  const { tearSheet } = await import('../report/tearSheet.js');
  out.progress('writing the tear sheet...');
  const html = await tearSheet(series, {
    dates: main.dates, input, benchmark, title: f.title, drawdowns: f.drawdowns, periodsPerYear: f.periodsPerYear,
    source: shown, priceCheck: f.priceCheck !== false,
  });
  out.done();
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, 'report.html');
  writeFileSync(target, html);
  if (out.json) out.result({ command: 'report', kind: 'tearsheet', input: path, columns: Object.keys(series), inputKind: input, benchmark: benchmark ? `${benchmark.source}, column ${benchmark.column}` : null, files: { html: target }, notes: lines });
  else {
    for (const l of lines) out.text(l);
    out.text(`report: ${shownPath(target)}`);
  }
}
