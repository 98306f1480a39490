// The bench's results: one row per (kernel, shape), the targets each row is judged
// against, the printed table and the JSON file.
import type { ParityReport, TargetKind } from './cases.js';
import type { Timing } from './timing.js';

export interface TargetResult {
  name: string;
  pass: boolean;
  detail: string;
}

export interface Row {
  kernel: string;
  params: string;
  shape: string;
  cells: number;
  wasm: Timing | null;
  twin: Timing | null;
  naive: Timing | null;
  /** Why a column is empty (not exported yet, naive too slow, ...). */
  notes: string[];
  /** twin ms / wasm ms: the wasm speed-up over the TypeScript twin. */
  speedup: number | null;
  numbaMs: number | null;
  parity: ParityReport | null;
  targets: TargetResult[];
}

/** Judges a row against its targets; `copyMs` is the measured memory.copy floor of the big panel. */
export function judge(kinds: readonly TargetKind[], row: Row, copyMs: number | null): TargetResult[] {
  const out: TargetResult[] = [];
  const w = row.wasm?.ms;
  if (w === undefined) return out;
  for (const k of kinds) {
    if (k === 'twin2x' && row.speedup !== null) {
      out.push({ name: '>=2x twin', pass: row.speedup >= 2, detail: `${row.speedup.toFixed(2)}x` });
    } else if (k === 'copy3x' && copyMs !== null) {
      out.push({ name: '<=3x copy', pass: w <= 3 * copyMs, detail: `${(w / copyMs).toFixed(2)}x copy` });
    } else if (k === 'numba' && row.numbaMs !== null) {
      out.push({ name: '<numba', pass: w < row.numbaMs, detail: `${(w / row.numbaMs).toFixed(2)}x numba` });
    }
  }
  return out;
}

const ms = (t: Timing | null | undefined): string => (t ? fmt(t.ms) : '-');

function fmt(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** A fixed-width text table; the columns listed in `right` (numbers) are right-aligned. */
export function table(headers: string[], body: string[][], right: readonly number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const pad = (c: string, i: number): string => (right.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]));
  const line = (cells: string[]): string => cells.map(pad).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The printed results table (and the notes under it). */
export function formatRows(rows: readonly Row[]): string {
  const headers = ['kernel', 'params', 'shape (T x N)', 'wasm ms', 'twin ms', 'naive ms', 'twin/wasm', 'numba ms', 'parity', 'targets'];
  const body = rows.map((r) => [
    r.kernel,
    r.params,
    r.shape,
    ms(r.wasm),
    ms(r.twin),
    ms(r.naive),
    r.speedup === null ? '-' : `${r.speedup.toFixed(2)}x`,
    r.numbaMs === null ? '-' : String(r.numbaMs),
    r.parity === null ? '-' : r.parity.twin.ok ? 'ok' : 'FAIL',
    r.targets.map((t) => `${t.name} ${t.pass ? 'PASS' : 'MISS'}`).join(', '),
  ]);
  const notes = rows.flatMap((r) => r.notes.map((n) => `  ${r.kernel} ${r.shape}: ${n}`));
  return table(headers, body, [3, 4, 5, 6, 7]) + (notes.length ? `\nnotes:\n${notes.join('\n')}` : '');
}

/** One parity line, printed before a kernel is timed. */
export function formatParity(label: string, p: ParityReport): string {
  const t = p.twin;
  const n = p.naive;
  const e = (x: number): string => x.toExponential(2);
  return `parity ${label}: wasm vs twin max abs diff ${e(t.maxAbs)}, rel ${e(t.maxRel)}` +
    `${t.nanMismatch ? `, ${t.nanMismatch} NaN mismatches` : ''} ${t.ok ? 'ok' : 'FAIL'}; ` +
    `naive vs twin rel ${e(n.maxRel)}${n.nanMismatch ? `, ${n.nanMismatch} NaN mismatches` : ''} ${n.ok ? 'ok' : 'FAIL'}`;
}
