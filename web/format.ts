/** Number formatting of the demo page, and JSON that keeps every double exact. */
import type { MetricFormat } from '../src/browser.js';

export const MISSING = '—';

/** A metric as shown: percent with 2 decimals, ratios with 2, bars as an integer; NaN as a dash. */
export function formatMetric(v: number, format: MetricFormat): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return MISSING;
  if (format === 'percent') return `${(v * 100).toFixed(2)}%`;
  if (format === 'bars') return String(Math.round(v));
  return v.toFixed(2);
}

export function formatDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : MISSING;
}

/**
 * JSON where numbers JSON cannot hold survive as strings: NaN, Infinity, -Infinity and
 * -0 become "NaN", "Infinity", "-Infinity" and "-0" (finite doubles are written as the
 * shortest text that reads back to the same double). `parseExactJson` reverses it.
 */
export function exactJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v !== 'number') return v;
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    if (Object.is(v, -0)) return '-0';
    return v;
  }).replace(/</g, '\\u003c');
}

export function parseExactJson(text: string): unknown {
  const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
  return JSON.parse(text, (_k, v) => (typeof v === 'string' && v in special ? special[v] : v));
}
