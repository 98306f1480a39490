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

const NULL_BYTES = encoder.encode('null');

function columnWriter(v: Vector): CellWriter {
  const n = v.length;
  const id = v.type.typeId;
  if (v.nullCount === n) return (_r, _c, json) => json.raw(NULL_BYTES);
  if ((id === Type.Float || id === Type.Int) && v.nullCount === 0) {
    const a = v.toArray() as ArrayLike<number | bigint>;
    return (r, csv, json) => {
      const x = a[r];
      if (typeof x === 'bigint') {
        const t = String(x);
        csv.text(t);
        json.text(t);
      } else if (x === x) {
        const t = String(x);
        csv.text(t);
        if (Number.isFinite(x)) json.text(t);
        else json.raw(NULL_BYTES);
      } else {
        json.raw(NULL_BYTES);
      }
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
