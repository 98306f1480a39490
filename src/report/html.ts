/**
 * The report page: one self-contained HTML document (CSS in a <style> tag, charts as
 * inline SVG, no scripts, no external fonts or images).
 */
import type { MetricComparison } from '../metrics/compare.js';
import { escapeHtml, formatDate, formatMetric, formatPercent, formatRatio, MISSING } from './format.js';

const CSS = `
:root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --soft:#f8fafc; --accent:#2563eb; --neg:#dc2626; --pos:#059669; }
* { box-sizing: border-box; }
body { margin:0; background:#f1f5f9; color:var(--ink); font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 32px 24px 48px; }
header h1 { margin:0 0 4px; font-size:26px; letter-spacing:-0.01em; }
header p { margin:0; color:var(--muted); }
section { background:#fff; border:1px solid var(--line); border-radius:12px; padding:20px 22px; margin-top:20px; box-shadow:0 1px 2px rgba(15,23,42,.04); }
h2 { margin:0 0 14px; font-size:16px; }
h3 { margin:18px 0 8px; font-size:13px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
.kpis { display:grid; grid-template-columns:repeat(auto-fit,minmax(140px,1fr)); gap:12px; background:none; border:0; box-shadow:none; padding:0; }
.kpi { background:#fff; border:1px solid var(--line); border-radius:12px; padding:14px 16px; }
.kpi .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.kpi .value { font-size:24px; font-weight:650; margin-top:2px; font-variant-numeric:tabular-nums; }
.kpi .cmp { color:var(--muted); font-size:12px; }
figure { margin:0; overflow-x:auto; }
figure svg { display:block; max-width:100%; height:auto; }
table { width:100%; border-collapse:collapse; font-variant-numeric:tabular-nums; }
.table-wrap { overflow-x:auto; }
th, td { padding:7px 10px; border-bottom:1px solid var(--line); text-align:right; white-space:nowrap; }
th:first-child, td:first-child { text-align:left; white-space:normal; min-width:140px; }
thead th { font-size:12px; color:var(--muted); font-weight:600; border-bottom:2px solid var(--line); white-space:normal; vertical-align:bottom; }
tbody tr:nth-child(even) td { background:var(--soft); }
td.neg { color:var(--neg); }
.swatch { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:6px; vertical-align:baseline; }
.note { color:var(--muted); font-size:12px; margin-top:10px; }
footer { color:var(--muted); font-size:12px; margin-top:24px; }
footer code { background:#e2e8f0; padding:1px 4px; border-radius:4px; }
`;

/** A table cell holding a number: formatted text, the exact value in data-value. */
function numCell(v: number, text: string): string {
  const cls = Number.isFinite(v) && v < 0 ? ' class="neg"' : '';
  return `<td${cls} data-value="${Number.isFinite(v) ? String(v) : ''}">${escapeHtml(text)}</td>`;
}

/** The strategy-vs-benchmarks metrics table. */
export function metricsTableHtml(cmp: MetricComparison, colors: readonly string[]): string {
  const head = cmp.names
    .map((n, i) => `<th><span class="swatch" style="background:${colors[i % colors.length]}"></span>${escapeHtml(n)}</th>`)
    .join('');
  const body = cmp.rows
    .map((row) => `<tr data-metric="${escapeHtml(String(row.key))}"><td>${escapeHtml(row.label)}</td>${row.values.map((v) => numCell(v, formatMetric(v, row.format))).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table class="metrics"><thead><tr><th>Metric</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A generic table: header labels and rows of cells (numbers get formatted by `fmt`). */
export function simpleTableHtml(cls: string, header: string[], rows: (string | { v: number; fmt: (v: number) => string })[][]): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows
    .map((cells) => `<tr>${cells.map((c) => (typeof c === 'string' ? `<td>${escapeHtml(c)}</td>` : numCell(c.v, c.fmt(c.v)))).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table class="${cls}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table></div>`;
}

export interface Kpi {
  label: string;
  value: number;
  format: 'percent' | 'ratio';
  /** The same metric for the first benchmark, shown underneath. */
  compare?: { name: string; value: number };
}

function kpiHtml(k: Kpi): string {
  const f = k.format === 'percent' ? formatPercent : formatRatio;
  const cmp = k.compare ? `<div class="cmp">${escapeHtml(k.compare.name)}: ${escapeHtml(f(k.compare.value))}</div>` : '';
  return `<div class="kpi"><div class="label">${escapeHtml(k.label)}</div><div class="value">${escapeHtml(f(k.value))}</div>${cmp}</div>`;
}

export interface PageSection {
  title: string;
  /** Inner HTML (already escaped / generated). */
  html: string;
}

export interface PageSpec {
  title: string;
  subtitle: string;
  kpis: Kpi[];
  sections: PageSection[];
  footer: string;
}

/** The whole document. */
export function pageHtml(p: PageSpec): string {
  const sections = p.sections.map((s) => `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(p.title)}</h1><p>${escapeHtml(p.subtitle)}</p></header>
${p.kpis.length ? `<section class="kpis">${p.kpis.map(kpiHtml).join('')}</section>\n` : ''}${sections}
<footer>${p.footer}</footer>
</main>
</body>
</html>
`;
}

export { formatDate, MISSING };
