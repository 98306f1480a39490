/**
 * Writing a grid's results: results.arrow (Arrow IPC file), results.csv, results.json
 * (summary + rows), summary.txt (the top-N table) and heatmap.html (a heatmap of the
 * first two varied parameters). CSV and JSON rows are written in chunks, so a 100,000
 * point grid never builds one huge string.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Table, type Vector } from 'apache-arrow';
import { ArrowFileStream } from './arrowStream.js';
import type { GridFiles, GridResult } from './types.js';
import { GRID_METRICS, METRIC_DIRECTION, type GridMetric } from './reduce.js';
import { TopK } from './topK.js';
import { writeGridHeatmap, heatmapAxes } from './heatmap.js';

/** Paths written by `writeGridResults`. */
export type { GridFiles } from './types.js';

const CHUNK = 1000;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (typeof v === 'bigint') return String(v);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The cells of one column of `part` as CSV text and JSON text, each rendered once:
 * numbers through `String` (NaN: empty / null; infinities: text / null), dictionary
 * columns through their dictionary's texts (decoded once, not per row), booleans and
 * strings through `get`. Rows of a grid's results, so one chunk of a column at a time.
 */
function columnTexts(v: Vector): { csv: string[]; json: string[] } {
  const n = v.length;
  const csv = new Array<string>(n);
  const json = new Array<string>(n);
  const id = v.type.typeId;
  if (v.nullCount === n) {
    csv.fill('');
    json.fill('null');
    return { csv, json };
  }
  if ((id === Type.Float || id === Type.Int) && v.nullCount === 0) {
    const a = v.toArray() as ArrayLike<number | bigint>;
    for (let r = 0; r < n; r++) {
      const x = a[r];
      if (typeof x === 'bigint') {
        csv[r] = json[r] = String(x);
      } else if (x === x) {
        const t = String(x);
        csv[r] = t;
        json[r] = Number.isFinite(x) ? t : 'null';
      } else {
        csv[r] = '';
        json[r] = 'null';
      }
    }
    return { csv, json };
  }
  if (id === Type.Dictionary && v.nullCount === 0) {
    let r = 0;
    for (const chunk of v.data) {
      const dict = chunk.dictionary!;
      const dc = Array.from({ length: dict.length }, (_, k) => cellText(dict.get(k)));
      const dj = Array.from({ length: dict.length }, (_, k) => JSON.stringify(jsonValue(dict.get(k))));
      const idx = chunk.values as ArrayLike<number>;
      for (let i = 0; i < chunk.length; i++, r++) {
        const k = Number(idx[chunk.offset + i]);
        csv[r] = dc[k];
        json[r] = dj[k];
      }
    }
    return { csv, json };
  }
  for (let r = 0; r < n; r++) {
    const x = v.get(r) as unknown;
    csv[r] = cellText(x);
    json[r] = JSON.stringify(jsonValue(x));
  }
  return { csv, json };
}

function jsonValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  return v ?? null;
}

/** The rows of `part` as CSV lines (newline-terminated) and JSON objects (one per row). */
export function formatRows(part: Table): { csv: string; json: string[] } {
  const fields = part.schema.fields;
  const cols = fields.map((f) => columnTexts(part.getChild(f.name)!));
  const keys = fields.map((f, c) => `${c === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
  const lines = new Array<string>(part.numRows);
  const objects = new Array<string>(part.numRows);
  for (let r = 0; r < part.numRows; r++) {
    let line = '';
    let obj = '';
    for (let c = 0; c < cols.length; c++) {
      line += c === 0 ? cols[c].csv[r] : `,${cols[c].csv[r]}`;
      obj += keys[c] + cols[c].json[r];
    }
    lines[r] = line;
    objects[r] = `  ${obj}}`;
  }
  return { csv: lines.length ? `${lines.join('\n')}\n` : '', json: objects };
}

/** CSV lines of the rows of `part`, NaN and null as empty cells. */
export function csvRows(part: Table): string {
  return formatRows(part).csv;
}

/** The CSV header of `table`'s columns. */
export function csvHeader(table: Table): string {
  return `${table.schema.fields.map((f) => cellText(f.name)).join(',')}\n`;
}

/** JSON rows (`  {"column": value, ...}`) of `part`, one per line. */
export function jsonRows(part: Table): string[] {
  return formatRows(part).json;
}

/**
 * Writes `table` as an Arrow IPC file, record batches of at most 16,384 rows streamed to
 * the file (the file never sits whole in memory). Readable by `tableFromIPC`, pyarrow, polars.
 */
export async function writeTableArrow(path: string, table: Table): Promise<void> {
  const w = new ArrowFileStream(path, table.schema);
  for (let from = 0; from < table.numRows; from += 16_384) w.append(table.slice(from, from + 16_384));
  await w.finish();
}

/** Writes `table` as CSV (header + rows; NaN and null as empty cells) in chunks. */
export function writeTableCsv(path: string, table: Table): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, csvHeader(table));
    for (let from = 0; from < table.numRows; from += CHUNK) writeSync(fd, csvRows(table.slice(from, from + CHUNK)));
  } finally {
    closeSync(fd);
  }
}

/** The JSON summary of a grid (everything but the table and the series). */
export function gridSummary(result: GridResult): Record<string, unknown> {
  const clean = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : ArrayBuffer.isView(v) ? undefined : v)));
  return clean({
    strategy: result.strategy,
    axes: result.spec.axes.map((a) => ({ name: a.column, section: a.section, values: a.values })),
    sample: result.spec.sample,
    metric: result.metric,
    points: result.points,
    completed: result.completed,
    failed: result.failed,
    ruined: result.ruined,
    ruinedLast: result.ruinedLast,
    partial: result.partial,
    periodsPerYear: result.periodsPerYear,
    best: result.best,
    top: result.top.map(({ point, params, metrics, value }) => ({ point, params, metrics, value })),
    deflatedSharpe: result.deflatedSharpe,
    pbo: result.pbo ? { ...result.pbo, logits: Array.from(result.pbo.logits) } : null,
    walkForward: result.walkForward ? { ...result.walkForward, returns: undefined, dates: undefined } : null,
    stats: result.stats,
  }) as Record<string, unknown>;
}

/** Writes every row and the summary as JSON: `{ rows: [{ column: value }], ...summary }`, in chunks. */
export function writeGridJson(path: string, result: GridResult): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, JSON_HEAD);
    const t = result.table;
    for (let from = 0; from < t.numRows; from += CHUNK) {
      writeSync(fd, jsonRows(t.slice(from, from + CHUNK)).join(',\n') + (from + CHUNK < t.numRows ? ',\n' : '\n'));
    }
    writeSync(fd, jsonTail(result));
  } finally {
    closeSync(fd);
  }
}

/** The start of results.json, before its rows. */
export const JSON_HEAD = '{\n "rows": [\n';

/** The end of results.json after its rows: the summary's fields. */
export function jsonTail(result: GridResult): string {
  const summary = JSON.stringify(gridSummary(result), null, 1);
  return ` ],\n${summary.slice(summary.indexOf('{') + 1)}\n`;
}

const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : '—');
const num = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');
const FORMATS: Record<GridMetric, (v: number) => string> = {
  sharpe: num, cagr: pct, annualVolatility: pct, maxDrawdown: pct, calmar: num, sortino: num, turnover: pct, totalReturn: pct,
};

/**
 * The top `n` points by the grid's metric as a plain-text table (parameters, then the
 * metrics, and a `ruined` column when any point was ruined), for a console, in the grid's
 * order (ruined points after solvent ones unless `ruinedLast` was off). Failed points are
 * not listed.
 */
export function formatTopTable(result: GridResult, n = 10): string {
  const table = result.table;
  const metricCol = table.getChild(result.metric)!;
  const errCol = table.getChild('error')!;
  const noErrors = errCol.nullCount === errCol.length;
  // One scan keeping the n best rows (ties to the lower row), no O(rows) array.
  const ruinedCol = table.getChild('ruined');
  const best = new TopK<number>(n, METRIC_DIRECTION[result.metric], result.ruinedLast);
  for (let r = 0; r < table.numRows; r++) {
    const v = metricCol.get(r) as number;
    const ruined = ruinedCol?.get(r) === true;
    if (Number.isFinite(v) && best.wouldKeep(v, r, ruined) && (noErrors || errCol.get(r) === null)) best.offer(r, v, () => r, ruined);
  }
  const order = best.entries.map((e) => e.point);
  const params = result.spec.axes.map((a) => a.column);
  const showRuined = result.ruined > 0;
  const header = ['#', 'point', ...params, ...GRID_METRICS, ...(showRuined ? ['ruined'] : [])];
  const body = order.map((r, k) => [
    String(k + 1),
    String(table.getChild('point')!.get(r)),
    ...params.map((p) => String(table.getChild(p)!.get(r))),
    ...GRID_METRICS.map((m) => FORMATS[m](table.getChild(m)!.get(r) as number)),
    ...(showRuined ? [ruinedCol?.get(r) === true ? 'yes' : ''] : []),
  ]);
  // Column widths in one pass (no spread of a row count into Math.max's arguments).
  const widths = header.map((h) => h.length);
  for (const row of body) row.forEach((cell, c) => { if (cell.length > widths[c]) widths[c] = cell.length; });
  const line = (cells: string[]): string => cells.map((s, c) => (c < 2 + params.length ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
  const ruinedNote = showRuined ? `; ${result.ruined} ruined${result.ruinedLast ? ', ranked last' : ''}` : '';
  const title = `Top ${order.length} of ${result.completed} points by ${result.metric}${ruinedNote}${result.partial ? ' (interrupted run)' : ''}`;
  return [title, line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/**
 * Writes a grid's results into `outDir` (created if missing): results.arrow,
 * results.csv, results.json, summary.txt and, when at least two parameters vary,
 * heatmap.html (the mean of the grid's metric over the other parameters, for the first
 * two varied parameters; see `writeGridHeatmap` for others; `heatmap: false` skips it,
 * and with it the load of vega). Returns the paths.
 */
export async function writeGridResults(result: GridResult, outDir: string, options: { heatmap?: boolean } = {}): Promise<GridFiles> {
  mkdirSync(outDir, { recursive: true });
  const files: GridFiles = {
    arrow: join(outDir, 'results.arrow'),
    csv: join(outDir, 'results.csv'),
    json: join(outDir, 'results.json'),
    summary: join(outDir, 'summary.txt'),
    heatmap: null,
  };
  await writeTableArrow(files.arrow, result.table);
  writeTableCsv(files.csv, result.table);
  writeGridJson(files.json, result);
  files.heatmap = await writeSummaryFiles(result, outDir, options);
  return files;
}

/**
 * summary.txt (the top-N table) and, when at least two parameters vary and `heatmap` is
 * not false, heatmap.html, in `outDir`. Returns the heatmap's path or null.
 */
export async function writeSummaryFiles(result: GridResult, outDir: string, options: { heatmap?: boolean } = {}): Promise<string | null> {
  writeFileSync(join(outDir, 'summary.txt'), `${formatTopTable(result)}\n`);
  const axes = options.heatmap === false ? null : heatmapAxes(result);
  return axes ? writeGridHeatmap(result, join(outDir, 'heatmap.html'), { x: axes[0], y: axes[1] }) : null;
}
