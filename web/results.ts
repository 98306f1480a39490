/**
 * The backtest result on the page: KPIs, the metrics table, equity / drawdown / weights
 * charts, and the JSON island `#xmom-result`. A result is either fresh (just received
 * for the current inputs), stale (faded, with a banner, while the next run computes) or
 * gone (after an error or a new dataset).
 */
import type { MetricRowSpec } from '../src/browser.js';
import { escapeXml, lineChart, PALETTE, weightsChart } from './charts/index.js';
import { $, input, ms, removeJson, setStatus, writeJson } from './dom.js';
import { formatDate, formatMetric } from './format.js';
import type { BacktestPayload, RunSpec } from './protocol.js';

let shown: { runId: number; payload: BacktestPayload } | null = null;
let firstResultMs: number | null = null;

/** The run id of the result on screen, or null. */
export function shownRunId(): number | null {
  return shown?.runId ?? null;
}

/** Marks what is on screen as the previous run's: faded, with a banner, not readable as a result. */
export function markStale(): void {
  for (const id of ['summary-card', 'metrics-card', 'grid-card']) $(id).classList.add('stale');
  removeJson('xmom-result');
  removeJson('xmom-grid');
  input('dl-csv').disabled = true;
  input('dl-arrow').disabled = true;
}

/** Removes the result from the page (after an error, or for a new dataset). */
export function clearOutput(): void {
  markStale();
  shown = null;
  $('output').hidden = true;
  for (const id of ['kpis', 'equity-chart', 'drawdown-chart', 'weights-chart', 'metrics-table', 'grid-chart', 'equity-legend', 'weights-legend']) $(id).innerHTML = '';
  delete document.body.dataset.runId;
}

const kpi = (label: string, v: number, f: 'percent' | 'ratio') => `<div class="kpi"><span>${label}</span><b>${formatMetric(v, f)}</b></div>`;

/** Shows a fresh result; the first one also records the time since navigation start. */
export function renderResult(datasetName: string, spec: RunSpec, p: BacktestPayload, rows: readonly MetricRowSpec[], roundTrip: number): void {
  shown = { runId: p.runId, payload: p };
  $('output').hidden = false;
  const strat = p.comparison.metrics[0];
  $('result-title').innerHTML = `${escapeXml(p.comparison.names[0])} <small>on ${escapeXml(datasetName)}, ${formatDate(p.dates[0])} to ${formatDate(p.dates[p.dates.length - 1])}, ${p.periodsPerYear} bars a year</small>`;
  $('kpis').innerHTML = kpi('CAGR', strat.cagr, 'percent') + kpi('Sharpe', strat.sharpe, 'ratio') + kpi('Max drawdown', strat.maxDrawdown, 'percent')
    + kpi('Calmar', strat.calmar, 'ratio') + kpi('Volatility', strat.annualVolatility, 'percent') + kpi('Turnover / yr', strat.annualTurnover, 'ratio');
  const names = p.comparison.names;
  const cls = (i: number) => (i === 0 ? ' class="strategy"' : '');
  const head = `<thead><tr><th>Metric</th>${names.map((n, i) => `<th${cls(i)}>${escapeXml(n)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((row) => `<tr data-key="${row.key}"><td>${escapeXml(row.label)}</td>${p.comparison.metrics.map((m, i) => `<td${cls(i)}>${formatMetric(m[row.key] as number, row.format)}</td>`).join('')}</tr>`).join('');
  $('metrics-table').innerHTML = `${head}<tbody>${body}</tbody>`;
  drawCharts();
  for (const id of ['summary-card', 'metrics-card']) $(id).classList.remove('stale');
  input('dl-csv').disabled = false;
  input('dl-arrow').disabled = false;
  writeJson('xmom-result', {
    runId: p.runId, dataset: datasetName, spec, names, metrics: p.comparison.metrics, periodsPerYear: p.periodsPerYear, timings: p.timings,
  });
  document.body.dataset.runId = String(p.runId);
  const t = p.timings;
  setStatus(`${spec.strategy} on ${datasetName}: ${p.dates.length} bars × ${p.columns.length} assets. Worker: ${ms(t.total)} (strategy ${ms(t.strategy)}, backtest ${ms(t.backtest)}, benchmarks ${ms(t.benchmarks)}, metrics ${ms(t.metrics)}); round trip ${ms(roundTrip)}.`);
  if (firstResultMs === null) {
    firstResultMs = performance.now();
    document.body.dataset.firstResultMs = firstResultMs.toFixed(1);
    $('footer').textContent = `First result ${Math.round(firstResultMs)} ms after the page started loading (engine start, data download and parse, backtest, metrics, drawing).`;
  }
}

const LINE_COLORS = ['#1f4e9c', '#f28e2b', '#59a14f'];

/** (Re)draws the charts of the result on screen at the current width. */
export function drawCharts(): void {
  if (!shown) return;
  const p = shown.payload;
  const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(Math.abs(v) < 0.1 ? 1 : 0)}%` : '—');
  const wealth = (v: number) => (!Number.isFinite(v) ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const lines = p.series.map((s, i) => ({ name: s.name, color: LINE_COLORS[i % LINE_COLORS.length], width: i === 0 ? 2 : 1.3 }));
  $('equity-legend').innerHTML = lines.map((l) => `<span><i style="background:${l.color}"></i>${escapeXml(l.name)}</span>`).join('');
  lineChart($('equity-chart'), { dates: p.dates, height: 250, log: input('log-scale').checked, format: wealth, series: p.series.map((s, i) => ({ ...lines[i], values: s.equity })) });
  lineChart($('drawdown-chart'), { dates: p.dates, height: 150, format: pct, fillFirst: true, series: p.series.map((s, i) => ({ ...lines[i], values: s.drawdown })) });
  $('weights-legend').innerHTML = p.columns.map((c, j) => `<span><i style="background:${PALETTE[j % PALETTE.length]}"></i>${escapeXml(c)}</span>`).join('');
  weightsChart($('weights-chart'), p.dates, p.weights, p.columns, 170);
}
