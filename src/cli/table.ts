/** Plain-text tables for the terminal: a header, right-aligned numeric columns. */
import type { MetricComparison, MetricRowSpec } from '../metrics/compare.js';
import { formatMetric } from '../report/format.js';

/** Rows of text cells -> aligned lines (first column left-aligned, the rest right-aligned). */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string => cells
    .map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c])))
    .join('  ')
    .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** A metric comparison as text: one row per metric, one column per series. */
export function metricsTable(cmp: MetricComparison, only?: readonly MetricRowSpec['key'][]): string[] {
  const rows = cmp.rows.filter((r) => !only || only.includes(r.key));
  return textTable(['Metric', ...cmp.names], rows.map((r) => [r.label, ...r.values.map((v) => formatMetric(v, r.format))]));
}
