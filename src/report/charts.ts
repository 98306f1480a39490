/**
 * The report's charts: Vega-Lite specs compiled by `vega-lite` and rendered to a
 * self-contained SVG string by a headless `vega` View (renderer 'none' + `toSVG()`,
 * no DOM, no canvas, no network). Series longer than `maxPoints` are thinned to one
 * point per bucket of consecutive bars (the last bar of the bucket; for drawdowns the
 * deepest), so an SVG stays small whatever the history length.
 */
import type { TopLevelSpec } from 'vega-lite';

// vega and vega-lite take ~1.5 s to import: load them on the first chart, not with xmom.
let renderer: Promise<[typeof import('vega'), typeof import('vega-lite')]> | null = null;
const loadRenderer = () => (renderer ??= Promise.all([import('vega'), import('vega-lite')]));

/** The palette: strategy first, then benchmarks / assets. */
export const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#64748b', '#a16207'];

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const CONFIG = {
  font: FONT,
  background: '#ffffff',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelColor: '#475569', titleColor: '#334155', gridColor: '#eef1f5', domainColor: '#cbd5e1', tickColor: '#cbd5e1',
    labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600, labelPadding: 4,
  },
  legend: { orient: 'top', labelFontSize: 11, titleFontSize: 11, labelColor: '#334155', symbolType: 'stroke', symbolStrokeWidth: 3, columnPadding: 14 },
  title: { color: '#0f172a', fontWeight: 600, offset: 10 },
  range: { category: PALETTE },
  line: { strokeWidth: 1.6 },
};

/**
 * Renders a Vega-Lite spec to an SVG string. Element ids inside the SVG (gradients,
 * clip paths) get `idPrefix` so that several charts inlined in one page cannot collide
 * (vega numbers them from 0 in every view).
 */
export async function renderSvg(spec: Record<string, unknown>, idPrefix = ''): Promise<string> {
  const [{ parse, View }, { compile }] = await loadRenderer();
  const vg = compile({ config: CONFIG, ...spec } as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return idPrefix ? svg.replace(/\bid="([^"]+)"/g, `id="${idPrefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${idPrefix}$1)`) : svg;
  } finally {
    view.finalize();
  }
}

/** Row indices that represent each bucket of consecutive bars (at most maxPoints buckets). */
export function bucketRows(T: number, maxPoints: number, pick?: (from: number, to: number) => number): number[] {
  const k = Math.max(1, Math.ceil(T / maxPoints));
  const rows: number[] = [];
  for (let from = 0; from < T; from += k) {
    const to = Math.min(T, from + k);
    rows.push(pick ? pick(from, to) : to - 1);
  }
  return rows;
}

/** The x encoding: UTC dates when the series has them, else the bar number. */
function xEncoding(hasDates: boolean, title = ''): Record<string, unknown> {
  return hasDates
    ? { field: 'x', type: 'temporal', scale: { type: 'utc' }, title, axis: { labelOverlap: true, tickCount: 8 } }
    : { field: 'x', type: 'quantitative', title: title || 'bar', axis: { format: 'd' } };
}

export interface NamedSeries {
  name: string;
  values: ArrayLike<number>;
}

function longRows(x: ArrayLike<number>, series: NamedSeries[], rows: number[], transform?: (v: number) => number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const s of series) {
    for (const t of rows) {
      const v = s.values[t];
      if (Number.isFinite(v)) out.push({ x: x[t], series: s.name, value: transform ? transform(v) : v });
    }
  }
  return out;
}

/** Plot width in px; axes and legends add about 60 px (the page's content is ~870 px). */
const WIDTH = 800;

/** Growth of 1 for each series, log scale when every value is positive. */
export function equitySpec(x: ArrayLike<number>, hasDates: boolean, series: NamedSeries[], maxPoints: number): Record<string, unknown> {
  const rows = bucketRows(x.length, maxPoints);
  const values = longRows(x, series, rows);
  const log = values.every((r) => (r.value as number) > 0);
  return {
    width: WIDTH, height: 300,
    title: { text: log ? 'Growth of 1 (log scale)' : 'Growth of 1', anchor: 'start', fontSize: 13 },
    data: { values },
    mark: { type: 'line', interpolate: 'linear' },
    encoding: {
      x: xEncoding(hasDates),
      y: { field: 'value', type: 'quantitative', title: null, scale: log ? { type: 'log' } : { zero: false }, axis: { format: '~g' } },
      color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name) },
    },
  };
}

/** Drawdown of each series (the first, the strategy, shaded). */
export function drawdownSpec(x: ArrayLike<number>, hasDates: boolean, series: NamedSeries[], maxPoints: number): Record<string, unknown> {
  const T = x.length;
  // Keep the deepest bar of each bucket of the strategy so the max drawdown shows.
  const main = series[0].values;
  const rows = bucketRows(T, maxPoints, (from, to) => {
    let best = to - 1;
    for (let t = from; t < to; t++) if (main[t] < main[best]) best = t;
    return best;
  });
  const values = longRows(x, series, rows);
  return {
    width: WIDTH, height: 190,
    title: { text: 'Drawdown', anchor: 'start', fontSize: 13 },
    data: { values },
    encoding: {
      x: xEncoding(hasDates),
      y: { field: 'value', type: 'quantitative', title: null, axis: { format: '.0%' } },
    },
    layer: [
      {
        transform: [{ filter: { field: 'series', equal: series[0].name } }],
        mark: { type: 'area', color: PALETTE[0], opacity: 0.18 },
      },
      {
        mark: { type: 'line', strokeWidth: 1.2 },
        encoding: { color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name) } },
      },
    ],
  };
}

/** Rolling Sharpe ratio of each series, with a rule at 0. */
export function rollingSharpeSpec(x: ArrayLike<number>, hasDates: boolean, series: NamedSeries[], window: number, maxPoints: number): Record<string, unknown> {
  const rows = bucketRows(x.length, maxPoints);
  return {
    width: WIDTH, height: 190,
    title: { text: `Rolling Sharpe ratio (${window} bars)`, anchor: 'start', fontSize: 13 },
    layer: [
      {
        data: { values: longRows(x, series, rows) },
        mark: { type: 'line', strokeWidth: 1.2 },
        encoding: {
          x: xEncoding(hasDates),
          y: { field: 'value', type: 'quantitative', title: null, axis: { format: '.1f' } },
          color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name) },
        },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#94a3b8', strokeDash: [4, 3] },
        encoding: { y: { field: 'zero', type: 'quantitative' } },
      },
    ],
  };
}

/** Stacked area of the held weights of the top assets (+ "Other"). */
export function weightsSpec(x: ArrayLike<number>, hasDates: boolean, assets: NamedSeries[], maxPoints: number): Record<string, unknown> {
  // The areas step after each point, so a row whose weights all equal the previous kept
  // row's adds nothing: drop it (exact; between rebalances with no drift most rows go).
  const rows = bucketRows(x.length, maxPoints).filter((t, i, all) => {
    if (i === 0 || i === all.length - 1) return true;
    const prev = all[i - 1];
    return assets.some((a) => !Object.is(a.values[t], a.values[prev]));
  });
  return {
    width: WIDTH, height: 240,
    title: { text: 'Weights over time', anchor: 'start', fontSize: 13 },
    data: { values: longRows(x, assets, rows) },
    mark: { type: 'area', interpolate: 'step-after', opacity: 0.9 },
    encoding: {
      x: xEncoding(hasDates),
      y: { field: 'value', type: 'quantitative', stack: 'zero', title: null, axis: { format: '.0%' } },
      color: { field: 'series', type: 'nominal', title: null, sort: assets.map((a) => a.name), legend: { symbolType: 'square' } },
      order: { field: 'order', type: 'quantitative' },
    },
    transform: [{ calculate: `indexof(${JSON.stringify(assets.map((a) => a.name))}, datum.series)`, as: 'order' }],
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Year x month heatmap of monthly returns, with the value printed in each cell. */
export function monthlyHeatmapSpec(cells: { year: number; month: number; value: number }[]): Record<string, unknown> {
  const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b);
  const maxAbs = Math.max(0.01, ...cells.map((c) => Math.abs(c.value)));
  const values = cells.map((c) => ({ year: String(c.year), month: MONTHS[c.month - 1], value: c.value }));
  return {
    width: WIDTH - 80, height: Math.max(60, 26 * years.length),
    title: { text: 'Monthly returns', anchor: 'start', fontSize: 13 },
    data: { values },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: MONTHS, title: null, axis: { orient: 'top', labelAngle: 0, domain: false, ticks: false } },
      y: { field: 'year', type: 'ordinal', sort: years.map(String), title: null, axis: { domain: false, ticks: false } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2, cornerRadius: 3 },
        encoding: {
          color: {
            field: 'value', type: 'quantitative', title: null,
            scale: { scheme: 'redyellowgreen', domain: [-maxAbs, maxAbs], domainMid: 0 },
            legend: { format: '.0%', orient: 'right', gradientLength: 120 },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 10, color: '#1e293b' },
        encoding: { text: { field: 'value', type: 'quantitative', format: '.1%' } },
      },
    ],
  };
}

/** A rolling statistic of each series (rolling volatility, rolling beta), with an optional dashed reference rule. */
export function rollingLineSpec(
  x: ArrayLike<number>, hasDates: boolean, series: NamedSeries[], o: { title: string; format: string; rule?: number; maxPoints: number },
): Record<string, unknown> {
  const rows = bucketRows(x.length, o.maxPoints);
  const layer: Record<string, unknown>[] = [{
    data: { values: longRows(x, series, rows) },
    mark: { type: 'line', strokeWidth: 1.2 },
    encoding: {
      x: xEncoding(hasDates),
      y: { field: 'value', type: 'quantitative', title: null, axis: { format: o.format }, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name) },
    },
  }];
  if (o.rule !== undefined) {
    layer.push({
      data: { values: [{ ref: o.rule }] },
      mark: { type: 'rule', color: '#94a3b8', strokeDash: [4, 3] },
      encoding: { y: { field: 'ref', type: 'quantitative' } },
    });
  }
  return { width: WIDTH, height: 190, title: { text: o.title, anchor: 'start', fontSize: 13 }, layer };
}

/** Compounded return per calendar year as bars, the series side by side in each year. */
export function yearlyBarsSpec(cells: { year: number; series: string; value: number }[], names: string[]): Record<string, unknown> {
  const values = cells.filter((c) => Number.isFinite(c.value)).map((c) => ({ year: String(c.year), series: c.series, value: c.value }));
  const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b).map(String);
  return {
    width: WIDTH, height: 220,
    title: { text: 'Yearly returns', anchor: 'start', fontSize: 13 },
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      x: { field: 'year', type: 'ordinal', sort: years, title: null, axis: { labelAngle: years.length > 12 ? -45 : 0 } },
      xOffset: { field: 'series', sort: names },
      y: { field: 'value', type: 'quantitative', title: null, axis: { format: '.0%' } },
      color: { field: 'series', type: 'nominal', title: null, sort: names, legend: names.length > 1 ? { symbolType: 'square' } : null },
    },
  };
}

/** Histogram of period returns from precomputed bins (`histogram`), with a dashed rule at the mean. */
export function histogramSpec(edges: ArrayLike<number>, counts: ArrayLike<number>, mean: number): Record<string, unknown> {
  const values = Array.from(counts, (c, i) => ({ lo: edges[i], hi: edges[i + 1], count: c }));
  return {
    width: WIDTH, height: 200,
    title: { text: 'Distribution of period returns', anchor: 'start', fontSize: 13 },
    layer: [
      {
        data: { values },
        mark: { type: 'rect', color: PALETTE[0], opacity: 0.8, stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'lo', type: 'quantitative', title: null, axis: { format: '.1%' }, scale: { zero: false } },
          x2: { field: 'hi' },
          y: { field: 'count', type: 'quantitative', title: 'periods' },
        },
      },
      {
        data: { values: [{ mean }] },
        mark: { type: 'rule', color: PALETTE[3], strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x: { field: 'mean', type: 'quantitative' } },
      },
    ],
  };
}
