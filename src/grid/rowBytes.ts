/**
 * A grid's result rows written straight to bytes: the CSV lines and JSON objects of
 * `formatRows` (src/grid/output.ts), the same text, appended to two growable byte buffers
 * instead of built as strings (no per-cell strings kept, no line or join strings, no UTF-8
 * conversion of a whole batch when it is written). Numbers are formatted once with
 * `String` and copied to both buffers as ASCII; dictionary texts (schedule names) and the
 * JSON keys are encoded once per batch. Used by the streaming writer (resultWriter.ts).
 */
import { writeSync } from 'node:fs';
import { Type, type Table, type Vector } from 'apache-arrow';

const encoder = new TextEncoder();
const COMMA = 44;
const NEWLINE = 10;

/** A growable byte buffer: append, then hand `bytes()` to a write, then `clear()`. */
export class ByteSink {
  #buf: Uint8Array;
  #len = 0;

  constructor(capacity = 1 << 16) {
    this.#buf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.#len;
  }

  /** The bytes appended since the last `clear` (a view: valid until the next append). */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  clear(): void {
    this.#len = 0;
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = b;
  }

  raw(b: Uint8Array): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** Appends the decimal digits of the integer `x` (|x| < 1e15), as `String(x)` (-0 as 0). */
  integer(x: number): void {
    this.#reserve(17);
    const buf = this.#buf;
    let p = this.#len;
    if (x < 0) {
      buf[p++] = 45; // '-'
      x = -x;
    }
    let digits = 1;
    for (let y = x; y >= 10; y = Math.floor(y / 10)) digits++;
    for (let k = digits - 1; k >= 0; k--) {
      buf[p + k] = 48 + (x % 10);
      x = Math.floor(x / 10);
    }
    this.#len = p + digits;
  }

  /** Appends `s[from, to)`, ASCII only (number texts). */
  substring(s: string, from: number, to: number): void {
    this.#reserve(to - from);
    const buf = this.#buf;
    let p = this.#len;
    for (let i = from; i < to; i++) buf[p++] = s.charCodeAt(i);
    this.#len = p;
  }

  /** Appends `s` as UTF-8 (an ASCII fast path: number texts, names). */
  text(s: string): void {
    const n = s.length;
    this.#reserve(n);
    const buf = this.#buf;
    let p = this.#len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        this.#len = p;
        this.raw(encoder.encode(s.slice(i)));
        return;
      }
      buf[p++] = c;
    }
    this.#len = p;
  }
}

function csvText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (typeof v === 'bigint') return String(v);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function jsonText(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'bigint') return String(Number(v));
  return JSON.stringify(v ?? null);
}

/** How one column writes its cell r to both sinks. */
type CellWriter = (r: number, csv: ByteSink, json: ByteSink) => void;

/** Rows of a number column formatted by one `JSON.stringify`. */
const NUMBER_BLOCK = 256;

const NULL_BYTES = encoder.encode('null');

function columnWriter(v: Vector): CellWriter {
  const n = v.length;
  const id = v.type.typeId;
  if (v.nullCount === n) return (_r, _c, json) => json.raw(NULL_BYTES);
  if ((id === Type.Float || id === Type.Int) && v.nullCount === 0) {
    const a = v.toArray() as ArrayLike<number | bigint>;
    if (n > 0 && typeof a[0] !== 'bigint') return integral(a as ArrayLike<number>) ? integerColumn(a as ArrayLike<number>) : numberColumn(a as ArrayLike<number>);
    return (r, csv, json) => {
      const x = a[r];
      const t = String(x);
      csv.text(t);
      json.text(t);
    };
  }
  if (id === Type.Dictionary && v.nullCount === 0 && v.data.length === 1) {
    const chunk = v.data[0];
    const dict = chunk.dictionary!;
    const dc = Array.from({ length: dict.length }, (_, k) => encoder.encode(csvText(dict.get(k))));
    const dj = Array.from({ length: dict.length }, (_, k) => encoder.encode(jsonText(dict.get(k))));
    // A sliced chunk's `values` already start at its first row (Arrow JS slices the buffer).
    const idx = chunk.values as ArrayLike<number>;
    return (r, csv, json) => {
      const k = Number(idx[r]);
      csv.raw(dc[k]);
      json.raw(dj[k]);
    };
  }
  return (r, csv, json) => {
    const x = v.get(r) as unknown;
    csv.text(csvText(x));
    json.text(jsonText(x));
  };
}

/** Every cell an integer of at most 15 digits (ids, lookbacks, fee levels): written digit by digit. */
function integral(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (!(Math.trunc(x) === x && x < 1e15 && x > -1e15)) return false;
  }
  return true;
}

/** An integral column (see `integral`): the digits of each cell, as `String` writes them (-0 as 0). */
function integerColumn(a: ArrayLike<number>): CellWriter {
  return (row, csv, json) => {
    csv.integer(a[row]);
    json.integer(a[row]);
  };
}

/**
 * A number column's cells, formatted all at once: `JSON.stringify` of the column as an
 * array writes each finite number exactly as `String` does (ECMAScript Number::toString),
 * into one string, without a string per number. `String` per cell put every text into
 * V8's number-string cache, which kept it alive past the young generation: a 100,000-point
 * grid promoted ~1.3M short strings to the old space while writing (+25-40 MB of peak
 * memory). Non-finite cells (`null` in that text) are written as before: NaN empty in CSV,
 * +-Infinity as `Infinity` / `-Infinity` in CSV, all three `null` in JSON.
 */
function numberColumn(a: ArrayLike<number>): CellWriter {
  const n = a.length;
  // One block of rows at a time (rows are written in order), so the text stays small.
  let base = -NUMBER_BLOCK;
  let text = '';
  const block: number[] = [];
  const starts = new Int32Array(NUMBER_BLOCK + 1); // cell k of the block: text[starts[k], starts[k + 1] - 1)
  const load = (row: number): void => {
    base = row - (row % NUMBER_BLOCK);
    const m = Math.min(NUMBER_BLOCK, n - base);
    block.length = m;
    for (let k = 0; k < m; k++) block[k] = a[base + k];
    text = JSON.stringify(block);
    let k = 0;
    starts[0] = 1; // after '['
    for (let i = 1; i < text.length - 1 && k < m; i++) if (text.charCodeAt(i) === COMMA) starts[++k] = i + 1;
    starts[m] = text.length; // ']' ends the last cell
  };
  return (row, csv, json) => {
    const x = a[row];
    if (x === x && x !== Infinity && x !== -Infinity) {
      if (row < base || row >= base + NUMBER_BLOCK) load(row);
      const k = row - base;
      csv.substring(text, starts[k], starts[k + 1] - 1);
      json.substring(text, starts[k], starts[k + 1] - 1);
    } else {
      if (x === x) csv.text(x > 0 ? 'Infinity' : '-Infinity');
      json.raw(NULL_BYTES);
    }
  };
}

/**
 * Appends the rows of `part` to `csv` (lines, each newline-terminated) and `json` (objects
 * `  {"column":value,...}` joined by `,\n`, preceded by `,\n` unless `firstJson`): the same
 * bytes as `formatRows(part)` (its CSV text; its JSON objects joined). O(rows x columns).
 */
export function formatRowBytes(part: Table, csv: ByteSink, json: ByteSink, firstJson: boolean): void {
  const fields = part.schema.fields;
  const cells = fields.map((f) => columnWriter(part.getChild(f.name)!));
  const keys = fields.map((f, c) => encoder.encode(`${c === 0 ? '  {' : ','}${JSON.stringify(f.name)}:`));
  const sep = encoder.encode(',\n');
  for (let r = 0; r < part.numRows; r++) {
    if (r > 0 || !firstJson) json.raw(sep);
    for (let c = 0; c < cells.length; c++) {
      if (c > 0) csv.byte(COMMA);
      json.raw(keys[c]);
      cells[c](r, csv, json);
    }
    csv.byte(NEWLINE);
    json.byte(125); // '}'
  }
}

/** Writes all of `bytes` to `fd` (writeSync may write less than asked). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}
