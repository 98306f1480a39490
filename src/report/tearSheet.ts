/**
 * `tearSheet`: a self-contained HTML tear sheet (quantstats-like) for any dated return
 * or price series, with or without a benchmark. The page reuses the backtest report's
 * pieces (page, metrics table, Vega-Lite charts rendered to inline SVG) and adds the
 * worst drawdowns, trailing returns, yearly bars, rolling volatility, the return
 * distribution and, with a benchmark, the benchmark-relative metrics and rolling beta.
 */
import { InputError } from '../errors.js';
import { isoDate } from '../data/dates.js';
import { checkEnum, checkInt, checkOptions } from '../validate.js';
import { benchmarkMetrics, rollingBeta } from '../metrics/benchmark.js';
import { compareMetrics, METRIC_TABLE_ROWS, type MetricComparison } from '../metrics/compare.js';
import { drawdownSeries } from '../metrics/drawdown.js';
import { toDates, toFloat64, type DatesInput, type ReturnsInput } from '../metrics/input.js';
import { METRICS_DEFAULTS, resolvePeriodsPerYear } from '../metrics/metrics.js';
import { METRIC_PROFILES, type MetricProfileName } from '../metrics/profiles.js';
import { rollingSharpe, rollingVolatility } from '../metrics/rolling.js';
import {
  drawdownSpec, equitySpec, histogramSpec, monthlyHeatmapSpec, PALETTE, renderSvg, rollingLineSpec, rollingSharpeSpec, yearlyBarsSpec,
  type NamedSeries,
} from './charts.js';
import { drawdownPeriods, DRAWDOWN_PERIODS_DEFAULTS } from './drawdownPeriods.js';
import { escapeHtml, formatDate, formatPercent, formatRatio, MISSING } from './format.js';
import { histogram } from './histogram.js';
import { metricsTableHtml, pageHtml, simpleTableHtml, type Kpi, type PageSection } from './html.js';
import { monthlyReturns, yearlyReturns } from './monthly.js';
import { wealthOf } from './series.js';
import { yearlyTable } from './tables.js';
import { alignBenchmark, pricesColumn, returnsColumn, TEAR_SHEET_INPUTS, type ReturnsColumn, type TearSheetInput } from './tearSheetInput.js';
import { trailingReturns } from './trailing.js';
import { REPORT_DEFAULTS } from './write.js';

/** Defaults of `tearSheet`. */
export const TEAR_SHEET_DEFAULTS = Object.freeze({
  title: 'Tear sheet',
  /** Label of a single unnamed series. */
  name: 'Returns',
  benchmarkName: 'Benchmark',
  input: 'returns' as TearSheetInput,
  /** Rows of the worst-drawdowns table. */
  drawdowns: DRAWDOWN_PERIODS_DEFAULTS.top,
});

/** A benchmark for `tearSheet`: its values (returns or prices) and their dates. */
export interface TearSheetBenchmark {
  /** Simple returns per row, or prices when `input` is 'prices'. */
  values: ReturnsInput;
  /** Its own dates (epoch ms, Dates or an Arrow vector), ascending; default: the series' dates, row by row. */
  dates?: DatesInput;
  /** Label (default 'Benchmark'). */
  name?: string;
  /** 'returns' or 'prices' (default: the series' `input`). */
  input?: TearSheetInput;
  /** Where it came from (a file name), for error messages. */
  source?: string;
  /** Its column's name in `source`, for error messages (default `name`). */
  column?: string;
}

export interface TearSheetOptions {
  /** Epoch ms (or Dates / an Arrow date vector) per row, strictly ascending. Required. */
  dates: DatesInput;
  /** 'returns' (default): simple returns per row; 'prices': converted to simple returns, the first row dropped. */
  input?: TearSheetInput;
  /** Label of a single series given as an array (default 'Returns'); a record's keys label its series. */
  name?: string;
  benchmark?: TearSheetBenchmark;
  title?: string;
  /** Bars per year; default inferred from the dates (see `inferPeriodsPerYear`). */
  periodsPerYear?: number;
  /** Rows of the worst-drawdowns table (default 5). */
  drawdowns?: number;
  /** Window of the rolling volatility, Sharpe and beta (default 126 bars for daily data, else one year). */
  rollingWindow?: number;
  profile?: MetricProfileName;
  /** Risk-free return per period for Sharpe / Sortino / alpha (default 0). */
  riskFree?: number;
  maxChartPoints?: number;
  /** Where the series came from (a file name), for error messages and the subtitle. */
  source?: string;
  /**
   * Refuse a 'returns' input that looks like prices (default true; see `checkNotPrices`
   * and `PRICE_RULE` in src/report/tearSheetInput.ts).
   */
  priceCheck?: boolean;
}

const TEAR_SHEET_OPTIONS = [
  'dates', 'input', 'name', 'benchmark', 'title', 'periodsPerYear', 'drawdowns', 'rollingWindow', 'profile', 'riskFree', 'maxChartPoints',
  'source', 'priceCheck',
] as const;

type Cell = string | { v: number; fmt: (v: number) => string };

/** The metrics table's rows without turnover (a returns series has none). */
const ROWS = METRIC_TABLE_ROWS.filter((r) => r.key !== 'annualTurnover');

const range = (d: ArrayLike<number>): string => (d.length ? `${isoDate(d[0])} .. ${isoDate(d[d.length - 1])}` : 'no rows');

/** Dates must be finite and strictly ascending (a tear sheet is a time series). */
function checkDates(fn: string, what: string, d: Float64Array): void {
  for (let t = 0; t < d.length; t++) {
    if (!Number.isFinite(d[t])) throw new InputError(`${fn}: ${what} dates[${t}] is ${d[t]}; every row needs a date`);
    if (t > 0 && d[t] <= d[t - 1]) {
      throw new InputError(`${fn}: ${what} dates are not strictly ascending: row ${t} (${isoDate(d[t])}) ${d[t] === d[t - 1] ? 'repeats' : 'comes before'} row ${t - 1} (${isoDate(d[t - 1])})`);
    }
  }
}

/** The series as named Float64Arrays. */
function namedSeries(fn: string, series: ReturnsInput | Record<string, ReturnsInput>, name: string): [string, Float64Array][] {
  const isRecord = typeof series === 'object' && series !== null && !Array.isArray(series) && !ArrayBuffer.isView(series)
    && !('get' in series && 'length' in series);
  if (!isRecord) return [[name, toFloat64(fn, 'returns', series)]];
  const entries = Object.entries(series as Record<string, ReturnsInput>);
  if (entries.length === 0) throw new InputError(`${fn}: no series given (an empty record)`);
  return entries.map(([n, v]) => [n, toFloat64(fn, `returns['${n}']`, v)]);
}

/**
 * A self-contained HTML tear sheet (one document: CSS inline, charts as inline SVG
 * rendered by vega, no scripts, no network) of one or several dated series, like
 * quantstats' `reports.html`. `series` is one array (labelled `name`) or a record of
 * named arrays sharing `options.dates`; each gets its own block of sections (a record
 * of several also gets a summary table side by side first):
 * - KPI cards (one series), growth of 1, the metrics table (`compareMetrics`, beside the
 *   benchmark, beta / alpha to it);
 * - trailing returns (`trailingReturns`: MTD, 3M, 6M, YTD, 1Y, 3Y / 5Y annualised, since
 *   inception; "—" where the data are shorter than the window);
 * - with a benchmark: alpha, beta, information ratio, tracking error, up / down capture
 *   (`benchmarkMetrics`) and the rolling beta chart (`rollingBeta`);
 * - the drawdown chart and the worst `drawdowns` drawdowns (`drawdownPeriods`: start,
 *   valley, recovery or "not recovered", depth, days to valley, days);
 * - rolling volatility and rolling Sharpe (`rollingWindow`);
 * - yearly returns as bars (compounded per calendar year, the benchmark beside), the
 *   monthly heatmap and the yearly table;
 * - the distribution of period returns (`histogram`) with mean, volatility, skew and
 *   excess kurtosis (pandas' bias-corrected).
 *
 * Each series is trimmed to its first..last valid row; NaN inside marks a missing bar.
 * `input: 'prices'` converts prices to simple returns (`pricesColumn`: the first price's
 * row is dropped and said so on the page). The benchmark is compounded onto each
 * series' periods by date (`alignBenchmark`: a daily benchmark lines up with a monthly
 * series) and the relative metrics use the periods where both are valid.
 *
 * Bad input is an InputError naming the source, column and date: a returns column
 * holding prices (`checkNotPrices`, suggests `input: 'prices'`), a return below -1, an
 * infinite value, a price <= 0, dates missing or not strictly ascending, fewer than 2
 * returns, and a benchmark with no period in common with a series (both date ranges
 * named). Returns the HTML. Cost: O(T * window) for the rolling series, plus rendering.
 */
export async function tearSheet(series: ReturnsInput | Record<string, ReturnsInput>, options: TearSheetOptions): Promise<string> {
  const fn = 'tearSheet';
  if (!options || typeof options !== 'object') throw new InputError(`${fn}: options with dates are required`);
  checkOptions(fn, options, TEAR_SHEET_OPTIONS);
  const source = options.source;
  const raw = namedSeries(fn, series, options.name ?? TEAR_SHEET_DEFAULTS.name);
  const T0 = raw[0][1].length;
  for (const [n, v] of raw) if (v.length !== T0) throw new InputError(`${fn}: series '${n}' has ${v.length} rows, '${raw[0][0]}' ${T0}; a record's series share the dates`);
  const dates = toDates(fn, options.dates, T0);
  if (!dates) throw new InputError(`${fn}: dates are required (one per row): trailing returns, years and drawdown dates need them`);
  checkDates(fn, source ?? 'the series', dates);
  const input = checkEnum(fn, 'input', options.input ?? TEAR_SHEET_DEFAULTS.input, TEAR_SHEET_INPUTS);
  const ppy = resolvePeriodsPerYear(fn, options.periodsPerYear, dates);
  const profile = checkEnum(fn, 'profile', options.profile ?? METRICS_DEFAULTS.profile, Object.keys(METRIC_PROFILES) as MetricProfileName[]);
  const nDrawdowns = checkInt(fn, 'drawdowns', options.drawdowns ?? TEAR_SHEET_DEFAULTS.drawdowns, 1);
  const maxPoints = checkInt(fn, 'maxChartPoints', options.maxChartPoints ?? REPORT_DEFAULTS.maxChartPoints, 10);
  const defaultWindow = ppy >= 252 ? REPORT_DEFAULTS.rollingWindowDaily : Math.max(2, Math.round(ppy));
  const window = checkInt(fn, 'rollingWindow', options.rollingWindow ?? defaultWindow, 2);

  const columns: ReturnsColumn[] = raw.map(([n, v]) => {
    const c = input === 'prices' ? pricesColumn(n, v, dates, { source }) : returnsColumn(n, v, dates, { source, priceCheck: options.priceCheck });
    let valid = 0;
    for (const x of c.returns) if (!Number.isNaN(x)) valid++;
    if (valid < 2) throw new InputError(`${source ? `${source}: ` : ''}column '${n}' has ${valid} valid return${valid === 1 ? '' : 's'}; a tear sheet needs at least 2`);
    return c;
  });

  let bench: (ReturnsColumn & { source?: string }) | null = null;
  if (options.benchmark !== undefined) {
    const b = options.benchmark;
    if (!b || typeof b !== 'object' || !('values' in b)) throw new InputError(`${fn}: benchmark must be { values, dates?, name?, input?, source?, column? }`);
    checkOptions(`${fn}: benchmark`, b, ['values', 'dates', 'name', 'input', 'source', 'column']);
    const bv = toFloat64(fn, 'benchmark.values', b.values);
    const bd = b.dates === undefined ? dates : toDates(fn, b.dates, bv.length);
    if (!bd || bd.length !== bv.length) throw new InputError(`${fn}: benchmark has ${bv.length} rows but ${bd?.length ?? 0} dates`);
    checkDates(fn, b.source ?? 'the benchmark', bd);
    const bInput = checkEnum(fn, 'benchmark.input', b.input ?? input, TEAR_SHEET_INPUTS);
    let bName = b.name ?? TEAR_SHEET_DEFAULTS.benchmarkName;
    if (columns.some((c) => c.name === bName)) bName = `${bName} (benchmark)`;
    const col = b.column ?? bName;
    const c = bInput === 'prices' ? pricesColumn(col, bv, bd, { source: b.source }) : returnsColumn(col, bv, bd, { source: b.source, priceCheck: options.priceCheck });
    bench = { ...c, name: bName, source: b.source ? `${b.source}${b.column ? `, column ${b.column}` : ''}` : undefined };
  }

  const ctx: Ctx = { ppy, profile, riskFree: options.riskFree, nDrawdowns, maxPoints, window, source };
  const sections: PageSection[] = [];
  let kpis: Kpi[] = [];
  if (columns.length > 1) {
    const cmp = compareMetrics(Object.fromEntries(columns.map((c) => [c.name, c.returns])), { periodsPerYear: ppy, profile, riskFree: options.riskFree, rows: ROWS });
    sections.push({
      title: 'Summary',
      html: `${metricsTableHtml(cmp, PALETTE)}<p class="note">Each column over its own dates; one block of sections per column follows.</p>`,
    });
  }
  for (let i = 0; i < columns.length; i++) {
    const block = await columnBlock(columns[i], bench, ctx, columns.length > 1 ? `${columns[i].name} · ` : '', `c${i}-`);
    sections.push(...block.sections);
    if (columns.length === 1) kpis = block.kpis;
  }
  const first = Math.min(...columns.map((c) => c.dates[0]));
  const last = Math.max(...columns.map((c) => c.dates[c.dates.length - 1]));
  const what = columns.length === 1 ? columns[0].name : `${columns.length} columns`;
  return pageHtml({
    title: options.title ?? TEAR_SHEET_DEFAULTS.title,
    subtitle: `${what}${source ? ` (${source.split(/[\\/]/).pop()})` : ''} · ${formatDate(first)} – ${formatDate(last)} · ${ppy} periods/year · metrics: ${profile}`
      + `${bench ? ` · benchmark: ${bench.name}` : ''}`,
    kpis,
    sections,
    footer: `Generated by xmom (tear sheet). Returns are simple returns per period; a dash (${MISSING}) marks a value the data cannot give.`,
  });
}

interface Ctx {
  ppy: number;
  profile: MetricProfileName;
  riskFree?: number;
  nDrawdowns: number;
  maxPoints: number;
  window: number;
  source?: string;
}

/** The sections of one column (and its KPI cards). */
async function columnBlock(
  col: ReturnsColumn, bench: (ReturnsColumn & { source?: string }) | null, ctx: Ctx, prefix: string, id: string,
): Promise<{ sections: PageSection[]; kpis: Kpi[] }> {
  const { ppy, profile, maxPoints } = ctx;
  const r = col.returns;
  const dates = col.dates;
  const T = r.length;
  const name = col.name;
  const notes = [...col.notes];

  // The benchmark on this column's periods.
  let b: Float64Array | null = null;
  let bName = '';
  if (bench) {
    bName = bench.name;
    b = alignBenchmark(dates, bench.dates, bench.returns, bench.inception);
    let n = 0;
    let lo = -1;
    let hi = -1;
    for (let t = 0; t < T; t++) {
      if (Number.isNaN(b[t]) || Number.isNaN(r[t])) continue;
      n++;
      if (lo < 0) lo = t;
      hi = t;
    }
    const at = (s?: string): string => (s ? `${s}: ` : '');
    if (n === 0) {
      throw new InputError(
        `${at(ctx.source)}column '${name}' (${range(dates)}) and the benchmark ${bench.source ? `${bench.source} ` : ''}`
        + `(${range(Number.isNaN(bench.inception) ? bench.dates : [bench.inception, bench.dates[bench.dates.length - 1]])}) have no overlapping dates; `
        + 'give a benchmark that covers the series\' dates',
      );
    }
    notes.push(`${bName} compounded onto ${name}'s periods by date: both valid on ${n} of ${T} periods (${isoDate(dates[lo])} .. ${isoDate(dates[hi])})`);
    notes.push(...bench.notes.map((s) => `${bName}: ${s}`));
  }
  const names = b ? [name, bName] : [name];
  const all: Record<string, Float64Array> = b ? { [name]: r, [bName]: b } : { [name]: r };
  const named = (m: Record<string, Float64Array>): NamedSeries[] => names.map((n) => ({ name: n, values: m[n] }));
  const window = Math.min(ctx.window, T);

  const cmp: MetricComparison = compareMetrics(all, { dates, periodsPerYear: ppy, profile, riskFree: ctx.riskFree, benchmark: b ?? undefined, rows: ROWS });
  const wealth: Record<string, Float64Array> = {};
  const drawdown: Record<string, Float64Array> = {};
  const vol: Record<string, Float64Array> = {};
  const sharpe: Record<string, Float64Array> = {};
  for (const n of names) {
    wealth[n] = wealthOf(all[n]);
    drawdown[n] = drawdownSeries(all[n]);
    const ro = { periodsPerYear: ppy, minPeriods: window };
    vol[n] = rollingVolatility(all[n], window, ro);
    sharpe[n] = rollingSharpe(all[n], window, { ...ro, riskFree: ctx.riskFree });
  }

  const sections: PageSection[] = [];
  const svg = (spec: Record<string, unknown>, key: string): Promise<string> => renderSvg(spec, `${id}${key}-`);
  const noteHtml = notes.length ? `<p class="note">${notes.map(escapeHtml).join('. ')}.</p>` : '';
  sections.push({ title: `${prefix}Performance`, html: `<figure>${await svg(equitySpec(dates, true, named(wealth), maxPoints), 'equity')}</figure>${noteHtml}` });
  sections.push({
    title: `${prefix}Metrics`,
    html: `${metricsTableHtml(cmp, PALETTE)}<p class="note">Conventions: ${escapeHtml(METRIC_PROFILES[profile].description)}. ${ppy} periods per year. `
      + `${b ? `Beta and alpha against ${escapeHtml(bName)}. ` : ''}Hit rate = share of nonzero-return periods that are positive.</p>`,
  });

  // Trailing returns.
  const tr = trailingReturns(r, dates, { periodsPerYear: ppy, inception: col.inception });
  const trB = b ? trailingReturns(b, dates, { periodsPerYear: ppy, inception: Number.isNaN(b[0]) ? NaN : col.inception }) : null;
  const trRows: Cell[][] = tr.map((x, i) => [
    x.label, Number.isNaN(x.from) ? 'inception' : formatDate(x.from), { v: x.value, fmt: formatPercent },
    ...(trB ? [{ v: trB[i].value, fmt: formatPercent }] : []),
  ]);
  sections.push({
    title: `${prefix}Trailing returns`,
    html: `${simpleTableHtml('trailing', ['Period', 'From (close of)', ...names], trRows)}`
      + `<p class="note">To ${formatDate(dates[T - 1])}. A window's base is the last row on or before its start${Number.isNaN(col.inception) ? '' : ` (or the first price, ${formatDate(col.inception)})`}; `
      + `a window longer than the data shows ${MISSING}. 3Y and 5Y are annualised; since inception (ann.) is the CAGR of the metrics table.</p>`,
  });

  // Benchmark-relative metrics and rolling beta.
  if (b) {
    const bm = benchmarkMetrics(r, b, { periodsPerYear: ppy, dates, riskFree: ctx.riskFree });
    const rows: Cell[][] = [
      ['Alpha (ann.)', { v: bm.alpha, fmt: formatPercent }],
      ['Beta', { v: bm.beta, fmt: formatRatio }],
      ['Information ratio (ann.)', { v: bm.informationRatio, fmt: formatRatio }],
      ['Tracking error (ann.)', { v: bm.trackingError, fmt: formatPercent }],
      ['Up capture', { v: bm.upCapture, fmt: formatRatio }],
      ['Down capture', { v: bm.downCapture, fmt: formatRatio }],
      ['Overlapping periods', { v: bm.nOverlap, fmt: (v) => String(v) }],
    ];
    const beta = rollingBeta(r, b, window, { minPeriods: window });
    const chart = await svg(rollingLineSpec(dates, true, [{ name: `${name} on ${bName}`, values: beta }], {
      title: `Rolling beta (${window} periods)`, format: '.2f', rule: 1, maxPoints,
    }), 'beta');
    sections.push({
      title: `${prefix}Against ${bName}`,
      html: `${simpleTableHtml('relative', ['Metric', `${name} vs ${bName}`], rows)}<figure>${chart}</figure>`
        + '<p class="note">Over the periods where both are valid. Alpha and beta: empyrical <code>alpha_beta</code>; information ratio mean(r − b) / std(r − b) × √ppy; '
        + 'up / down capture: empyrical (annual return of the series over the benchmark\'s up / down periods ÷ the benchmark\'s).</p>',
    });
  }

  // Drawdowns.
  const periods = drawdownPeriods(r, dates, ctx.nDrawdowns);
  const ddRows: Cell[][] = periods.map((p, i) => [
    String(i + 1), formatDate(p.start), formatDate(p.valley), p.recoveryRow >= 0 ? formatDate(p.recovery) : 'not recovered',
    { v: p.depth, fmt: formatPercent }, { v: p.daysToValley, fmt: String }, { v: p.days, fmt: String },
  ]);
  sections.push({
    title: `${prefix}Drawdowns`,
    html: `<figure>${await svg(drawdownSpec(dates, true, named(drawdown), maxPoints), 'drawdown')}</figure>`
      + `<h3>Worst ${ctx.nDrawdowns} drawdowns</h3>`
      + (periods.length
        ? simpleTableHtml('drawdowns', ['#', 'Start', 'Valley', 'Recovery', 'Depth', 'Days to valley', 'Days'], ddRows)
        : '<p>No drawdown: the wealth never fell below its running peak.</p>')
      + '<p class="note">Start: the first period below the previous peak; recovery: the first period back at it. '
      + 'Days are calendar days from the start (to the last date when not recovered).</p>',
  });

  // Rolling risk.
  sections.push({
    title: `${prefix}Rolling risk`,
    html: `<figure>${await svg(rollingLineSpec(dates, true, named(vol), { title: `Rolling volatility (${window} periods, annualised)`, format: '.0%', maxPoints }), 'vol')}</figure>`
      + `<figure>${await svg(rollingSharpeSpec(dates, true, named(sharpe), window, maxPoints), 'sharpe')}</figure>`,
  });

  // Calendar returns.
  const years = names.map((n) => yearlyReturns(all[n], dates));
  const yearCells = names.flatMap((n, i) => [...years[i]].map(([year, value]) => ({ year, series: n, value })));
  const monthly = monthlyReturns(r, dates);
  sections.push({
    title: `${prefix}Calendar returns`,
    html: `<figure>${await svg(yearlyBarsSpec(yearCells, names), 'years')}</figure>`
      + `${monthly.length ? `<figure>${await svg(monthlyHeatmapSpec(monthly), 'monthly')}</figure>` : ''}`
      + `<h3>Yearly returns</h3>${yearlyTable(names, all, dates)}<p class="note">Compounded over each calendar year's periods (UTC); a partial first or last year covers its periods only.</p>`,
  });

  // Distribution.
  const h = histogram(r);
  const m0 = cmp.metrics[0];
  let sum = 0;
  for (const x of r) if (!Number.isNaN(x)) sum += x;
  const mean = sum / h.n;
  const stats: Cell[][] = [
    ['Periods', { v: h.n, fmt: String }], ['Mean', { v: mean, fmt: (v) => formatPercent(v, 3) }],
    ['Volatility (per period)', { v: m0.annualVolatility / Math.sqrt(ppy), fmt: (v) => formatPercent(v, 3) }],
    ['Skew', { v: m0.skew, fmt: formatRatio }], ['Excess kurtosis', { v: m0.kurtosis, fmt: formatRatio }],
    ['Best period', { v: m0.bestPeriod, fmt: formatPercent }], ['Worst period', { v: m0.worstPeriod, fmt: formatPercent }],
  ];
  sections.push({
    title: `${prefix}Return distribution`,
    html: `<figure>${await svg(histogramSpec(h.edges, h.counts, mean), 'hist')}</figure>${simpleTableHtml('distribution', ['Statistic', name], stats)}`
      + `<p class="note">${h.counts.length} equal-width bins; the dashed line is the mean. Skew and excess kurtosis are pandas' bias-corrected estimators.</p>`,
  });

  const m1 = b ? cmp.metrics[1] : undefined;
  const kpi = (label: string, key: 'cagr' | 'sharpe' | 'maxDrawdown' | 'annualVolatility' | 'calmar' | 'totalReturn', format: Kpi['format']): Kpi => ({
    label, value: m0[key], format, compare: m1 ? { name: bName, value: m1[key] } : undefined,
  });
  const kpis = [
    kpi('CAGR', 'cagr', 'percent'), kpi('Sharpe', 'sharpe', 'ratio'), kpi('Max drawdown', 'maxDrawdown', 'percent'),
    kpi('Volatility', 'annualVolatility', 'percent'), kpi('Calmar', 'calmar', 'ratio'), kpi('Total return', 'totalReturn', 'percent'),
  ];
  return { sections, kpis };
}
