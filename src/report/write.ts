import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BacktestResult } from '../backtest/types.js';
import { InputError } from '../errors.js';
import { checkEnum, checkInt, checkOptions } from '../validate.js';
import { compareMetrics } from '../metrics/compare.js';
import { drawdownSeries } from '../metrics/drawdown.js';
import { DEFAULT_EVENTS, type EventRow, type MarketEvent } from '../metrics/events.js';
import { toAligned, type ReturnsInput } from '../metrics/input.js';
import { METRICS_DEFAULTS, resolvePeriodsPerYear } from '../metrics/metrics.js';
import { METRIC_PROFILES, type MetricProfileName } from '../metrics/profiles.js';
import { rollingSharpe, rollingVolatility } from '../metrics/rolling.js';
import {
  drawdownSpec, equitySpec, monthlyHeatmapSpec, PALETTE, renderSvg, rollingSharpeSpec, weightsSpec, type NamedSeries,
} from './charts.js';
import { seriesTable, writeArrow, writeJson } from './files.js';
import { escapeHtml, formatDate } from './format.js';
import { metricsTableHtml, pageHtml, type Kpi, type PageSection } from './html.js';
import { monthlyReturns } from './monthly.js';
import { topWeights, wealthOf } from './series.js';
import { eventTable, regimeTable, yearlyTable } from './tables.js';

/** Defaults of `writeReport`. */
export const REPORT_DEFAULTS = Object.freeze({
  title: 'Backtest report',
  strategyName: 'Strategy',
  /** Rolling Sharpe window for daily data (about 6 months); otherwise one year of bars. */
  rollingWindowDaily: 126,
  /** Assets drawn individually in the weights chart; the rest are summed as "Other". */
  topAssets: 8,
  /** Points per series in a chart before thinning (keeps each SVG small). */
  maxChartPoints: 1000,
});

export interface ReportOptions {
  /** Folder to write into (created if missing). */
  outDir: string;
  title?: string;
  /** Label of the strategy's column and lines (default 'Strategy'). */
  strategyName?: string;
  /** Benchmark return series aligned with the result's bars, e.g. 'Buy & hold BTC', 'Equal weight'. */
  benchmarks?: Record<string, { returns: ReturnsInput }>;
  profile?: MetricProfileName;
  /** Date ranges of the drawdown-by-event table (default `DEFAULT_EVENTS`); needs dates. */
  events?: readonly MarketEvent[];
  /** Overrides `result.periodsPerYear`. */
  periodsPerYear?: number;
  /** Risk-free return per period for Sharpe / Sortino. */
  riskFree?: number;
  /** Rolling Sharpe window in bars (default 126 for daily data, else one year). */
  rollingWindow?: number;
  topAssets?: number;
  maxChartPoints?: number;
  /** Benchmark whose equity defines the market regimes (default: the first; false: no regime table). */
  regimeBenchmark?: string | false;
}

const REPORT_OPTIONS = [
  'outDir', 'title', 'strategyName', 'benchmarks', 'profile', 'events', 'periodsPerYear', 'riskFree',
  'rollingWindow', 'topAssets', 'maxChartPoints', 'regimeBenchmark',
] as const;

/** Paths of the files `writeReport` wrote. */
export interface ReportFiles {
  html: string;
  seriesJson: string;
  seriesArrow: string;
  weightsArrow: string;
}

/**
 * Writes a self-contained performance report of a backtest into `outDir`:
 * - report.html: KPI cards, a metrics table of the strategy beside each benchmark
 *   (`compareMetrics`; beta/alpha to the first benchmark), and inline SVG charts drawn
 *   with Vega-Lite (compiled by vega-lite, rendered headless by vega's View with
 *   renderer 'none' + `toSVG()`): growth of 1 on a log scale, drawdown, rolling Sharpe
 *   (126 bars for daily data, else one year), weights over time (stacked area of the
 *   top assets), and — when the result has dates — a year x month heatmap of monthly
 *   returns, a yearly returns table and a drawdown-by-event table; with a benchmark and
 *   enough history, metrics by market regime (benchmark above / below its 200-bar
 *   average; high / low volatility, see `regimeSplit`). No scripts, no external fonts.
 * - series.json: every series (dates, returns, equity, wealth, drawdown, exposures,
 *   turnover, costs, rolling Sharpe / volatility, benchmarks, weights) and the metrics;
 *   NaN written as null.
 * - series.arrow: Arrow IPC file with date (timestamp ms, when dated), returns, equity,
 *   drawdown, gross_exposure, net_exposure, turnover, costs, rolling_sharpe,
 *   rolling_volatility, and per benchmark `<name> returns` and `<name> equity` (scaled
 *   to the strategy's initial capital).
 * - weights.arrow: date + one float64 column per asset (held weights after trading).
 * Reads `result` only (the caller still owns and frees its panels). Returns the paths.
 */
export async function writeReport(result: BacktestResult, options: ReportOptions): Promise<ReportFiles> {
  const fn = 'writeReport';
  checkOptions(fn, options, REPORT_OPTIONS);
  if (!options || typeof options.outDir !== 'string' || options.outDir === '') throw new InputError(`${fn}: outDir (a folder path) is required`);
  const r = Float64Array.from(result.returns);
  const T = r.length;
  if (T === 0) throw new InputError(`${fn}: the result has no bars to report`);
  if (result.equity.length !== T) throw new InputError(`${fn}: result.equity has ${result.equity.length} rows, result.returns ${T}`);
  const dates = result.dates && result.dates.length === T ? Float64Array.from(result.dates) : new Float64Array(0);
  if (result.dates && result.dates.length !== 0 && result.dates.length !== T) {
    throw new InputError(`${fn}: result.dates has ${result.dates.length} rows, result.returns ${T}`);
  }
  const hasDates = dates.length === T;
  const ppy = resolvePeriodsPerYear(fn, options.periodsPerYear ?? result.periodsPerYear, hasDates ? dates : null);
  const profile = checkEnum(fn, 'profile', options.profile ?? METRICS_DEFAULTS.profile, Object.keys(METRIC_PROFILES) as MetricProfileName[]);
  if (result.weights.nRows !== T) throw new InputError(`${fn}: result.weights has ${result.weights.nRows} rows, result.returns ${T}`);
  const title = options.title ?? REPORT_DEFAULTS.title;
  const strategyName = options.strategyName ?? REPORT_DEFAULTS.strategyName;
  const topAssets = checkInt(fn, 'topAssets', options.topAssets ?? REPORT_DEFAULTS.topAssets, 1);
  const maxPoints = checkInt(fn, 'maxChartPoints', options.maxChartPoints ?? REPORT_DEFAULTS.maxChartPoints, 10);
  const defaultWindow = ppy >= 252 ? REPORT_DEFAULTS.rollingWindowDaily : Math.max(2, Math.round(ppy));
  const window = Math.min(checkInt(fn, 'rollingWindow', options.rollingWindow ?? defaultWindow, 2), T);

  const benchNames = Object.keys(options.benchmarks ?? {});
  if (benchNames.includes(strategyName)) throw new InputError(`${fn}: benchmark name '${strategyName}' clashes with the strategy's name`);
  const bench: Record<string, Float64Array> = {};
  for (const name of benchNames) {
    const b = options.benchmarks![name];
    if (!b || typeof b !== 'object' || !('returns' in b)) throw new InputError(`${fn}: benchmarks['${name}'] must be { returns }`);
    bench[name] = toAligned(fn, `benchmarks['${name}'].returns`, b.returns, T);
  }
  const regimeBench = options.regimeBenchmark === false ? null : options.regimeBenchmark ?? benchNames[0] ?? null;
  if (regimeBench !== null && !bench[regimeBench]) {
    throw new InputError(`${fn}: regimeBenchmark '${regimeBench}' is not one of the benchmarks (${benchNames.join(', ') || 'none given'})`);
  }
  const names = [strategyName, ...benchNames];
  const allReturns: Record<string, Float64Array> = { [strategyName]: r, ...bench };

  // Metrics side by side; beta/alpha measured against the first benchmark.
  const metricOpts = {
    dates: hasDates ? dates : undefined,
    periodsPerYear: ppy,
    profile,
    riskFree: options.riskFree,
    benchmark: benchNames.length ? bench[benchNames[0]] : undefined,
  };
  const cmp = compareMetrics(
    { [strategyName]: { returns: r, turnover: result.turnover }, ...bench },
    metricOpts,
  );

  // Series.
  const wealth: Record<string, Float64Array> = {};
  const drawdown: Record<string, Float64Array> = {};
  const rolling: Record<string, Float64Array> = {};
  for (const n of names) {
    wealth[n] = wealthOf(allReturns[n]);
    drawdown[n] = drawdownSeries(allReturns[n]);
    rolling[n] = rollingSharpe(allReturns[n], window, { periodsPerYear: ppy, minPeriods: window, riskFree: options.riskFree });
  }
  const rollingVol = rollingVolatility(r, window, { periodsPerYear: ppy, minPeriods: window });
  const weightCols = result.weights.toColumns();
  const assets = result.weights.columns;
  const x = hasDates ? dates : Float64Array.from({ length: T }, (_, t) => t);
  const named = (m: Record<string, Float64Array>): NamedSeries[] => names.map((n) => ({ name: n, values: m[n] }));

  // Charts.
  const svgs: Record<string, string> = {};
  svgs.equity = await renderSvg(equitySpec(x, hasDates, named(wealth), maxPoints), 'equity-');
  svgs.drawdown = await renderSvg(drawdownSpec(x, hasDates, named(drawdown), maxPoints), 'drawdown-');
  svgs.rolling = await renderSvg(rollingSharpeSpec(x, hasDates, named(rolling), window, maxPoints), 'rolling-');
  svgs.weights = await renderSvg(weightsSpec(x, hasDates, topWeights(weightCols, topAssets, T), maxPoints), 'weights-');
  const monthly = hasDates ? monthlyReturns(r, dates) : [];
  if (monthly.length) svgs.monthly = await renderSvg(monthlyHeatmapSpec(monthly), 'monthly-');

  // Sections.
  const sections: PageSection[] = [];
  sections.push({ title: 'Performance', html: `<figure>${svgs.equity}</figure>` });
  sections.push({
    title: 'Metrics',
    html: `${metricsTableHtml(cmp, PALETTE)}<p class="note">Conventions: ${escapeHtml(METRIC_PROFILES[profile].description)}. `
      + `${ppy} periods per year. Hit rate = share of nonzero-return bars that are positive. `
      + `${benchNames.length ? `Beta and alpha are measured against ${escapeHtml(benchNames[0])}. ` : ''}`
      + 'Skew and kurtosis are pandas\' bias-corrected estimators. A dash marks an undefined value.</p>',
  });
  let eventRows: EventRow[][] = [];
  let ddHtml = `<figure>${svgs.drawdown}</figure>`;
  if (hasDates) {
    const ev = eventTable(names, allReturns, dates, options.events ?? DEFAULT_EVENTS);
    eventRows = ev.rows;
    ddHtml += `<h3>Drawdown by event</h3>${ev.html}<p class="note">Inside each date range, wealth restarts at 1; a dash means the data do not cover the range.</p>`;
  }
  sections.push({ title: 'Drawdowns', html: ddHtml });
  sections.push({ title: 'Rolling risk-adjusted return', html: `<figure>${svgs.rolling}</figure>` });
  sections.push({
    title: 'Allocation',
    html: `<figure>${svgs.weights}</figure><p class="note">Held weights after trading at each close; ${assets.length} assets, the ${Math.min(topAssets, assets.length)} largest by mean |weight| shown${assets.length > topAssets ? ', the rest as Other' : ''}.</p>`,
  });
  if (monthly.length) {
    sections.push({ title: 'Calendar returns', html: `<figure>${svgs.monthly}</figure><h3>Yearly returns</h3>${yearlyTable(names, allReturns, dates)}` });
  }
  let regimeJson: unknown = null;
  if (regimeBench) {
    const reg = regimeTable(strategyName, r, regimeBench, bench[regimeBench], {
      periodsPerYear: ppy, dates: hasDates ? dates : undefined, profile, riskFree: options.riskFree,
    });
    if (reg) {
      regimeJson = reg.json;
      sections.push({
        title: 'Market regimes',
        html: `${reg.html}<p class="note">A bar's regime is known at the previous close (no look-ahead); metrics compound the regime's bars back to back.</p>`,
      });
    }
  }

  const m0 = cmp.metrics[0];
  const m1 = benchNames.length ? cmp.metrics[1] : undefined;
  const kpi = (label: string, key: 'cagr' | 'sharpe' | 'maxDrawdown' | 'annualVolatility' | 'calmar' | 'totalReturn', format: Kpi['format']): Kpi => ({
    label, value: m0[key], format, compare: m1 ? { name: benchNames[0], value: m1[key] } : undefined,
  });
  const span = hasDates ? `${formatDate(dates[0])} – ${formatDate(dates[T - 1])} · ` : '';
  // A ruined book says so in the subtitle (its equity was absorbed at 0 there; flat after).
  const ruin = result.ruinedRow ?? -1;
  const ruined = ruin >= 0 ? ` · ruined: equity reached 0 ${hasDates ? `on ${formatDate(dates[ruin])}` : `at row ${ruin}`}` : '';
  const html = pageHtml({
    title,
    subtitle: `${span}${T} bars · ${ppy} periods/year · ${assets.length} assets · metrics: ${profile}${ruined}`,
    kpis: [
      kpi('CAGR', 'cagr', 'percent'), kpi('Sharpe', 'sharpe', 'ratio'), kpi('Max drawdown', 'maxDrawdown', 'percent'),
      kpi('Volatility', 'annualVolatility', 'percent'), kpi('Calmar', 'calmar', 'ratio'), kpi('Total return', 'totalReturn', 'percent'),
    ],
    sections,
    footer: 'Generated by xmom. Files beside this page: <code>series.json</code>, <code>series.arrow</code>, <code>weights.arrow</code>.',
  });

  // Files.
  mkdirSync(options.outDir, { recursive: true });
  const files: ReportFiles = {
    html: join(options.outDir, 'report.html'),
    seriesJson: join(options.outDir, 'series.json'),
    seriesArrow: join(options.outDir, 'series.arrow'),
    weightsArrow: join(options.outDir, 'weights.arrow'),
  };
  writeFileSync(files.html, html);
  const e0 = result.equity[0] / (1 + r[0]);
  const capital = Number.isFinite(e0) && e0 > 0 ? e0 : 1;
  const arrowCols: Record<string, ArrayLike<number>> = {
    returns: r,
    equity: result.equity,
    drawdown: drawdown[strategyName],
    gross_exposure: result.grossExposure,
    net_exposure: result.netExposure,
    turnover: result.turnover,
    costs: result.costs,
    rolling_sharpe: rolling[strategyName],
    rolling_volatility: rollingVol,
  };
  for (const n of benchNames) {
    arrowCols[`${n} returns`] = bench[n];
    arrowCols[`${n} equity`] = wealth[n].map((w) => w * capital);
  }
  writeArrow(files.seriesArrow, seriesTable(arrowCols, hasDates ? dates : undefined));
  writeArrow(files.weightsArrow, seriesTable(weightCols, hasDates ? dates : undefined));
  writeJson(files.seriesJson, {
    title,
    periodsPerYear: ppy,
    profile,
    rollingWindow: window,
    dates: hasDates ? dates : null,
    strategy: {
      name: strategyName,
      returns: r,
      equity: result.equity,
      wealth: wealth[strategyName],
      drawdown: drawdown[strategyName],
      grossExposure: result.grossExposure,
      netExposure: result.netExposure,
      turnover: result.turnover,
      costs: result.costs,
      rollingSharpe: rolling[strategyName],
      rollingVolatility: rollingVol,
    },
    benchmarks: Object.fromEntries(benchNames.map((n) => [n, { returns: bench[n], wealth: wealth[n], drawdown: drawdown[n], rollingSharpe: rolling[n] }])),
    weights: { columns: assets, values: weightCols },
    metrics: Object.fromEntries(cmp.names.map((n, i) => [n, cmp.metrics[i]])),
    events: hasDates ? Object.fromEntries(names.map((n, i) => [n, eventRows[i]])) : null,
    monthlyReturns: monthly,
    regimes: regimeJson,
  });
  return files;
}
