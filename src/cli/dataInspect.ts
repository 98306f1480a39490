/** `xmom data inspect FILE`: date range, calendar, gaps and NaNs per column; every row read accounted for. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import type { Panel } from '../panel.js';
import { formatOf } from '../io/format.js';
import { inspectPanel, type PanelInspection } from '../io/inspect.js';
import type { ReadReport } from '../io/report.js';
import { readLongCsv } from '../io/readLongCsv.js';
import { LONG_FIELDS, type LongField } from '../io/longCsv.js';
import { tableToCsv } from '../data/writeCsv.js';
import { UsageError } from './errors.js';
import { addReaderFlags, loadLong, loadWide, shownPath, type ReaderFlags } from './dataFile.js';
import { isLong } from './dataLayout.js';
import type { Output } from './output.js';
import { textTable } from './table.js';

/** Columns with NaN listed in the text output of `data inspect` (--json lists all). */
const INSPECT_TEXT_COLUMNS = 25;

/**
 * A panel and its read accounting. Long Arrow / Parquet tables are pivoted on `--value`
 * (default close) by writing them as CSV text and reading that back with `readLongCsv`,
 * the same validated path as a long CSV file.
 */
function loadForInspection(path: string, f: ReaderFlags): { panel: Panel; report: ReadReport } {
  const format = formatOf('xmom data inspect', path);
  if (format !== 'csv' && isLong(path, f)) {
    const table = loadLong(path, f);
    const value = (f.value ?? 'close') as LongField;
    if (!LONG_FIELDS.includes(value)) throw new UsageError(`--value must be one of ${LONG_FIELDS.join(', ')}, got '${value}'`);
    const r = readLongCsv(tableToCsv(table), { file: path, value });
    return { panel: r.panel, report: { ...r.report, format } };
  }
  const loaded = loadWide(path, f);
  const ignored = f.ignoreColumns?.split(',').map((c) => c.trim()) ?? [];
  if (loaded.report.layout === 'wide' && loaded.report.columnsIgnored.length === 0 && ignored.length) {
    loaded.report = { ...loaded.report, columnsIgnored: ignored };
  }
  return loaded;
}

function inspectText(out: Output, path: string, r: ReadReport, i: PanelInspection): void {
  out.text(`file: ${shownPath(path)} (${r.format}, ${r.layout})`);
  const dropped = r.rowsRead - r.rowsUsed;
  out.text(`rows: ${r.rowsRead} read, ${r.rowsUsed} used${dropped ? `, ${dropped} without a value` : ''}, ${r.blankLines} blank line${r.blankLines === 1 ? '' : 's'} skipped -> panel ${i.rows} dates x ${i.columns} ${r.layout === 'long' ? 'symbols' : 'columns'}`);
  out.text(`columns read: ${r.columnsUsed.join(', ')}${r.columnsIgnored.length ? `; ignored: ${r.columnsIgnored.map((c) => `'${c}'`).join(', ')}` : ''}`);
  if (i.start !== null) {
    out.text(`dates: ${i.start} .. ${i.end}, calendar ${i.calendar}${i.periodsPerYear ? ` (${i.periodsPerYear} periods/year)` : ''}, ${i.sorted ? 'ascending' : 'NOT ascending'}, ${i.duplicateDates} duplicate${i.duplicateDates === 1 ? '' : 's'}`);
  } else {
    out.text('dates: none (rows are numbered)');
  }
  if (i.gaps === null) out.text('gaps: not checked (irregular or unknown calendar)');
  else if (i.gaps.count === 0) out.text('gaps: none');
  else out.text(`gaps: ${i.gaps.count} missing date${i.gaps.count === 1 ? '' : 's'}, first: ${i.gaps.first.join(', ')}`);
  out.text(`missing cells: ${i.nanCells} of ${i.rows * i.columns}`);
  const withNan = i.nans.filter((c) => c.count > 0);
  if (withNan.length) {
    const lines = textTable(
      ['column', 'NaN', 'leading', 'inner', 'trailing', 'first valid', 'last valid'],
      withNan.slice(0, INSPECT_TEXT_COLUMNS).map((c) => [c.column, String(c.count), String(c.leading), String(c.inner), String(c.trailing), c.firstValid ?? '-', c.lastValid ?? '-']),
    );
    for (const l of lines) out.text(`  ${l}`);
    if (withNan.length > INSPECT_TEXT_COLUMNS) out.text(`  ... and ${withNan.length - INSPECT_TEXT_COLUMNS} more columns with NaN (--json lists every column)`);
  }
  for (const n of r.notes) out.text(`note: ${n}`);
}

/** The `data inspect` command: the reader's accounting (`ReadReport`) and `inspectPanel`. */
export function inspectCommand(getOutput: (cmd: Command) => Output): Command {
  const cmd = new Command('inspect')
    .description('date range, calendar, gaps and NaNs per column of a data file; every row read accounted for')
    .argument('<file>', '.csv (wide or long), .arrow / .feather / .ipc, .parquet');
  addReaderFlags(cmd);
  return cmd
    .addHelpText('after', `
Examples:
  $ xmom data inspect fixtures/crypto12.csv
  $ xmom data inspect fixtures/equities.csv --value market_cap
  $ xmom data inspect ../shared/data/ecb_eurofxref_hist.csv --order descending --ignore-columns "" --json`)
    .action((file: string, f: ReaderFlags, self: Command) => {
      const out = getOutput(self);
      const path = resolve(file);
      const { panel, report } = loadForInspection(path, f);
      try {
        const inspection = inspectPanel(panel);
        if (out.json) out.result({ command: 'data inspect', file: path, read: report, inspection });
        else inspectText(out, path, report, inspection);
      } finally {
        panel.free();
      }
    });
}

