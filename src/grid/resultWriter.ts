/**
 * A grid's result files written while the points finish: results.arrow (record batches
 * appended to an Arrow IPC file), results.csv and results.json (rows appended), in point
 * order. A cursor walks the points: each time the run reports progress, the finished
 * points from the cursor up to the first unfinished one are written in batches of
 * `BATCH` rows; when the run ends (or is interrupted) the remaining finished points
 * follow, still ascending. Then the JSON summary, summary.txt and the heatmap, which need
 * the whole result. Memory: one batch of rows at a time, whatever the grid's size.
 *
 * A failed point is written only once its error message has arrived (a worker marks the
 * point failed in shared memory before its message reaches this thread).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { ArrowFileStream } from './arrowStream.js';
import { STATUS, type ResultStore } from './executor.js';
import type { ExpandedGrid } from './expand.js';
import type { GridFiles, GridResult } from './types.js';
import { csvHeader, formatRows, jsonTail, JSON_HEAD, writeSummaryFiles } from './output.js';
import { buildTable, type DictionaryCache } from './table.js';

/** Rows per written batch. */
const BATCH = 4096;

export class GridResultWriter {
  readonly files: GridFiles;
  readonly #outDir: string;
  readonly #grid: ExpandedGrid;
  readonly #store: ResultStore;
  readonly #errors: ReadonlyMap<number, string>;
  readonly #dictionaries: DictionaryCache = new Map();
  readonly #arrow: ArrowFileStream;
  readonly #csv: number;
  readonly #json: number;
  #jsonRows = 0;
  /** Every finished point below `#next` is written or queued in `#pending`. */
  #next = 0;
  #pending: number[] = [];
  #closed = false;

  /** Creates `outDir` and opens the three row files (truncating them). */
  constructor(outDir: string, grid: ExpandedGrid, store: ResultStore, errors: ReadonlyMap<number, string>) {
    mkdirSync(outDir, { recursive: true });
    this.#outDir = outDir;
    this.files = {
      arrow: join(outDir, 'results.arrow'),
      csv: join(outDir, 'results.csv'),
      json: join(outDir, 'results.json'),
      summary: join(outDir, 'summary.txt'),
      heatmap: null,
    };
    this.#grid = grid;
    this.#store = store;
    this.#errors = errors;
    const empty = this.#table(new Int32Array(0));
    this.#arrow = new ArrowFileStream(this.files.arrow, empty.schema);
    this.#csv = openSync(this.files.csv, 'w');
    this.#json = openSync(this.files.json, 'w');
    writeSync(this.#csv, csvHeader(empty));
    writeSync(this.#json, JSON_HEAD);
  }

  /** Writes the newly finished points that continue the written prefix (call on progress). */
  advance(): void {
    const { status, count } = this.#store;
    let i = this.#next;
    while (i < count) {
      const st = status[i];
      if (st === STATUS.ok || (st === STATUS.failed && this.#errors.has(i))) this.#pending.push(i);
      else break;
      i++;
      if (this.#pending.length === BATCH) this.#flush();
    }
    this.#next = i;
  }

  /** Writes every remaining finished point, the summary and the heatmap; closes the files. */
  async finish(result: GridResult, options: { heatmap?: boolean } = {}): Promise<GridFiles> {
    const { status, count } = this.#store;
    for (let i = this.#next; i < count; i++) {
      const st = status[i];
      if (st === STATUS.ok || st === STATUS.failed) this.#pending.push(i);
      if (this.#pending.length === BATCH) this.#flush();
    }
    this.#next = count;
    this.#flush();
    writeSync(this.#json, (this.#jsonRows > 0 ? '\n' : '') + jsonTail(result));
    this.close();
    await this.#arrow.finish();
    this.files.heatmap = await writeSummaryFiles(result, this.#outDir, options);
    return this.files;
  }

  /** Closes the row files without a summary (a run that failed). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#csv);
    closeSync(this.#json);
  }

  async abandon(): Promise<void> {
    this.close();
    await this.#arrow.finish();
  }

  #table(rows: Int32Array): Table {
    return buildTable(this.#grid, rows, this.#store.metrics, this.#errors, this.#store.ruinedRow, this.#dictionaries);
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const part = this.#table(Int32Array.from(this.#pending));
    this.#pending = [];
    this.#arrow.append(part);
    const { csv, json: lines } = formatRows(part);
    writeSync(this.#csv, csv);
    writeSync(this.#json, (this.#jsonRows > 0 ? ',\n' : '') + lines.join(',\n'));
    this.#jsonRows += lines.length;
  }
}
