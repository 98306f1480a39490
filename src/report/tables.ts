/** The report's tables besides the metrics table: events, calendar years, regimes. */
import { drawdownTable, type EventRow, type MarketEvent } from '../metrics/events.js';
import type { MetricProfileName } from '../metrics/profiles.js';
import { REGIME_DEFAULTS, regimeSplit, type RegimeKind } from '../metrics/regime.js';
import { formatDate, formatPercent, formatRatio } from './format.js';
import { simpleTableHtml } from './html.js';
import { yearlyReturns } from './monthly.js';
import { wealthOf } from './series.js';

type Cell = string | { v: number; fmt: (v: number) => string };

/** Max drawdown and return of every series inside every event (`drawdownTable`). */
export function eventTable(names: string[], returns: Record<string, Float64Array>, dates: Float64Array, events: readonly MarketEvent[]): { html: string; rows: EventRow[][] } {
  const rows = names.map((n) => drawdownTable(returns[n], dates, events));
  const header = ['Event', 'From', 'To', ...names.flatMap((n) => [`${n} max DD`, `${n} return`])];
  const cells: Cell[][] = events.map((_, i) => [
    rows[0][i].name, formatDate(rows[0][i].start), formatDate(rows[0][i].end),
    ...rows.flatMap((er): Cell[] => [{ v: er[i].maxDrawdown, fmt: formatPercent }, { v: er[i].totalReturn, fmt: formatPercent }]),
  ]);
  return { html: simpleTableHtml('events', header, cells), rows };
}

/** Compounded return of every series per calendar year (UTC). */
export function yearlyTable(names: string[], returns: Record<string, Float64Array>, dates: Float64Array): string {
  const years = names.map((n) => yearlyReturns(returns[n], dates));
  const all = [...new Set(years.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  return simpleTableHtml('years', ['Year', ...names], all.map((y) => [String(y), ...years.map((m) => ({ v: m.get(y) ?? NaN, fmt: formatPercent }))]));
}

export interface RegimeContext {
  periodsPerYear: number;
  dates?: Float64Array;
  profile: MetricProfileName;
  riskFree?: number;
}

/**
 * Strategy and benchmark metrics by market regime of the benchmark (`regimeSplit` on
 * the benchmark's growth of 1 as its price): the 200-bar trend and the 63-bar
 * volatility regimes, each only when the history is longer than twice its window.
 * Null when neither fits.
 */
export function regimeTable(
  strategyName: string, strategy: Float64Array, benchName: string, bench: Float64Array, ctx: RegimeContext,
): { html: string; json: Record<string, unknown> } | null {
  const T = strategy.length;
  const prices = wealthOf(bench);
  const kinds: { kind: RegimeKind; window: number; what: string }[] = [
    { kind: 'trend', window: REGIME_DEFAULTS.trendWindow, what: `Trend: ${benchName} vs its ${REGIME_DEFAULTS.trendWindow}-bar average` },
    { kind: 'volatility', window: REGIME_DEFAULTS.volatilityWindow, what: `Volatility: ${benchName} ${REGIME_DEFAULTS.volatilityWindow}-bar vol vs its running median` },
  ];
  const fits = kinds.filter((k) => T > 2 * k.window);
  if (fits.length === 0) return null;
  const cells: Cell[][] = [];
  const json: Record<string, unknown> = {};
  for (const k of fits) {
    const opts = { kind: k.kind, window: k.window, ...ctx };
    const s = regimeSplit(strategy, prices, opts);
    const b = regimeSplit(bench, prices, opts);
    json[k.kind] = { window: k.window, labels: s.labels, strategy: s.regimes, benchmark: b.regimes };
    for (const label of Object.keys(s.regimes) as (keyof typeof s.regimes)[]) {
      const sm = s.regimes[label]!;
      const bm = b.regimes[label]!;
      cells.push([
        k.what, label, String(sm.bars), { v: sm.share, fmt: formatPercent },
        { v: sm.metrics.cagr, fmt: formatPercent }, { v: sm.metrics.sharpe, fmt: formatRatio }, { v: sm.metrics.maxDrawdown, fmt: formatPercent },
        { v: bm.metrics.cagr, fmt: formatPercent }, { v: bm.metrics.sharpe, fmt: formatRatio }, { v: bm.metrics.maxDrawdown, fmt: formatPercent },
      ]);
    }
  }
  const header = ['Regime', 'State', 'Bars', 'Share', `${strategyName} CAGR`, `${strategyName} Sharpe`, `${strategyName} max DD`,
    `${benchName} CAGR`, `${benchName} Sharpe`, `${benchName} max DD`];
  return { html: simpleTableHtml('regimes', header, cells), json };
}
