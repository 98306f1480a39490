/** How a run is shown: its header and metrics table (text), its JSON document, its HTML report. */
import type { Metrics } from '../metrics/metrics.js';
import { isoDate } from '../data/dates.js';
import { shownPath } from './dataFile.js';
import type { Output } from './output.js';
import type { RunOutcome } from './run.js';
import { metricsTable } from './table.js';

/** The strategy's parameter values as `k=v` text (given ones only). */
export function paramsText(params: Record<string, unknown>): string {
  const show = (v: unknown): string => (Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(':') : String(x))).join(',') : String(v));
  const parts = Object.entries(params).map(([k, v]) => `${k}=${show(v)}`);
  return parts.length ? parts.join(' ') : '(defaults)';
}

/**
 * Where the run's book was ruined (equity reached 0), or null when solvent: the ISO date
 * of the ruin bar, or its row in the data when there are no dates.
 */
export function ruinedAtText(o: RunOutcome): string | null {
  const r = o.result;
  if (r.ruinedRow === null) return null;
  return r.dates.length ? isoDate(r.dates[r.ruinedRow]) : `row ${o.window.fromRow + r.ruinedRow}`;
}

/** The drawdown stop's firings with ISO dates (rows in the data when there are no dates). */
export function stopsOf(o: RunOutcome): { triggered: string; reentry: string | null; drawdown: number }[] {
  const r = o.result;
  const at = (row: number): string => (r.dates.length ? isoDate(r.dates[row]) : `row ${o.window.fromRow + row}`);
  return r.stops.map((s) => ({ triggered: at(s.triggeredRow), reentry: s.reentryRow === null ? null : at(s.reentryRow), drawdown: s.drawdown }));
}

/** Prints a run's header and metrics table (text mode). */
export function printRun(out: Output, o: RunOutcome, heading: string): void {
  out.text(heading);
  out.text(`data: ${shownPath(o.data.path)} (${o.data.rows} rows x ${o.data.columns.length} assets)`);
  if (o.data.quote) out.text(o.data.quote);
  if (o.data.benchmark) out.text(`${o.data.benchmark}: beta, alpha and the relative metrics are to it`);
  const w = o.window;
  const span = w.start ? `${w.start} .. ${w.end}` : `rows ${w.fromRow} ..`;
  out.text(`window: ${span}, ${w.bars} bars${w.fromRow > 0 ? ` (after a warm-up of ${w.fromRow} bars; --include-warmup for all)` : ''}; ${o.result.periodsPerYear} periods/year`);
  const stops = stopsOf(o);
  if (stops.length) {
    const shown = stops.slice(0, 6).map((s) => `${s.triggered} -> ${s.reentry ?? 'flat to the end'} (${(100 * s.drawdown).toFixed(1)}%)`);
    out.text(`drawdown stop fired ${stops.length}x (sold -> re-entered): ${shown.join(', ')}${stops.length > 6 ? `, ... (all in --json)` : ''}`);
  }
  const ruined = ruinedAtText(o);
  if (ruined !== null) out.text(`ruined: equity reached 0 at ${ruined}; the book is flat from that bar on (its return -1, then 0)`);
  const t = o.timing;
  if (t) {
    out.text(`ML timing: rebalanced on ${t.rebalanced} of ${t.candidates} scheduled dates (${t.modelDecisions} decided by the model after its warm-up); `
      + `out-of-sample hit rate ${Number.isFinite(t.hitRate) ? t.hitRate.toFixed(3) : 'n/a'}; compared with '${t.benchmark}'`);
  }
  out.text('');
  for (const line of metricsTable(o.comparison)) out.text(line);
}

/** The JSON document of a run. */
export function runJson(o: RunOutcome, extra: Record<string, unknown>): Record<string, unknown> {
  const metrics: Record<string, Metrics> = {};
  o.comparison.names.forEach((n, i) => { metrics[n] = o.comparison.metrics[i]; });
  return {
    ...extra,
    data: { path: o.data.path, rows: o.data.rows, columns: o.data.columns, ...(o.data.quote ? { quote: o.data.quote } : {}), ...(o.data.benchmark ? { benchmark: o.data.benchmark } : {}) },
    window: o.window,
    options: o.options,
    weighting: o.weighting,
    periodsPerYear: o.result.periodsPerYear,
    ruinedAt: ruinedAtText(o),
    ...(o.result.stops.length ? { stops: stopsOf(o) } : {}),
    ...(o.timing ? { timing: { ...o.timing, hitRate: Number.isFinite(o.timing.hitRate) ? o.timing.hitRate : null } } : {}),
    metrics,
  };
}

/** Writes report.html + series files for a run; returns the report path. */
export async function writeRunReport(o: RunOutcome, outDir: string, title: string): Promise<string> {
  const { writeReport } = await import('../report/write.js');
  const files = await writeReport(o.result, {
    outDir,
    title,
    strategyName: o.label,
    benchmarks: Object.fromEntries(Object.entries(o.benchmarks).map(([n, r]) => [n, { returns: r.returns }])),
  });
  return files.html;
}

