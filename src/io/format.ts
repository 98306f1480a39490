import { extname } from 'node:path';
import { InputError } from '../errors.js';

/** File formats a panel can be read from and written to. */
export const FILE_FORMATS = ['csv', 'arrow', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/**
 * Extension -> format. `.arrow`, `.feather` (Feather v2 is the Arrow IPC file format),
 * `.ipc` and `.arrows` (the IPC stream format) are all Arrow IPC.
 */
export const EXTENSIONS: Readonly<Record<string, FileFormat>> = {
  '.csv': 'csv',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
  '.arrows': 'arrow',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The format of `path`: `override` when given, else from the extension (case-insensitive). */
export function formatOf(fn: string, path: string, override?: FileFormat): FileFormat {
  if (override !== undefined) {
    if (!FILE_FORMATS.includes(override)) {
      throw new InputError(`${fn}: format must be one of ${FILE_FORMATS.map((f) => `'${f}'`).join(', ')}, got ${JSON.stringify(override)}`);
    }
    return override;
  }
  const ext = extname(path).toLowerCase();
  const format = EXTENSIONS[ext];
  if (format === undefined) {
    throw new InputError(`${fn}: cannot tell the format of '${path}' from its extension '${ext}'; known extensions are ${Object.keys(EXTENSIONS).join(', ')} (or pass format)`);
  }
  return format;
}
