/**
 * `xmom report <saved results>`: an HTML report from files written earlier, without
 * re-running anything. A backtest's `series.json`, or its `series.arrow` (with the
 * `weights.arrow` beside it when present), gives the full backtest report; a grid's
 * `results.arrow` gives a table of the best points.
 */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { Table } from 'apache-arrow';
import { readFileBytes } from '../io/fsErrors.js';
import { decodeArrow } from '../io/arrowIpc.js';
import { readSeriesArrow, readSeriesJson, type SavedBacktest } from './savedSeries.js';
import { UsageError } from './errors.js';
import { shownPath } from './dataFile.js';
import type { Output } from './output.js';
import { gridTableHtml } from './gridHtml.js';
import { checkOutDir, OUT_FILES } from './outDir.js';

interface ReportFlags {
  out: string;
  title?: string;
  name?: string;
  metric?: string;
  top?: number;
  force?: boolean;
}

/** The `report` command: a backtest report from saved series, or a ranked table of grid results. */
export function reportCommand(getOutput: (cmd: Command) => Output): Command {
  return new Command('report')
    .description('HTML report from saved results: a backtest series.json / series.arrow, or a grid results.arrow')
    .argument('<file>', 'series.json or series.arrow (xmom backtest --out), or results.arrow (xmom grid --out)')
    .requiredOption('-o, --out <dir>', 'folder to write report.html into (a backtest also gets its series files again)')
    .option('-f, --force', 'replace the report (and series files) when --out already holds them')
    .option('--title <text>', 'report title')
    .option('--name <text>', "the strategy's label (series.arrow does not store it)")
    .option('--metric <name>', 'grid: the metric to rank points by (default sharpe)')
    .option('--top <n>', 'grid: rows shown (default 50)', (s) => {
      if (!/^\d+$/.test(s) || Number(s) < 1) throw new UsageError(`--top must be an integer >= 1, got '${s}'`);
      return Number(s);
    })
    .addHelpText('after', `
Examples:
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
      if (ext === '.json') {
        saved = readSeriesJson(path);
      } else if (ext === '.arrow' || ext === '.feather' || ext === '.ipc' || ext === '.arrows') {
        const table = decodeArrow('xmom report', readFileBytes('xmom report', path), path);
        if (table.getChild('returns') && table.getChild('equity')) saved = readSeriesArrow(path, table);
        else grid = table;
      } else {
        throw new UsageError(`cannot tell what ${shownPath(path)} holds from its extension; give series.json, series.arrow or a grid results.arrow`);
      }
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
