/**
 * Recognising Arrow Tables and Vectors from any copy of apache-arrow (version 15 or
 * newer), not only the one xmom imports: a user's own apache-arrow is another module
 * with other classes, so `instanceof` fails across copies (apache-arrow 15-17 have no
 * cross-copy `Symbol.hasInstance`). These use Arrow's brand symbols where present
 * (`Symbol.for('apache-arrow/Table')`, from 18 on) and otherwise the structure every
 * version since 9 shares. Everything xmom reads from a Table (schema.fields, numRows,
 * getChildAt, a Vector's data chunks with values / offset / nullBitmap and typeId) has
 * the same shape in all of them.
 */
import {
  DateDay, DateMillisecond, DateUnit, TimeUnit, Timestamp, Type, Vector as ArrowVector, vectorFromArray,
} from 'apache-arrow';
import type { Table, Vector } from 'apache-arrow';

const TABLE_BRAND = Symbol.for('apache-arrow/Table');
const VECTOR_BRAND = Symbol.for('apache-arrow/Vector');

type Loose = Record<PropertyKey, unknown>;

/** True for an Arrow Table from any apache-arrow copy. */
export function isArrowTable(x: unknown): x is Table {
  if (x === null || typeof x !== 'object') return false;
  const o = x as Loose;
  if (o[TABLE_BRAND] === true) return true;
  const schema = o.schema as Loose | null | undefined;
  return Array.isArray(o.batches) && typeof o.numRows === 'number' && typeof o.getChildAt === 'function'
    && schema != null && Array.isArray(schema.fields);
}

/** True for an Arrow Vector from any apache-arrow copy. */
export function isArrowVector(x: unknown): x is Vector {
  if (x === null || typeof x !== 'object') return false;
  const o = x as Loose;
  if (o[VECTOR_BRAND] === true) return true;
  const type = o.type as Loose | null | undefined;
  return Array.isArray(o.data) && typeof o.length === 'number' && typeof o.get === 'function'
    && typeof o.toArray === 'function' && type != null && typeof type.typeId === 'number' && !isArrowTable(x);
}

/**
 * A one-column Table view of a Vector from any copy, enough for `Panel.fromArrow`
 * (schema.fields, numRows, getChildAt): building a real Table from a Vector of another
 * copy would fail that copy's checks.
 */
export function vectorAsTable(v: Vector, name: string): Table {
  return { schema: { fields: [{ name, type: v.type }] }, numRows: v.length, getChildAt: (i: number) => (i === 0 ? v : null) } as unknown as Table;
}

/**
 * `v` as a Vector of xmom's own apache-arrow (a Panel's index is written back into
 * tables of that copy): returned as is when it already is one; a date or timestamp
 * vector of another copy is rebuilt as epoch milliseconds (DateDay / DateMillisecond
 * kept, any Timestamp as TimestampMillisecond with its timezone; finer units lose their
 * sub-millisecond part); other types go through their values.
 */
export function ownVector(v: Vector): Vector {
  if (Function.prototype[Symbol.hasInstance].call(ArrowVector, v)) return v;
  const n = v.length;
  const type = v.type as unknown as { typeId: number; unit?: number; timezone?: string | null };
  const cells = Array.from({ length: n }, (_, i) => v.get(i) as unknown);
  const ms = (x: unknown): number | null => (x === null || x === undefined ? null : x instanceof Date ? x.getTime() : Number(x));
  if (type.typeId === Type.Date) {
    return vectorFromArray(cells.map((x) => { const t = ms(x); return t === null ? null : new Date(t); }), type.unit === DateUnit.DAY ? new DateDay() : new DateMillisecond());
  }
  if (type.typeId === Type.Timestamp) return vectorFromArray(cells.map(ms), new Timestamp(TimeUnit.MILLISECOND, type.timezone ?? null));
  return vectorFromArray(cells as never[]);
}
