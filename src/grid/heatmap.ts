/**
 * Heatmap of a grid's metric over two parameters: each cell aggregates (mean or max) the
 * metric of the finished points with those two values, over every value of the other
 * parameters (failed points and NaN metrics left out). Rendered as SVG with Vega-Lite
 * through the report's renderer (src/report/charts.ts `renderSvg`: vega-lite compile,
 * headless vega View, no DOM) and written into a self-contained HTML page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import type { GridResult } from './types.js';
import { checkMetric, type GridMetric } from './reduce.js';

export interface HeatmapOptions {
  /** Parameter columns on the x and y axes. */
  x: string;
  y: string;
  /** Metric shown (default: the grid's metric). */
  metric?: GridMetric;
  /** How the other parameters are collapsed (default 'mean'). */
  aggregate?: 'mean' | 'max';
}

export interface HeatmapCell {
  x: string;
  y: string;
  value: number;
  /** Points aggregated into the cell. */
  n: number;
}

/** The first two parameters with more than one value, or null. */
export function heatmapAxes(result: GridResult): [string, string] | null {
  const varied = result.spec.axes.filter((a) => a.values.length > 1).map((a) => a.column);
  return varied.length >= 2 ? [varied[0], varied[1]] : null;
}

function axisOrder(result: GridResult, column: string): string[] {
  const axis = result.spec.axes.find((a) => a.column === column);
  if (!axis) {
    const names = result.spec.axes.map((a) => a.column).join(', ');
    throw new InputError(`gridHeatmap: '${column}' is not a parameter of this grid; parameters are ${names || '(none)'}`);
  }
  const vals = axis.values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  if (axis.def.kind === 'int' || axis.def.kind === 'number' || (axis.def.kind === 'costBps' && axis.values.every((v) => typeof v === 'number'))) return [...new Set(vals)].sort((a, b) => Number(a) - Number(b));
  return [...new Set(vals)];
}

/** The cells of the heatmap (see the module doc). O(rows). */
export function heatmapCells(result: GridResult, o: HeatmapOptions): HeatmapCell[] {
  const metric = checkMetric('gridHeatmap', o.metric ?? result.metric);
  const agg = o.aggregate ?? 'mean';
  if (agg !== 'mean' && agg !== 'max') throw new InputError(`gridHeatmap: aggregate must be 'mean' or 'max', got ${JSON.stringify(agg)}`);
  if (o.x === o.y) throw new InputError('gridHeatmap: x and y must be two different parameters');
  const xs = axisOrder(result, o.x);
  const ys = axisOrder(result, o.y);
  const t = result.table;
  const cx = t.getChild(o.x)!;
  const cy = t.getChild(o.y)!;
  const cm = t.getChild(metric)!;
  const ce = t.getChild('error')!;
  const acc = new Map<string, { s: number; n: number }>();
  const text = (v: unknown): string => String(v);
  for (let r = 0; r < t.numRows; r++) {
    const v = cm.get(r) as number;
    if (ce.get(r) !== null || !(v === v)) continue;
    const key = `${text(cx.get(r))}\u0000${text(cy.get(r))}`;
    const a = acc.get(key) ?? { s: agg === 'max' ? -Infinity : 0, n: 0 };
    a.s = agg === 'max' ? Math.max(a.s, v) : a.s + v;
    a.n++;
    acc.set(key, a);
  }
  const cells: HeatmapCell[] = [];
  for (const y of ys) {
    for (const x of xs) {
      const a = acc.get(`${x}\u0000${y}`);
      if (a) cells.push({ x, y, value: agg === 'max' ? a.s : a.s / a.n, n: a.n });
    }
  }
  return cells;
}

/** The heatmap as an SVG string. */
export async function gridHeatmapSvg(result: GridResult, o: HeatmapOptions): Promise<string> {
  const metric = o.metric ?? result.metric;
  const cells = heatmapCells(result, o);
  const xs = axisOrder(result, o.x);
  const ys = axisOrder(result, o.y);
  const { renderSvg } = await import('../report/charts.js');
  const percent = ['cagr', 'annualVolatility', 'maxDrawdown', 'turnover', 'totalReturn'].includes(metric);
  const fmt = percent ? '.1%' : '.2f';
  const step = Math.max(14, Math.min(48, Math.floor(720 / Math.max(xs.length, 1))));
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
      encoding: {
        color: { field: 'value', type: 'quantitative', title: `${o.aggregate ?? 'mean'} ${metric}`, scale: { scheme: 'viridis' }, legend: { format: fmt } },
        tooltip: [{ field: 'x' }, { field: 'y' }, { field: 'value', format: fmt }, { field: 'n' }],
      },
    },
  ];
  if (cells.length <= 400) layers.push({ mark: { type: 'text', fontSize: 9, color: '#f8fafc' }, encoding: { text: { field: 'value', type: 'quantitative', format: fmt } } });
  return renderSvg({
    width: { step }, height: { step: Math.max(14, Math.min(40, step)) },
    title: { text: `${o.aggregate ?? 'mean'} ${metric} by ${o.x} x ${o.y}`, anchor: 'start', fontSize: 13 },
    data: { values: cells },
    encoding: {
      x: { field: 'x', type: 'ordinal', sort: xs, title: o.x, axis: { labelAngle: 0, labelOverlap: true } },
      y: { field: 'y', type: 'ordinal', sort: ys, title: o.y },
    },
    layer: layers,
  }, 'heat-');
}

/** Writes an HTML page with the heatmap (inline SVG) to `path`; returns the path. */
export async function writeGridHeatmap(result: GridResult, path: string, o: HeatmapOptions): Promise<string> {
  const svg = await gridHeatmapSvg(result, o);
  const { escapeHtml } = await import('../report/format.js');
  const title = `${result.strategy} grid: ${o.aggregate ?? 'mean'} ${o.metric ?? result.metric} by ${o.x} and ${o.y}`;
  const note = `${result.completed} points${result.failed ? `, ${result.failed} failed` : ''}${result.partial ? ' (interrupted run)' : ''}; other parameters collapsed by ${o.aggregate ?? 'mean'}.`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{margin:24px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0f172a;background:#f8fafc}
figure{margin:16px 0;background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:12px;overflow-x:auto}p{color:#64748b}</style>
</head><body><h1 style="font-size:20px">${escapeHtml(title)}</h1><p>${escapeHtml(note)}</p><figure>${svg}</figure></body></html>
`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html);
  return path;
}
