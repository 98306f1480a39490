/** `xmom data convert IN OUT`: between CSV, Arrow IPC / Feather and Parquet, by extension. */
import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Table } from 'apache-arrow';
import { formatOf, type FileFormat } from '../io/format.js';
import { writePanelFile } from '../io/panelFile.js';
import { encodeArrow } from '../io/arrowIpc.js';
import { encodeParquet, PARQUET_COMPRESSIONS, type ParquetCompression } from '../io/parquet.js';
import { writeFileBytes } from '../io/fsErrors.js';
import { tableToCsv } from '../data/writeCsv.js';
import { UsageError } from './errors.js';
import { choiceArg } from './args.js';
import { addReaderFlags, loadLong, loadWide, readOptions, shownPath, type ReaderFlags } from './dataFile.js';
import { isLong } from './dataLayout.js';
import { singleBatch } from './longTable.js';
import type { Output } from './output.js';

interface ConvertFlags extends ReaderFlags {
  compression?: ParquetCompression;
  ipc?: 'file' | 'stream';
  force?: boolean;
}

/** Encodes a long table in the format of `path`. */
function encodeTable(table: Table, format: FileFormat, f: ConvertFlags, path: string): Uint8Array | string {
  if (format === 'csv') return tableToCsv(table);
  if (format === 'arrow') return encodeArrow(table, f.ipc ?? (path.toLowerCase().endsWith('.arrows') ? 'stream' : 'file'));
  return encodeParquet(table, f.compression ?? 'snappy');
}

/** The `data convert` command: wide files through Panel, long files as tables. */
export function convertCommand(getOutput: (cmd: Command) => Output): Command {
  const cmd = new Command('convert')
    .description('convert a data file between CSV, Arrow IPC / Feather and Parquet (by extension)')
    .argument('<in>', 'input file')
    .argument('<out>', 'output file: .csv, .arrow / .feather / .ipc (.arrows: stream), .parquet');
  addReaderFlags(cmd);
  return cmd
    .option('--compression <codec>', `Parquet: ${PARQUET_COMPRESSIONS.join(', ')}`, choiceArg(PARQUET_COMPRESSIONS))
    .option('--ipc <format>', 'Arrow: file (default) or stream', choiceArg(['file', 'stream'] as const))
    .option('-f, --force', 'replace the output file if it exists')
    .addHelpText('after', `
Wide files (date + one column per asset) round-trip exactly: values are float64, NaN
kept, dates UTC. Long files (date, symbol, close, ...) stay long, unless --value
pivots them into a wide panel; Arrow and Parquet keep their row order, a long CSV is
read sorted by (date, symbol).

Examples:
  $ xmom data convert fixtures/crypto12.csv /tmp/crypto12.parquet
  $ xmom data convert fixtures/equities.arrow /tmp/equities.csv
  $ xmom data convert ../shared/data/ecb_eurofxref_hist.csv /tmp/ecb.arrow --order descending --ignore-columns ""`)
    .action((input: string, output: string, f: ConvertFlags, self: Command) => {
      const out = getOutput(self);
      const src = resolve(input);
      const dst = resolve(output);
      if (src === dst) throw new UsageError('the input and output are the same file');
      const outFormat = formatOf('xmom data convert', dst);
      if (existsSync(dst) && !f.force) throw new UsageError(`${shownPath(dst)} exists; pass --force to replace it`);
      readOptions(f); // flag errors before reading
      let summary: { layout: string; rows: number; columns: number };
      if (isLong(src, f) && f.value === undefined) {
        const table = singleBatch(loadLong(src, f));
        writeFileBytes('xmom data convert', dst, encodeTable(table, outFormat, f, dst));
        summary = { layout: 'long', rows: table.numRows, columns: table.numCols };
      } else {
        const { panel } = loadWide(src, f);
        try {
          writePanelFile(panel, dst, { ...(f.compression ? { compression: f.compression } : {}), ...(f.ipc ? { ipc: f.ipc } : {}) });
          summary = { layout: 'wide', rows: panel.nRows, columns: panel.nCols };
        } finally {
          panel.free();
        }
      }
      const bytes = statSync(dst).size;
      const inFormat = formatOf('xmom data convert', src);
      if (out.json) out.result({ command: 'data convert', input: src, output: dst, inputFormat: inFormat, outputFormat: outFormat, ...summary, bytes });
      else out.text(`${shownPath(src)} (${inFormat}, ${summary.layout}, ${summary.rows} rows x ${summary.columns} ${summary.layout === 'wide' ? 'assets' : 'columns'}) -> ${shownPath(dst)} (${outFormat}, ${bytes} bytes)`);
    });
}

