/** Telling long files (date, symbol, values...) from wide ones (date + one column per asset). */
import { DataType } from 'apache-arrow';
import { formatOf } from '../io/format.js';
import { decodeArrow } from '../io/arrowIpc.js';
import { decodeParquet } from '../io/parquet.js';
import { readFileBytes } from '../io/fsErrors.js';
import type { ReaderFlags } from './dataFile.js';

/** Does `path` hold long rows (a symbol column)? CSV: the header; Arrow / Parquet: the schema. */
export function isLong(path: string, f: ReaderFlags): boolean {
  if (f.layout === 'long') return true;
  if (f.layout === 'wide') return false;
  const format = formatOf('xmom data', path);
  if (format === 'csv') {
    const text = new TextDecoder().decode(readFileBytes('xmom data', path).subarray(0, 64 * 1024));
    const header = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
    return header.split(f.delimiter ?? ',').some((c) => c.trim().replace(/^"|"$/g, '').toLowerCase() === 'symbol');
  }
  const bytes = readFileBytes('xmom data', path);
  const table = format === 'arrow' ? decodeArrow('xmom data', bytes, path) : decodeParquet('xmom data', bytes, path);
  return table.schema.fields.some((x) => x.name.toLowerCase() === 'symbol' && !(DataType.isFloat(x.type) || DataType.isInt(x.type)));
}

