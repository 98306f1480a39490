/** Text formatting shared by the HTML report: numbers, dates, escaping. */
import type { MetricFormat } from '../metrics/compare.js';

/** Escapes the five HTML special characters (text and attribute values). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Placeholder for an undefined value (NaN). */
export const MISSING = '—';

/** 0.1234 -> "12.34%"; NaN -> "—". */
export function formatPercent(v: number, digits = 2): string {
  return Number.isFinite(v) ? `${fixed(v * 100, digits)}%` : MISSING;
}

/** toFixed without a negative zero ("-0.00" -> "0.00"). */
function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** 1.2345 -> "1.23"; NaN -> "—". */
export function formatRatio(v: number, digits = 2): string {
  return Number.isFinite(v) ? fixed(v, digits) : MISSING;
}

/** A metric value in its display format: percent (2 dp), ratio (2 dp) or bars (integer). */
export function formatMetric(v: number, format: MetricFormat): string {
  if (format === 'percent') return formatPercent(v);
  if (format === 'ratio') return formatRatio(v);
  return Number.isFinite(v) ? String(Math.round(v)) : MISSING;
}

/** Epoch ms -> "YYYY-MM-DD" (UTC); NaN -> "—". */
export function formatDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : MISSING;
}
