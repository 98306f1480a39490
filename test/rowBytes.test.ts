import { describe, expect, it } from 'vitest';
import { Bool, Dictionary, Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { ByteSink, formatRowBytes } from '../src/grid/rowBytes.js';
import { formatRows } from '../src/grid/output.js';

// formatRowBytes against an independent formatting of the same rows, written here from
// Arrow's `get` per cell: CSV (NaN / null empty, quotes doubled around , " and newlines)
// and JSON (non-finite numbers null).

const decoder = new TextDecoder();

function csvCell(x: unknown): string {
  if (x === null || x === undefined) return '';
  if (typeof x === 'number') return Number.isNaN(x) ? '' : String(x);
  const s = String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function jsonCell(x: unknown): string {
  if (typeof x === 'number') return Number.isFinite(x) ? String(x) : 'null';
  return JSON.stringify(x ?? null);
}

function expected(t: Table): { csv: string; json: string } {
  const names = t.schema.fields.map((f) => f.name);
  const cols = names.map((n) => t.getChild(n)!);
  const csv = Array.from({ length: t.numRows }, (_, r) => `${cols.map((c) => csvCell(c.get(r))).join(',')}\n`).join('');
  const json = Array.from({ length: t.numRows }, (_, r) => `  {${names.map((n, c) => `${JSON.stringify(n)}:${jsonCell(cols[c].get(r))}`).join(',')}}`).join(',\n');
  return { csv, json };
}

/** 2,500 rows: ints, floats with NaN / +-Infinity / -0, a schedule dictionary, flags, and errors (null, commas, quotes, non-ASCII). */
function table(): Table {
  const n = 2500;
  const specials = [NaN, Infinity, -Infinity, -0, 1e-300, 123456789.125, 0.1 + 0.2];
  return new Table({
    point: vectorFromArray(Array.from({ length: n }, (_, i) => i), new Int32()),
    lookback: vectorFromArray(Array.from({ length: n }, (_, i) => 5 * (i % 80) + 0.5), new Float64()),
    rebalance: vectorFromArray(Array.from({ length: n }, (_, i) => ['daily', 'weekly', 'monthly-first'][Math.floor(i / 7) % 3]), new Dictionary(new Utf8(), new Int32())),
    sharpe: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 11 === 0 ? specials[i % specials.length] : Math.sin(i) * 3)), new Float64()),
    ruined: vectorFromArray(Array.from({ length: n }, (_, i) => i % 5 === 0), new Bool()),
    error: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 97 === 0 ? `topN ${i} exceeds, "the" candidates — ü\nnext` : null)), new Utf8()),
  });
}

describe('formatRowBytes(part, csv, json, firstJson)', () => {
  it('writes the CSV lines and JSON objects of an independent per-cell formatting, and the bytes of formatRows', () => {
    const t = table();
    const csv = new ByteSink(16); // tiny: every row grows it
    const json = new ByteSink(16);
    formatRowBytes(t, csv, json, true);
    const want = expected(t);
    expect(decoder.decode(csv.bytes())).toBe(want.csv);
    expect(decoder.decode(json.bytes())).toBe(want.json);
    const old = formatRows(t);
    expect(decoder.decode(csv.bytes())).toBe(old.csv);
    expect(decoder.decode(json.bytes())).toBe(old.json.join(',\n'));
  });

  it('formats slices past row 1,000 (sliced dictionary keys) and prefixes ,\\n when the JSON rows continue', () => {
    const t = table();
    for (const [from, to] of [[1000, 2000], [1993, 2500], [7, 8]]) {
      const part = t.slice(from, to);
      const csv = new ByteSink();
      const json = new ByteSink();
      formatRowBytes(part, csv, json, false);
      const want = expected(part);
      expect(decoder.decode(csv.bytes()), `rows ${from}..${to}`).toBe(want.csv);
      expect(decoder.decode(json.bytes()), `rows ${from}..${to}`).toBe(`,\n${want.json}`);
      expect(decoder.decode(csv.bytes())).not.toMatch(/undefined/);
    }
  });

  it('clear() empties the sink for the next batch', () => {
    const s = new ByteSink(4);
    s.text('ab,ü');
    expect(decoder.decode(s.bytes())).toBe('ab,ü');
    s.clear();
    expect(s.length).toBe(0);
    s.text('x');
    expect(decoder.decode(s.bytes())).toBe('x');
  });
});
